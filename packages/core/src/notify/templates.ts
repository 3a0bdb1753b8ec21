import type {
  Notification,
  NotificationItem,
  NotificationKind,
  NotificationLink,
} from "./notification.js";

/**
 * A notification laid out for reading, still as plain text: a notifier escapes every piece for
 * its target (mrkdwn, HTML, ADF…), so a template can never inject markup.
 */
export interface RenderedMessage {
  /** One-line title (a header, an email subject, a ticket summary). */
  title: string;
  /** Body paragraphs. */
  paragraphs: string[];
  /** Label/value pairs (severity, group…). */
  fields: Array<{
    /** What the value is. */
    label: string;
    /** The value. */
    value: string;
  }>;
  /** A list (a digest's alerts, a reminder's reviews). */
  items: NotificationItem[];
  /** Links, shown as buttons or links; the first is the main one. */
  links: NotificationLink[];
  /** A short line shown last, in small print where the target has it. */
  footer?: string;
}

/** Turns a notification into a {@link RenderedMessage}; must be pure. */
export type NotificationTemplate = (notification: Notification) => RenderedMessage;

/** One template per kind of notification. */
export type NotificationTemplates = Record<NotificationKind, NotificationTemplate>;

function paragraphsOf(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
}

function linksOf(notification: Notification): NotificationLink[] {
  const links: NotificationLink[] = [];
  if (notification.alert?.url) links.push({ label: "Open alert", url: notification.alert.url });
  if (notification.group?.url) links.push({ label: "Open group", url: notification.group.url });
  return [...links, ...(notification.links ?? [])];
}

function baseOf(notification: Notification): RenderedMessage {
  const fields: RenderedMessage["fields"] = [];
  if (notification.severity) fields.push({ label: "Severity", value: notification.severity });
  if (notification.group) {
    fields.push({ label: "Group", value: notification.group.name ?? notification.group.id });
  }
  if (notification.alert) fields.push({ label: "Alert", value: notification.alert.id });
  return {
    title: notification.title,
    paragraphs: paragraphsOf(notification.text),
    fields: [...fields, ...(notification.fields ?? [])],
    items: notification.items ?? [],
    links: linksOf(notification),
    footer: `sigreg · ${notification.tenant}`,
  };
}

/**
 * The templates used when a notifier is given none: the title as given (an alert's prefixed with
 * its severity), the text as paragraphs, severity/group/alert as fields, links to the alert and
 * the group first, and a `sigreg · <tenant>` footer.
 */
export const DEFAULT_TEMPLATES: Readonly<NotificationTemplates> = Object.freeze({
  alert: (notification: Notification) => {
    const message = baseOf(notification);
    const severity = notification.severity;
    return severity
      ? { ...message, title: `[${severity.toUpperCase()}] ${message.title}` }
      : message;
  },
  reminder: baseOf,
  digest: (notification: Notification) => {
    const message = baseOf(notification);
    const count = message.items.length;
    return {
      ...message,
      fields: [...message.fields, { label: "Items", value: String(count) }],
    };
  },
});

/**
 * Renders a notification with the template for its kind: the caller's override when given,
 * otherwise {@link DEFAULT_TEMPLATES}.
 * @example
 * renderNotification({ notification, templates: { alert: (n) => ({ ...DEFAULT_TEMPLATES.alert(n), footer: "ACME SOC" }) } });
 */
export function renderNotification(options: {
  notification: Notification;
  templates?: Partial<NotificationTemplates>;
}): RenderedMessage {
  const template = options.templates?.[options.notification.kind];
  return (template ?? DEFAULT_TEMPLATES[options.notification.kind])(options.notification);
}

/** A rendered message as plain text (email text parts, fallbacks); nothing to escape. */
export function renderPlainText(message: RenderedMessage): string {
  const blocks: string[] = [message.title, ...message.paragraphs];
  if (message.fields.length > 0) {
    blocks.push(message.fields.map((field) => `${field.label}: ${field.value}`).join("\n"));
  }
  if (message.items.length > 0) {
    blocks.push(
      message.items
        .map((item) =>
          [
            `- ${item.title}`,
            item.text ? ` (${item.text})` : "",
            item.url ? `\n  ${item.url}` : "",
          ].join(""),
        )
        .join("\n"),
    );
  }
  if (message.links.length > 0) {
    blocks.push(message.links.map((link) => `${link.label}: ${link.url}`).join("\n"));
  }
  if (message.footer) blocks.push(`-- \n${message.footer}`);
  return `${blocks.join("\n\n")}\n`;
}
