/** Ids of the built-in rules. They are part of the public API and never change meaning. */
export const RULE_IDS = [
  "register-never-reviewed",
  "register-review-overdue",
  "group-review-overdue",
  "group-owner-missing",
  "group-owner-unknown",
  "group-owner-inactive",
  "owner-no-recent-activity",
  "owner-overloaded",
  "group-dormant",
  "group-feed-broken",
  "membership-lapsed",
  "authority-in-register",
  "social-media-unformalised",
  "group-contact-missing",
  "group-relevance-undocumented",
  "alert-untriaged",
  "feedback-loop-missing",
  "information-silo",
  "coverage-gap",
  "group-low-relevance",
  "dora-membership-notice-missing",
] as const;

/** Id of a built-in rule. */
export type RuleId = (typeof RULE_IDS)[number];
