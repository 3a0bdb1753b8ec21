import { z } from "zod";
import {
  cadenceSchema,
  dateSchema,
  FORBIDDEN_KEYS,
  idSchema,
  textSchema,
  urlSchema,
} from "./common.js";
import { jurisdictionListSchema, topicsSchema } from "./topics.js";

/** Kinds of special interest group. `authority` is for regulators and police, which belong under A.5.5. */
export const GROUP_KINDS = [
  "professional-body",
  "government-cert",
  "isac",
  "technical-forum",
  "vendor-bulletin",
  "research-community",
  "standards-body",
  "social-media",
  "authority",
  "other",
] as const;
/** One of {@link GROUP_KINDS}. */
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Why the organisation is in contact with a group. */
export const GROUP_PURPOSES = [
  "threat-alerts",
  "vulnerability-advisories",
  "best-practice",
  "peer-discussion",
  "regulatory-horizon",
  "training",
] as const;
/** One of {@link GROUP_PURPOSES}. */
export type GroupPurpose = (typeof GROUP_PURPOSES)[number];

/** States of a membership. */
export const MEMBERSHIP_STATUSES = ["prospective", "active", "lapsed", "ended"] as const;
/** One of {@link MEMBERSHIP_STATUSES}. */
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** Formats a group's feed may be published in. */
export const FEED_FORMATS = ["rss", "atom", "json-feed", "cisa-kev", "other"] as const;

/** A social-media account the organisation watches. */
export const accountSchema = z.strictObject({
  platform: textSchema.describe("Platform: mastodon, bluesky, x, linkedin…"),
  handle: textSchema.describe("Account handle or URL."),
  watchedBy: idSchema.optional().describe("Person who watches this account."),
});
/** A watched social-media account. */
export type Account = z.infer<typeof accountSchema>;

/** A feed a group publishes. */
export const feedSchema = z.strictObject({
  url: urlSchema.describe("Feed URL."),
  format: z.enum(FEED_FORMATS).default("rss").describe("Feed format."),
});
/** A group's feed. */
export type Feed = z.infer<typeof feedSchema>;

/** The organisation's membership of a group. */
export const membershipSchema = z
  .strictObject({
    status: z.enum(MEMBERSHIP_STATUSES).describe("Membership state."),
    since: dateSchema.optional().describe("When the membership started (or the group was added)."),
    renewsOn: dateSchema.optional().describe("When the membership must be renewed."),
    endedOn: dateSchema.optional().describe("When the membership ended."),
    reference: textSchema.optional().describe("Membership number or contract reference."),
    annualCost: z
      .number()
      .nonnegative()
      .optional()
      .describe("Annual cost, in the organisation's currency."),
    authorityNotifiedOn: dateSchema
      .optional()
      .describe("When the competent authority was told of joining or leaving (DORA Art. 45(3))."),
  })
  .describe("Membership of the group.");
/** A membership. */
export type Membership = z.infer<typeof membershipSchema>;

/** Schema-free data that plugins may describe; keys that could reach a prototype are refused. */
export const extensionsSchema = z
  .record(
    z
      .string()
      .refine(
        (key) => !FORBIDDEN_KEYS.has(key),
        "expected a key other than __proto__, constructor or prototype",
      ),
    z.unknown(),
  )
  .describe("Plugin-defined fields.");

/** A special interest group: forum, professional body, CERT, ISAC, vendor bulletin or watched account. */
export const groupSchema = z
  .strictObject({
    id: idSchema,
    name: textSchema.describe("Name of the group."),
    kind: z.enum(GROUP_KINDS).describe("Kind of group."),
    url: urlSchema.optional().describe("Website."),
    contact: textSchema.optional().describe("Contact: email, portal, named liaison."),
    jurisdictions: jurisdictionListSchema
      .default([])
      .describe(
        "For CERTs, ISACs and national bodies: the countries (ISO 3166-1 alpha-2, or subdivisions) or EU they serve; UK is read as GB.",
      ),
    owner: idSchema.optional().describe("Person id of the named internal owner."),
    deputy: idSchema.optional().describe("Person id of the deputy owner."),
    purposes: z.array(z.enum(GROUP_PURPOSES)).default([]).describe("Why we are in contact."),
    topics: topicsSchema.default(() => ({
      sectors: [],
      technologies: [],
      regulations: [],
      riskThemes: [],
    })),
    relevance: textSchema
      .optional()
      .describe("Why the group is relevant to us (the relevance statement)."),
    informationExchanged: textSchema
      .optional()
      .describe("What information is exchanged, in each direction."),
    expectedCadence: cadenceSchema
      .optional()
      .describe("How often we expect to hear from the group."),
    flow: textSchema
      .optional()
      .describe("How information reaches the team (channel, ticket queue…)."),
    accounts: z
      .array(accountSchema)
      .default([])
      .describe("For social-media sources: the watched accounts."),
    feeds: z.array(feedSchema).default([]).describe("Feeds the group publishes."),
    membership: membershipSchema.optional(),
    lastReviewed: dateSchema.optional().describe("When this entry was last reviewed."),
    extensions: extensionsSchema.optional(),
  })
  .describe("A special interest group.");
/** A special interest group. */
export type Group = z.infer<typeof groupSchema>;
