import { z } from "zod";
import { actionSchema } from "./activity.js";
import { dateSchema, idSchema, textSchema, urlSchema } from "./common.js";

/** Alert severities, most severe first. */
export const ALERT_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
/** Triage states of an alert. */
export const ALERT_STATES = ["new", "triaged", "actioned", "dismissed"] as const;

/** Where an alert was shared inside the organisation. */
export const shareSchema = z.strictObject({
  channel: textSchema.describe("Team channel, mailing list or meeting."),
  on: dateSchema.describe("When it was shared."),
  deliveryId: textSchema
    .optional()
    .describe(
      "The delivery's id when sigreg posted it (the target's id, or the outbox message id).",
    ),
});
/** A share of an alert. */
export type Share = z.infer<typeof shareSchema>;

/** A ticket opened for an alert, and its state as last read back from its system. */
export const ticketSchema = z.strictObject({
  system: textSchema.describe("Ticket system or notifier name, for example `jira`."),
  key: textSchema.describe("The ticket's key, for example `SEC-42`."),
  url: urlSchema.optional().describe("Where the ticket is opened."),
  status: textSchema.optional().describe("Its status as the system names it, for example `Done`."),
  opened: dateSchema.describe("When it was opened."),
  closed: dateSchema.optional().describe("When it was found closed."),
});
/** A ticket of an alert. */
export type Ticket = z.infer<typeof ticketSchema>;

const cveSchema = z
  .string()
  .trim()
  .regex(/^CVE-\d{4}-\d{4,}$/i, "expected a CVE id such as CVE-2024-3094")
  .transform((value) => value.toUpperCase());

/** What a dismissed alert without a reason is told. @internal */
export const DISMISSED_REASON_REQUIRED = "expected a reason for a dismissed alert";

/** Where an ingested alert came from, so a later run can find it again and notice an edit. */
export const alertSourceSchema = z
  .strictObject({
    feed: textSchema.describe("URL (or name) of the feed the item came from."),
    itemId: textSchema.describe("The item's id in its feed: its guid, id or link."),
    updated: dateSchema.optional().describe("The item's own last-updated date, when it gives one."),
    hash: z
      .string()
      .regex(/^[0-9a-f]{16,128}$/, "expected a hex digest")
      .describe("Digest of the item's content, to notice an edit without an updated date."),
  })
  .describe("The feed item an alert was ingested from.");
/** The feed item an alert was ingested from. */
export type AlertSource = z.infer<typeof alertSourceSchema>;

/** How relevant an alert is to the organisation, as scored when it was ingested. */
export const alertRelevanceSchema = z
  .strictObject({
    score: z.number().min(0).max(100).describe("Relevance, 0–100."),
    push: z.boolean().describe("Whether the score reached the routing threshold."),
    reasons: z.array(textSchema).default([]).describe("Why, one sentence per factor that counted."),
  })
  .describe("Relevance of the alert.");
/** Relevance of an alert. */
export type AlertRelevance = z.infer<typeof alertRelevanceSchema>;

/** Intelligence from a group that needs triage. */
export const alertSchema = z
  .strictObject({
    id: idSchema,
    group: idSchema.describe("Group id of the source."),
    title: textSchema.describe("Title."),
    url: urlSchema.optional().describe("Link to the advisory."),
    received: dateSchema.describe("When it was received."),
    severity: z.enum(ALERT_SEVERITIES).default("medium").describe("Severity."),
    cves: z.array(cveSchema).default([]).describe("CVE ids."),
    state: z.enum(ALERT_STATES).default("new").describe("Triage state."),
    triagedBy: idSchema.optional().describe("Person id of who triaged it."),
    triagedOn: dateSchema.optional().describe("When it was triaged."),
    sharedTo: z.array(shareSchema).default([]).describe("Team channels it was shared to."),
    actions: z.array(actionSchema).default([]).describe("Actions taken."),
    tickets: z.array(ticketSchema).default([]).describe("Tickets opened for it."),
    dismissedReason: textSchema.optional().describe("Why it was dismissed."),
    summary: textSchema.optional().describe("Short description of the advisory."),
    products: z
      .array(textSchema)
      .optional()
      .describe("Affected vendors or products, as the source names them (`vendor/product`)."),
    categories: z
      .array(textSchema)
      .optional()
      .describe(
        "Categories or tags the source gives it (an RSS or Atom `category`, a JSON Feed tag, KEV's CWE ids); relevance reads them as it reads the title.",
      ),
    dueDate: dateSchema.optional().describe("Remediation due date the source sets (CISA KEV)."),
    ransomware: z
      .boolean()
      .optional()
      .describe("Whether the source knows of use in ransomware campaigns (CISA KEV)."),
    source: alertSourceSchema.optional(),
    relevance: alertRelevanceSchema.optional(),
  })
  .superRefine((alert, ctx) => {
    if (alert.state === "dismissed" && alert.dismissedReason === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["dismissedReason"],
        message: DISMISSED_REASON_REQUIRED,
      });
    }
  })
  .describe("An alert.");
/** An alert. */
export type Alert = z.infer<typeof alertSchema>;
