import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import { ALERT_SEVERITIES } from "../model/alert.js";
import { type NotifyError, notifyError } from "./errors.js";

/** Kinds of event a notification can tell about; each has its own template. */
export const NOTIFICATION_KINDS = ["alert", "reminder", "digest"] as const;
/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
const text = z.string().trim().min(1, "expected non-empty text");
// Only http(s): a link ends up as an href in HTML email, Slack, Teams and Jira.
const link = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/** A link shown with a notification. */
export const notificationLinkSchema = z.strictObject({
  label: text.describe("What the link opens, for example `Advisory`."),
  url: link.describe("Where it points (http or https)."),
});

/** One line of a list (a digest's alerts, a reminder's reviews). */
export const notificationItemSchema = z.strictObject({
  title: text.describe("The item's title."),
  url: link.optional().describe("Where the item can be opened."),
  text: z.string().optional().describe("A short detail, for example a severity or a date."),
});

/** A recipient the notification is meant for. */
export const recipientSchema = z.strictObject({
  id: z.string().optional().describe("Person id in the register."),
  name: z.string().optional().describe("Display name."),
  email: z.email().optional().describe("Email address (used by email notifiers)."),
});

/**
 * What to say, independent of where it is said: a notifier turns it into a Slack message, an
 * email, a Jira issue… Every field is plain text; notifiers escape it for their target.
 */
export const notificationSchema = z.strictObject({
  kind: z.enum(NOTIFICATION_KINDS).describe("Kind of event; selects the template."),
  tenant: text.describe("Tenant the notification is about."),
  idempotencyKey: z
    .string()
    .regex(KEY_PATTERN, "expected letters, digits, '.', '_', ':' or '-' (at most 200)")
    .describe("Stable key of this notification: the same key is the same message (outbox id)."),
  title: text.describe("One-line title."),
  text: z.string().optional().describe("Body text; blank lines separate paragraphs."),
  severity: z.enum(ALERT_SEVERITIES).optional().describe("Severity, for alerts."),
  alert: z
    .strictObject({
      /** The alert's id. */
      id: text,
      /** The alert's title. */
      title: z.string().optional(),
      /** Where the alert can be opened. */
      url: link.optional(),
    })
    .optional()
    .describe("The alert the notification is about, with a link to it."),
  group: z
    .strictObject({
      /** The group's id. */
      id: text,
      /** The group's name. */
      name: z.string().optional(),
      /** Where the group can be opened. */
      url: link.optional(),
    })
    .optional()
    .describe("The group the alert came from, with a link to it."),
  fields: z
    .array(
      z.strictObject({
        /** What the value is. */
        label: text,
        /** The value. */
        value: z.string(),
      }),
    )
    .optional()
    .describe("Label/value pairs shown beside the text."),
  items: z.array(notificationItemSchema).optional().describe("A list, for digests and reminders."),
  links: z.array(notificationLinkSchema).optional().describe("Further links."),
  recipients: z.array(recipientSchema).optional().describe("Who it is meant for."),
});

/** A notification: see {@link notificationSchema}. */
export type Notification = z.infer<typeof notificationSchema>;
/** A link of a notification. */
export type NotificationLink = z.infer<typeof notificationLinkSchema>;
/** An item of a notification's list. */
export type NotificationItem = z.infer<typeof notificationItemSchema>;
/** A recipient of a notification. */
export type Recipient = z.infer<typeof recipientSchema>;

/**
 * Checks a notification before it is sent; every notifier calls it first, so a malformed one is
 * an `INVALID_MESSAGE` error (never retried) instead of a half-built request.
 */
export function validateNotification(options: {
  notifier: string;
  notification: unknown;
}): Result<Notification, NotifyError> {
  const parsed = notificationSchema.safeParse(options.notification);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "(notification)"}: ${issue.message}`)
    .join("; ");
  return err(
    notifyError({
      code: "INVALID_MESSAGE",
      notifier: options.notifier,
      message: `${options.notifier}: invalid notification: ${problems}`,
    }),
  );
}
