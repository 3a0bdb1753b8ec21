import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  type Activity,
  type Alert,
  activitySchema,
  alertSchema,
  DEFAULT_RELEVANCE_WEIGHTS,
  evaluate,
  type Group,
  groupSchema,
  type OrganisationProfile,
  organisationProfileSchema,
  type RelevanceScore,
  scoreGroup,
} from "../src/index.js";
import { buildRegister, day, daysBefore } from "./helpers/build.js";

const AS_OF = "2026-06-30";
const asOf = day(AS_OF);

const group = (input: z.input<typeof groupSchema>): Group => groupSchema.parse(input);
const profile = (input: z.input<typeof organisationProfileSchema>): OrganisationProfile =>
  organisationProfileSchema.parse(input);
const activity = (input: z.input<typeof activitySchema>): Activity => activitySchema.parse(input);
const alert = (input: z.input<typeof alertSchema>): Alert => alertSchema.parse(input);

const factor = (result: RelevanceScore, id: string) => {
  const found = result.factors.find((f) => f.id === id);
  if (found === undefined) throw new Error(`no factor ${id}`);
  return found;
};

const acme = profile({
  name: "Acme Bank",
  sectors: ["finance"],
  jurisdictions: ["GB"],
  technologies: ["aws/lambda", "postgresql", "kubernetes"],
  regulations: ["dora", "gdpr"],
  riskThemes: ["ransomware", "supply-chain"],
});

const fsIsacInput = {
  id: "fs-isac",
  name: "FS-ISAC",
  kind: "isac",
  jurisdictions: ["GB"],
  purposes: ["threat-alerts"],
  expectedCadence: "weekly",
  topics: {
    sectors: ["finance"],
    technologies: ["aws", "postgresql"],
    regulations: ["dora"],
    riskThemes: ["ransomware"],
  },
} satisfies z.input<typeof groupSchema>;
const fsIsac = group(fsIsacInput);

