import { alertUntriaged, feedbackLoopMissing, informationSilo } from "./alerts.js";
import { coverageGap } from "./coverage.js";
import { doraMembershipNoticeMissing, groupDormant, membershipLapsed } from "./engagement.js";
import { groupFeedBroken } from "./feeds.js";
import {
  authorityInRegister,
  groupContactMissing,
  groupLowRelevance,
  groupRelevanceUndocumented,
  socialMediaUnformalised,
} from "./hygiene.js";
import type { RuleId } from "./ids.js";
import {
  groupOwnerInactive,
  groupOwnerMissing,
  groupOwnerUnknown,
  ownerNoRecentActivity,
  ownerOverloaded,
} from "./ownership.js";
import { groupReviewOverdue, registerNeverReviewed, registerReviewOverdue } from "./review.js";
import type { Rule } from "./types.js";

/** The built-in rules, in the order their findings are reported. */
export const builtinRules: readonly (Rule & {
  /** One of the built-in rule ids. */
  id: RuleId;
})[] = [
  registerNeverReviewed,
  registerReviewOverdue,
  groupReviewOverdue,
  groupOwnerMissing,
  groupOwnerUnknown,
  groupOwnerInactive,
  ownerNoRecentActivity,
  ownerOverloaded,
  groupDormant,
  groupFeedBroken,
  membershipLapsed,
  authorityInRegister,
  socialMediaUnformalised,
  groupContactMissing,
  groupRelevanceUndocumented,
  alertUntriaged,
  feedbackLoopMissing,
  informationSilo,
  coverageGap,
  groupLowRelevance,
  doraMembershipNoticeMissing,
];

export { type CoverageGap, coverageGaps } from "./coverage.js";
export { RULE_IDS, type RuleId } from "./ids.js";
export {
  A56,
  defineRule,
  liveGroupHits,
  type Rule,
  type RuleContext,
  type RuleHit,
} from "./types.js";
