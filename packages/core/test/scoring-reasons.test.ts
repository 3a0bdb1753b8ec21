import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  activitySchema,
  alertSchema,
  evaluate,
  type Group,
  groupSchema,
  type OrganisationProfile,
  organisationProfileSchema,
  type RelevanceScore,
  scoreGroup,
} from "../src/index.js";
import { buildRegister, day, daysBefore } from "./helpers/build.js";

// The reasons are built from text formatted once (per kind, per topic dimension, per cadence of the
// default window, per purpose bonus); these pin every variant of each reason to its words.

const AS_OF = "2026-06-30";
const asOf = day(AS_OF);

const group = (input: z.input<typeof groupSchema>): Group => groupSchema.parse(input);
const acme: OrganisationProfile = organisationProfileSchema.parse({
  name: "Acme Bank",
  sectors: ["finance"],
  jurisdictions: ["GB"],
  technologies: ["aws/lambda", "postgresql", "kubernetes"],
  regulations: ["dora", "gdpr"],
  riskThemes: [],
});

const reasons = (score: RelevanceScore) =>
  Object.fromEntries(score.factors.map((factor) => [factor.id, factor.reason]));

describe("relevance reasons", () => {
  it("name the matched topics in the organisation's order, and the kind, purposes and cadence", () => {
    const fsIsac = group({
      id: "fs-isac",
      name: "FS-ISAC",
      kind: "isac",
      jurisdictions: ["GB"],
      purposes: ["threat-alerts"],
      expectedCadence: "weekly",
      topics: { sectors: ["finance"], technologies: ["postgresql", "aws"], regulations: ["dora"] },
    });
    expect(reasons(scoreGroup(fsIsac, acme, { asOf }))).toEqual({
      sectors: "matches finance",
      technologies: "matches aws/lambda, postgresql",
      regulations: "matches dora",
      riskThemes: "the organisation lists no risk theme",
      kind: "isac (0.9); purposes +0.1",
      signal: "0 item(s) in 180 days against 26 expected (weekly)",
    });
  });

  it("say when a group names no topic, none of ours, or serves none of our jurisdictions", () => {
    const usCert = group({
      id: "us-cert",
      name: "US CERT",
      kind: "government-cert",
      jurisdictions: ["US"],
      purposes: ["threat-alerts", "vulnerability-advisories", "training"],
      topics: { sectors: ["health"] },
    });
    const result = scoreGroup(usCert, acme, { asOf });
    expect(reasons(result)).toEqual({
      sectors: "none of its sector topics is ours",
      technologies: "general: names no technology, half credit",
      regulations: "general: names no regulation, half credit",
      riskThemes: "the organisation lists no risk theme",
      kind: "government-cert (0.9); serves none of our jurisdictions (×0.3); purposes +0.25",
      signal: "0 item(s) in 180 days against 6 expected (monthly)",
    });
    expect(result.factors.find((factor) => factor.id === "kind")?.value).toBe(0.52);
  });

  it("give an authority no purpose bonus", () => {
    const regulator = group({
      id: "fca",
      name: "FCA",
      kind: "authority",
      purposes: ["regulatory-horizon"],
    });
    expect(reasons(scoreGroup(regulator, acme, { asOf })).kind).toBe("authority (0)");
  });

  it("count a window other than the default, and the alerts acted on", () => {
    const forum = group({ id: "forum", name: "Forum", kind: "technical-forum" });
    const history = {
      asOf,
      activities: [
        activitySchema.parse({ group: "forum", date: daysBefore(AS_OF, 10), type: "meeting" }),
      ],
      alerts: [
        alertSchema.parse({
          id: "a1",
          group: "forum",
          title: "Advisory",
          received: daysBefore(AS_OF, 20),
          state: "actioned",
          actions: [{ type: "ticket", ref: "SEC-1" }],
        }),
      ],
    };
    expect(reasons(scoreGroup(forum, acme, history, { signalWindowDays: 90 })).signal).toBe(
      "2 item(s) in 90 days against 3 expected (monthly); 1 of 1 alert(s) led to action",
    );
    expect(reasons(scoreGroup(forum, acme, history)).signal).toBe(
      "2 item(s) in 180 days against 6 expected (monthly); 1 of 1 alert(s) led to action",
    );
  });

  it("are worded the same for counts past those formatted once (256 items, 64 alerts)", () => {
    const forum = group({ id: "forum", name: "Forum", kind: "technical-forum" });
    const activities = Array.from({ length: 300 }, () =>
      activitySchema.parse({ group: "forum", date: daysBefore(AS_OF, 10), type: "meeting" }),
    );
    const alerts = Array.from({ length: 70 }, (_, i) =>
      alertSchema.parse({
        id: `a${i}`,
        group: "forum",
        title: "Advisory",
        received: daysBefore(AS_OF, 20),
        state: "actioned",
        actions: i < 65 ? [{ type: "ticket", ref: `SEC-${i}` }] : [],
      }),
    );
    expect(reasons(scoreGroup(forum, acme, { asOf, activities, alerts })).signal).toBe(
      "370 item(s) in 180 days against 6 expected (monthly); 65 of 70 alert(s) led to action",
    );
    expect(
      reasons(scoreGroup(forum, acme, { asOf, activities: activities.slice(0, 5) })).signal,
    ).toBe("5 item(s) in 180 days against 6 expected (monthly)");
  });

  it("name the matches of a profile listing more topics than are cached by position (30)", () => {
    const technologies = Array.from({ length: 35 }, (_, i) => `tech-${i}`);
    const profile = organisationProfileSchema.parse({ ...acme, technologies });
    const wide = group({
      id: "wide",
      name: "Wide",
      kind: "technical-forum",
      topics: { technologies: ["tech-1", "tech-33"] },
    });
    expect(reasons(scoreGroup(wide, profile, { asOf })).technologies).toBe(
      "matches tech-1, tech-33",
    );
  });

  it("in evaluations, follow a profile list changed in place between them", () => {
    const register = buildRegister({
      organisation: { name: "Acme Bank", technologies: ["postgresql", "aws"] },
      groups: [
        {
          id: "pg",
          name: "PostgreSQL security",
          kind: "vendor-bulletin",
          url: "https://pg.example",
          topics: { technologies: ["postgresql", "aws"] },
        },
        {
          id: "pg2",
          name: "PostgreSQL users",
          kind: "technical-forum",
          url: "https://pg2.example",
          topics: { technologies: ["aws", "postgresql"] },
        },
      ],
    });
    const technologyReasons = () =>
      evaluate(register, { asOf }).groups.map(
        (entry) => entry.relevance.factors.find((factor) => factor.id === "technologies")?.reason,
      );
    expect(technologyReasons()).toEqual(["matches postgresql, aws", "matches postgresql, aws"]);
    (register.organisation.technologies as string[])[1] = "aws/lambda";
    expect(technologyReasons()).toEqual([
      "matches postgresql, aws/lambda",
      "matches postgresql, aws/lambda",
    ]);
  });

  it("are the same in an evaluation as from scoreGroup", () => {
    const register = buildRegister({
      organisation: { name: "Acme Bank", sectors: ["finance"], technologies: ["postgresql"] },
      groups: [
        {
          id: "pg",
          name: "PostgreSQL security",
          kind: "vendor-bulletin",
          url: "https://pg.example",
          topics: { technologies: ["postgresql"] },
        },
      ],
      activities: [{ group: "pg", date: daysBefore(AS_OF, 3), type: "newsletter" }],
    });
    const [entry] = evaluate(register, { asOf }).groups;
    const expected = scoreGroup(register.groups[0] as Group, register.organisation, {
      asOf,
      activities: register.activities,
      alerts: register.alerts,
    });
    expect(entry?.relevance).toEqual(expected);
    expect(expected.factors.find((factor) => factor.id === "technologies")?.reason).toBe(
      "matches postgresql",
    );
  });
});
