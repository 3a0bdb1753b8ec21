export {
  ACTION_TYPES,
  ACTIVITY_TYPES,
  type Action,
  type Activity,
  actionSchema,
  activitySchema,
} from "./activity.js";
export {
  ALERT_SEVERITIES,
  ALERT_STATES,
  type Alert,
  type AlertRelevance,
  type AlertSource,
  alertRelevanceSchema,
  alertSchema,
  alertSourceSchema,
  type Share,
  shareSchema,
  type Ticket,
  ticketSchema,
} from "./alert.js";
export {
  CADENCE_DAYS,
  CADENCES,
  type Cadence,
  cadenceSchema,
  dateSchema,
  idSchema,
} from "./common.js";
export {
  type Finding,
  findingSchema,
  SEVERITIES,
  type Severity,
  SUBJECT_TYPES,
  severityRank,
  severitySchema,
} from "./finding.js";
export {
  type Account,
  accountSchema,
  FEED_FORMATS,
  type Feed,
  feedSchema,
  GROUP_KINDS,
  GROUP_PURPOSES,
  type Group,
  type GroupKind,
  type GroupPurpose,
  groupSchema,
  MEMBERSHIP_STATUSES,
  type Membership,
  type MembershipStatus,
  membershipSchema,
} from "./group.js";
export { type Person, personSchema } from "./person.js";
export {
  DEFAULT_POLICY,
  type Policy,
  type PolicyInput,
  policySchema,
  ruleOverrideSchema,
} from "./policy.js";
export { type OrganisationProfile, organisationProfileSchema } from "./profile.js";
export { type Register, type RegisterInput, registerSchema } from "./register.js";
export { REVIEW_DECISIONS, type Review, reviewSchema } from "./review.js";
export {
  EU_MEMBER_STATES,
  jurisdictionCovers,
  normaliseTechnology,
  TECHNOLOGY_ALIASES,
  type Topics,
  topicMatches,
  topicsSchema,
  toToken,
} from "./topics.js";
