import { ERROR_CODES, type RegisterIssue } from "../errors.js";
import { DISMISSED_REASON_REQUIRED } from "../model/alert.js";
import { RULE_IDS } from "../rules/ids.js";
import type { DocPath } from "./path.js";
import type { SourceDocument } from "./source.js";
import { at } from "./zod-issues.js";

type Raw = Record<string, unknown>;

const KNOWN_RULES: ReadonlySet<string> = new Set(RULE_IDS);

/**
 * Checks ids and references on the raw document, so that they are reported together with schema
 * problems: duplicate ids, and owners, groups, reviewers that the register does not define.
 * @internal
 */
export function checkReferences(data: unknown, doc: SourceDocument | undefined): RegisterIssue[] {
  if (!isRecord(data)) return [];
  const issues: RegisterIssue[] = [];
  const ids = (collection: string) => {
    const seen = new Map<string, number>();
    list(data[collection]).forEach((item, index) => {
      const id = isRecord(item) ? item.id : undefined;
      if (typeof id !== "string") return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, index);
      else issues.push(duplicateIdIssue(doc, collection, index, id, first));
    });
    return new Set(seen.keys());
  };
  const people = ids("people");
  const groups = ids("groups");
  ids("alerts");
  ids("activities");

  const expect = (path: DocPath, value: unknown, known: Set<string>, what: "person" | "group") => {
    if (typeof value !== "string" || known.has(value)) return;
    const where = what === "person" ? "people" : "groups";
    issues.push(
      at(
        doc,
        path,
        "value",
        `unknown ${what} "${value}": expected the id of an entry in ${where}`,
        ERROR_CODES.UNKNOWN_REFERENCE,
      ),
    );
  };

  list(data.groups).forEach((group, index) => {
    if (!isRecord(group)) return;
    expect(["groups", index, "owner"], group.owner, people, "person");
    expect(["groups", index, "deputy"], group.deputy, people, "person");
    if (isRecord(group.extensions) && Object.hasOwn(group.extensions, "__proto__")) {
      issues.push(
        at(
          doc,
          ["groups", index, "extensions", "__proto__"],
          "key",
          "expected a key other than __proto__, constructor or prototype",
        ),
      );
    }
    list(group.accounts).forEach((account, position) => {
      if (isRecord(account))
        expect(
          ["groups", index, "accounts", position, "watchedBy"],
          account.watchedBy,
          people,
          "person",
        );
    });
  });
  list(data.activities).forEach((activity, index) => {
    if (!isRecord(activity)) return;
    expect(["activities", index, "group"], activity.group, groups, "group");
    expect(["activities", index, "by"], activity.by, people, "person");
  });
  list(data.alerts).forEach((alert, index) => {
    if (!isRecord(alert)) return;
    expect(["alerts", index, "group"], alert.group, groups, "group");
    expect(["alerts", index, "triagedBy"], alert.triagedBy, people, "person");
    // Also enforced by the alert schema, which only runs it once the rest of the alert is valid;
    // checked here too so that it is reported together with the alert's other problems.
    if (alert.state === "dismissed" && alert.dismissedReason === undefined) {
      issues.push(
        at(doc, ["alerts", index, "dismissedReason"], "value", DISMISSED_REASON_REQUIRED),
      );
    }
  });
  list(data.reviews).forEach((review, index) => {
    if (!isRecord(review)) return;
    expect(["reviews", index, "reviewer"], review.reviewer, people, "person");
    list(review.scope).forEach((group, position) => {
      expect(["reviews", index, "scope", position], group, groups, "group");
    });
    list(review.decisions).forEach((decision, position) => {
      if (isRecord(decision))
        expect(["reviews", index, "decisions", position, "group"], decision.group, groups, "group");
    });
  });
  const policy = data.policy;
  if (isRecord(policy) && isRecord(policy.rules)) {
    for (const ruleId of Object.keys(policy.rules)) {
      if (!KNOWN_RULES.has(ruleId))
        issues.push(
          at(
            doc,
            ["policy", "rules", ruleId],
            "key",
            `unknown rule "${ruleId}": expected one of the rule ids (sigreg rules lists them)`,
          ),
        );
    }
  }
  return issues;
}

/**
 * The issue of an id used twice in one list (`collection[index]`, already used by
 * `collection[first]`), at the second use. The engine's bulk writes report it in the same words.
 * @internal
 */
export function duplicateIdIssue(
  doc: SourceDocument | undefined,
  collection: string,
  index: number,
  id: string,
  first: number,
): RegisterIssue {
  return at(
    doc,
    [collection, index, "id"],
    "value",
    `duplicate id "${id}": already used by ${collection}[${first}]`,
    ERROR_CODES.DUPLICATE_ID,
  );
}

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