describe("scoreGroup", () => {
  it("returns a 0–100 score whose factor contributions add up to it", () => {
    const cases: [Group, OrganisationProfile][] = [
      [fsIsac, acme],
      [group({ id: "x", name: "X", kind: "other" }), acme],
      [group({ id: "y", name: "Y", kind: "authority" }), profile({ name: "Empty" })],
      [group({ id: "z", name: "Z", kind: "social-media", topics: { sectors: ["health"] } }), acme],
    ];
    for (const [g, p] of cases) {
      const result = scoreGroup(g, p, { asOf });
      expect(Number.isInteger(result.score)).toBe(true);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
      const sum = result.factors.reduce((total, f) => total + f.contribution, 0);
      expect(Math.abs(sum - result.score)).toBeLessThanOrEqual(0.5);
      expect(result.factors.map((f) => f.id)).toEqual([
        "sectors",
        "technologies",
        "regulations",
        "riskThemes",
        "kind",
        "signal",
      ]);
    }
  });

  it("scores a well-matched group higher than an off-topic one", () => {
    const offTopic = group({
      id: "knit",
      name: "Knitters",
      kind: "other",
      topics: { sectors: ["textiles"], technologies: ["cobol"] },
    });
    const good = scoreGroup(fsIsac, acme, { asOf }).score;
    const bad = scoreGroup(offTopic, acme, { asOf }).score;
    expect(good).toBeGreaterThan(60);
    expect(bad).toBeLessThan(30);
  });

  it("names the matched topics in the reasons", () => {
    const result = scoreGroup(fsIsac, acme, { asOf });
    const technologies = factor(result, "technologies");
    // aws covers our aws/lambda; postgresql matches; kubernetes does not.
    expect(technologies.reason).toContain("aws/lambda");
    expect(technologies.reason).toContain("postgresql");
    expect(technologies.reason).not.toContain("kubernetes");
    expect(technologies.value).toBe(1);
    expect(factor(result, "sectors").reason).toContain("finance");
    expect(factor(result, "regulations").reason).toContain("dora");
    expect(factor(result, "regulations").reason).not.toContain("gdpr");
    expect(factor(result, "regulations").value).toBe(0.5);
    expect(factor(result, "riskThemes").reason).toContain("ransomware");
  });

  it("explains a dimension where nothing matches", () => {
    const result = scoreGroup(
      group({ id: "h", name: "Health ISAC", kind: "isac", topics: { sectors: ["health"] } }),
      acme,
      { asOf },
    );
    expect(factor(result, "sectors").value).toBe(0);
    expect(factor(result, "sectors").reason).toMatch(/none/);
    expect(factor(result, "sectors").contribution).toBe(0);
  });

  it("gives a general group (no topics in a dimension) half credit", () => {
    const result = scoreGroup(group({ id: "g", name: "General", kind: "other" }), acme, { asOf });
    expect(factor(result, "sectors").value).toBe(0.5);
    expect(factor(result, "sectors").applicable).toBe(true);
  });

  it("makes a topic factor not applicable when the profile lists nothing for it", () => {
    const noRegulations = profile({ ...acme, regulations: [] });
    const withRegs = group({
      ...fsIsacInput,
      topics: { ...fsIsacInput.topics, regulations: ["hipaa"] },
    });
    const withoutRegs = group({
      ...fsIsacInput,
      topics: { ...fsIsacInput.topics, regulations: [] },
    });
    const a = scoreGroup(withRegs, noRegulations, { asOf });
    const b = scoreGroup(withoutRegs, noRegulations, { asOf });
    const regulations = factor(a, "regulations");
    expect(regulations.applicable).toBe(false);
    expect(regulations.contribution).toBe(0);
    expect(regulations.reason).toContain("no regulation");
    // The group's own regulations make no difference when we list none.
    expect(a.score).toBe(b.score);
    // And the other factors share out the whole 100.
    const sum = a.factors.reduce((total, f) => total + f.contribution, 0);
    expect(Math.abs(sum - a.score)).toBeLessThanOrEqual(0.5);

    // With the regulation listed, the same group's hipaa counts against it.
    expect(factor(scoreGroup(withRegs, acme, { asOf }), "regulations").applicable).toBe(true);
    expect(scoreGroup(withRegs, acme, { asOf }).score).toBeLessThan(a.score);
  });

  it("uses configurable weights: technologies only gives the technology match alone", () => {
    const weights = {
      sectors: 0,
      technologies: 100,
      regulations: 0,
      riskThemes: 0,
      kind: 0,
      signal: 0,
    };
    // One of three technologies matched out of the two needed for full credit: 0.5.
    const halfTech = group({
      id: "pg",
      name: "PostgreSQL",
      kind: "vendor-bulletin",
      topics: { technologies: ["postgres"], sectors: ["finance"] },
    });
    const techOnly = scoreGroup(halfTech, acme, { asOf }, { weights });
    expect(techOnly.score).toBe(50);
    expect(factor(techOnly, "technologies").contribution).toBe(50);
    expect(factor(techOnly, "sectors").contribution).toBe(0);
    expect(factor(techOnly, "technologies").weight).toBe(100);

    const byDefault = scoreGroup(halfTech, acme, { asOf });
    expect(byDefault.score).not.toBe(techOnly.score);
    expect(factor(byDefault, "technologies").weight).toBe(DEFAULT_RELEVANCE_WEIGHTS.technologies);

    // A partial override keeps the other defaults.
    const partial = scoreGroup(halfTech, acme, { asOf }, { weights: { kind: 0 } });
    expect(factor(partial, "kind").contribution).toBe(0);
    expect(factor(partial, "sectors").weight).toBe(DEFAULT_RELEVANCE_WEIGHTS.sectors);
  });

  it("refuses a weight that is not a number of 0 or more, or a factor that does not exist, naming it", () => {
    const halfTech = group({ id: "pg", name: "PostgreSQL", kind: "vendor-bulletin" });
    expect(() => scoreGroup(halfTech, acme, { asOf }, { weights: { kind: -1 } })).toThrow(
      /^invalid relevance weights: weights\.kind: .*>=0/,
    );
    expect(() => scoreGroup(halfTech, acme, { asOf }, { weights: { signal: Number.NaN } })).toThrow(
      /weights\.signal: Invalid input: expected number, received NaN/,
    );
    expect(() => scoreGroup(halfTech, acme, { asOf }, { weights: { tech: 40 } as never })).toThrow(
      /weights: Unrecognized key: "tech"/,
    );
    expect(() =>
      evaluate(buildRegister({ groups: [] }), { asOf, weights: { sectors: -5 } }),
    ).toThrow(/weights\.sectors/);
  });

  describe("signal", () => {
    const monthly = group({ ...fsIsacInput, expectedCadence: "monthly" });
    // Six items in 180 days is exactly the monthly cadence.
    const onCadence = [0, 30, 60, 90, 120, 150].map((ago) =>
      activity({ group: "fs-isac", date: daysBefore(AS_OF, ago), type: "newsletter" }),
    );

    it("scores activity matching the expected cadence higher than none", () => {
      const silent = scoreGroup(monthly, acme, { asOf });
      const active = scoreGroup(monthly, acme, { asOf, activities: onCadence });
      expect(factor(silent, "signal").value).toBe(0);
      expect(factor(active, "signal").value).toBe(1);
      expect(factor(active, "signal").reason).toContain("6 item(s)");
      expect(active.score).toBeGreaterThan(silent.score);
    });

    it("scores half the cadence in between", () => {
      const half = scoreGroup(monthly, acme, { asOf, activities: onCadence.slice(0, 3) });
      expect(factor(half, "signal").value).toBe(0.5);
    });

    it("ignores other groups' activity and activity outside the window", () => {
      const others = onCadence.map((a) => ({ ...a, group: "someone-else" }));
      const old = [200, 230, 260].map((ago) =>
        activity({ group: "fs-isac", date: daysBefore(AS_OF, ago), type: "newsletter" }),
      );
      const future = [
        activity({ group: "fs-isac", date: daysBefore(AS_OF, -3), type: "newsletter" }),
      ];
      const result = scoreGroup(monthly, acme, {
        asOf,
        activities: [...others, ...old, ...future],
      });
      expect(factor(result, "signal").value).toBe(0);
    });

    it("rises with the share of alerts that led to an action (no-action does not count)", () => {
      const alerts = (acted: number) =>
        [1, 2, 3, 4, 5, 6].map((n) =>
          alert({
            id: `a${n}`,
            group: "fs-isac",
            title: `Alert ${n}`,
            received: daysBefore(AS_OF, n * 20),
            state: "actioned",
            actions: n <= acted ? [{ type: "ticket" }] : [{ type: "no-action" }],
          }),
        );
      const none = scoreGroup(monthly, acme, { asOf, alerts: alerts(0) });
      const half = scoreGroup(monthly, acme, { asOf, alerts: alerts(3) });
      const all = scoreGroup(monthly, acme, { asOf, alerts: alerts(6) });
      expect(factor(none, "signal").value).toBeCloseTo(0.6, 5);
      expect(factor(half, "signal").value).toBeCloseTo(0.8, 5);
      expect(factor(all, "signal").value).toBeCloseTo(1, 5);
      expect(factor(half, "signal").reason).toContain("3 of 6 alert(s) led to action");
      expect(half.score).toBeGreaterThan(none.score);
      expect(all.score).toBeGreaterThan(half.score);
    });
  });

  describe("kind", () => {
    it("values a government CERT that serves none of our jurisdictions lower", () => {
      const ncsc = {
        id: "ncsc",
        name: "NCSC",
        kind: "government-cert",
        jurisdictions: ["GB"],
      } satisfies z.input<typeof groupSchema>;
      const ours = group(ncsc);
      const foreign = group({ ...ncsc, id: "cert-fr", name: "CERT-FR", jurisdictions: ["FR"] });
      const servesUs = scoreGroup(ours, acme, { asOf });
      const servesOthers = scoreGroup(foreign, acme, { asOf });
      expect(factor(servesUs, "kind").value).toBe(0.9);
      expect(factor(servesOthers, "kind").value).toBeCloseTo(0.27, 5);
      expect(factor(servesOthers, "kind").reason).toContain("serves none of our jurisdictions");
      expect(servesOthers.score).toBeLessThan(servesUs.score);
    });

    it("counts an EU CERT as serving an organisation in DE", () => {
      const de = profile({ name: "GmbH", jurisdictions: ["DE"] });
      const certEu = group({
        id: "cert-eu",
        name: "CERT-EU",
        kind: "government-cert",
        jurisdictions: ["EU"],
      });
      expect(factor(scoreGroup(certEu, de, { asOf }), "kind").value).toBe(0.9);
    });

    it("adds purposes as a bonus, capped at 1", () => {
      const forum = { id: "f", name: "Forum", kind: "technical-forum" } as const;
      const plain = group(forum);
      const withPurposes = group({ ...forum, purposes: ["best-practice", "training"] });
      expect(factor(scoreGroup(plain, acme, { asOf }), "kind").value).toBe(0.7);
      expect(factor(scoreGroup(withPurposes, acme, { asOf }), "kind").value).toBe(0.8);
      const capped = group({
        ...fsIsacInput,
        purposes: ["threat-alerts", "vulnerability-advisories", "peer-discussion"],
      });
      expect(factor(scoreGroup(capped, acme, { asOf }), "kind").value).toBe(1);
    });

    it("gives an authority nothing for its kind, purposes notwithstanding", () => {
      const authority = group({
        id: "ico",
        name: "ICO",
        kind: "authority",
        purposes: ["regulatory-horizon"],
      });
      expect(factor(scoreGroup(authority, acme, { asOf }), "kind").value).toBe(0);
    });
  });

  it("is deterministic and does not mutate its inputs", () => {
    const history = {
      asOf,
      activities: [activity({ group: "fs-isac", date: daysBefore(AS_OF, 3), type: "meeting" })],
    };
    const before = structuredClone({ fsIsac, acme, history });
    const first = scoreGroup(fsIsac, acme, history);
    const second = scoreGroup(fsIsac, acme, history);
    expect(second).toEqual(first);
    expect({ fsIsac, acme, history }).toEqual(before);
  });
});
