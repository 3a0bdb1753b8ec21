/** The two passes the evaluate benchmark compares, and the day they evaluate for. */
import { evaluate, type Register } from "@sigreg/core";
import { registersOf } from "./generate.js";
import { collect, time } from "./lib.js";

/** The day every benchmark register is evaluated for. */
export const AS_OF = new Date("2026-06-30T00:00:00Z");
/** Seed of the generated workloads. */
export const SEED = 0x5156; // "A.5.6"

/** The `--quick` workload's 1,000 registers (1/10 of the full one), for the evaluate diagnostics. */
export function quickRegisters(): Register[] {
  return [
    ...registersOf({
      registers: 1000,
      groupsPerRegister: 40,
      activities: 200_000,
      alerts: 50_000,
      seed: SEED,
      asOf: AS_OF,
    }),
  ];
}

/**
 * The baseline: the cheapest pass that still reads every field of every record that the rules, the
 * relevance score and the KPIs read. For every register, once:
 *  - every group: `id`, `kind`, `owner`, `url`, `contact`, `relevance`, `expectedCadence`,
 *    `lastReviewed`, the lengths of `purposes`, `jurisdictions`, `accounts` and of the four topic
 *    lists, and `membership` (`status`, `since`, `renewsOn`, `endedOn`, `authorityNotifiedOn`);
 *  - every activity: `group`, `date`, `by`, and the length of `actions`;
 *  - every alert: `group`, `received`, `state`, `triagedOn`, and the lengths of `sharedTo`,
 *    `actions` and `tickets`.
 * Nested lists are read to their length, not walked: the evaluation walks them only for records in
 * a window. Times are summed into a float and string lengths, list lengths and presence tests into
 * an int32 checksum, which is returned so the JIT cannot drop the loop. No Map lookup, no
 * allocation, no per-group grouping: a lower bound on one pass over the data, not a minimal
 * implementation of the rules.
 */
export function baselinePass(registers: readonly Register[]): number {
  let times = 0;
  let tally = 0;
  for (const register of registers) {
    for (const group of register.groups) {
      const topics = group.topics;
      tally =
        (tally +
          group.id.length +
          group.kind.length +
          (group.owner === undefined ? 0 : group.owner.length) +
          (group.url === undefined ? 0 : 1) +
          (group.contact === undefined ? 0 : 2) +
          (group.relevance === undefined ? 0 : 4) +
          (group.expectedCadence === undefined ? 0 : group.expectedCadence.length) +
          group.purposes.length +
          group.jurisdictions.length +
          group.accounts.length +
          topics.sectors.length +
          topics.technologies.length +
          topics.regulations.length +
          topics.riskThemes.length) |
        0;
      const reviewed = group.lastReviewed;
      if (reviewed !== undefined) times += reviewed.getTime();
      const membership = group.membership;
      if (membership !== undefined) {
        tally = (tally + membership.status.length) | 0;
        if (membership.since !== undefined) times += membership.since.getTime();
        if (membership.renewsOn !== undefined) times += membership.renewsOn.getTime();
        if (membership.endedOn !== undefined) times += membership.endedOn.getTime();
        if (membership.authorityNotifiedOn !== undefined)
          times += membership.authorityNotifiedOn.getTime();
      }
    }
    for (const activity of register.activities) {
      times += activity.date.getTime();
      const by = activity.by;
      tally =
        (tally +
          activity.group.length +
          (by === undefined ? 0 : by.length) +
          activity.actions.length) |
        0;
    }
    for (const alert of register.alerts) {
      times += alert.received.getTime();
      const triagedOn = alert.triagedOn;
      if (triagedOn !== undefined) times += triagedOn.getTime();
      tally =
        (tally +
          alert.group.length +
          (alert.state === "new" ? 1 : 0) +
          alert.sharedTo.length +
          alert.actions.length +
          alert.tickets.length) |
        0;
    }
  }
  return (times % 1_000_000_007) + tally;
}

/** The measured work: `evaluate` on every register; the findings are counted into the checksum. */
export function evaluatePass(registers: readonly Register[], asOf: Date): number {
  let findings = 0;
  for (const register of registers) findings += evaluate(register, { asOf }).findings.length;
  return findings;
}

/**
 * Timed samples of both passes over one workload. A baseline pass at small sizes lasts a few ms, so
 * each baseline sample averages enough back-to-back passes to last ~200 ms and timer noise does not
 * dominate it. Every sample starts after a gc; both passes are checked for determinism.
 */
export function passSampler(
  registers: readonly Register[],
  warmBaselineMs: number,
  findings: number,
) {
  const baselineInner = Math.max(1, Math.ceil(200 / Math.max(1, warmBaselineMs)));
  const baselineMs: number[] = [];
  const evaluateMs: number[] = [];
  let baselineChecksum: number | undefined;
  const runBaseline = () => {
    collect();
    const { ms: elapsed, value } = time(() => {
      let checksum = 0;
      for (let pass = 0; pass < baselineInner; pass++) checksum = baselinePass(registers);
      return checksum;
    });
    if (baselineChecksum !== undefined && value !== baselineChecksum)
      throw new Error("baseline checksum changed between repetitions");
    baselineChecksum = value;
    baselineMs.push(elapsed / baselineInner);
  };
  const runEvaluate = () => {
    collect();
    const { ms: elapsed, value } = time(() => evaluatePass(registers, AS_OF));
    if (value !== findings)
      throw new Error("evaluation is not deterministic: findings count changed");
    evaluateMs.push(elapsed);
  };
  return { baselineInner, baselineMs, evaluateMs, runBaseline, runEvaluate };
}
