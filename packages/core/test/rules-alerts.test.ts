import { describe, expect, it } from "vitest";
import type { RegisterInput } from "../src/index.js";
import { buildRegister, day, daysBefore, findingsFor } from "./helpers/build.js";

const AS_OF = "2026-06-30";

type AlertInput = RegisterInput["alerts"] extends (infer A)[] | undefined ? A : never;
type ActivityInput = RegisterInput["activities"] extends (infer A)[] | undefined ? A : never;

const groups: RegisterInput["groups"] = [
  { id: "ncsc", name: "NCSC", kind: "government-cert", jurisdictions: ["GB"] },
];

let counter = 0;
function alert(overrides: Partial<AlertInput> & { received: string }): AlertInput {
  counter++;
  return { id: `a${counter}`, group: "ncsc", title: `Alert ${counter}`, ...overrides };
}

function activity(overrides: Partial<ActivityInput> & { date: string }): ActivityInput {
  return { group: "ncsc", type: "newsletter", ...overrides };
}

const registerWith = (input: Pick<RegisterInput, "alerts" | "activities" | "policy">) =>
  buildRegister({ groups, ...input });

describe("alert-untriaged", () => {
  it("fires only for a new alert older than triageWithinDays (5): 4 and 5 days pass, 6 fires", () => {
    const register = registerWith({
      alerts: [
        alert({ id: "four", received: daysBefore(AS_OF, 4) }),
        alert({ id: "five", received: daysBefore(AS_OF, 5) }),
        alert({
          id: "six",
          title: "OpenSSH regreSSHion",
          severity: "critical",
          received: daysBefore(AS_OF, 6),
        }),
      ],
    });
    const findings = findingsFor(register, "alert-untriaged", AS_OF);
    expect(findings.map((f) => f.subject)).toEqual([{ type: "alert", id: "six" }]);
    expect(findings[0]?.severity).toBe("minor");
    expect(findings[0]?.message).toContain("OpenSSH regreSSHion");
    expect(findings[0]?.message).toContain("after 6 days");
    expect(findings[0]?.message).toContain("limit 5");
    expect(findings[0]?.message).toContain(daysBefore(AS_OF, 6));
  });

  it("counts whole UTC calendar days, not elapsed hours", () => {
    // 5 days and 2 seconds elapsed, but 6 calendar days apart.
    const register = registerWith({
      alerts: [alert({ id: "late", received: `${daysBefore(AS_OF, 6)}T23:59:59Z` })],
    });
    expect(findingsFor(register, "alert-untriaged", `${AS_OF}T00:00:01Z`)).toHaveLength(1);
    // 5 days and 23 hours elapsed, but 5 calendar days apart.
    const early = registerWith({
      alerts: [alert({ id: "early", received: `${daysBefore(AS_OF, 5)}T00:00:00Z` })],
    });
    expect(findingsFor(early, "alert-untriaged", `${AS_OF}T23:59:59Z`)).toEqual([]);
  });

  it("never fires for an alert that left the new state, however old", () => {
    const received = daysBefore(AS_OF, 60);
    const register = registerWith({
      alerts: [
        alert({ state: "triaged", received, triagedOn: daysBefore(AS_OF, 50) }),
        alert({ state: "actioned", received }),
        alert({ state: "dismissed", received, dismissedReason: "Not in our stack." }),
      ],
    });
    expect(findingsFor(register, "alert-untriaged", AS_OF)).toEqual([]);
  });

  it("follows triageWithinDays from the policy", () => {
    const register = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 6) })],
      policy: { triageWithinDays: 6 },
    });
    expect(findingsFor(register, "alert-untriaged", AS_OF)).toEqual([]);
    expect(
      findingsFor(register, "alert-untriaged", AS_OF, { policy: { triageWithinDays: 2 } }),
    ).toHaveLength(1);
  });
});

describe("feedback-loop-missing", () => {
  const ticket = (on?: string) => ({
    type: "ticket" as const,
    ref: "SEC-101",
    ...(on ? { on } : {}),
  });

  it("fires once, on the register, when alerts and activities in the window led to no action", () => {
    const register = registerWith({
      alerts: [
        alert({ received: daysBefore(AS_OF, 10) }),
        alert({ received: daysBefore(AS_OF, 20) }),
      ],
      activities: [activity({ date: daysBefore(AS_OF, 30) })],
    });
    const findings = findingsFor(register, "feedback-loop-missing", AS_OF);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toEqual({ type: "register", id: "register" });
    expect(findings[0]?.severity).toBe("minor");
    expect(findings[0]?.message).toMatch(/^3 /);
    expect(findings[0]?.message).toContain("90 days");
  });

  it("is cleared by one alert with a ticket action taken within the window", () => {
    const register = registerWith({
      alerts: [
        alert({ received: daysBefore(AS_OF, 10) }),
        alert({ received: daysBefore(AS_OF, 20), actions: [ticket(daysBefore(AS_OF, 15))] }),
      ],
      activities: [activity({ date: daysBefore(AS_OF, 30) })],
    });
    expect(findingsFor(register, "feedback-loop-missing", AS_OF)).toEqual([]);
  });

  it("is cleared by an action without a date on an alert received in the window", () => {
    const register = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 20), actions: [ticket()] })],
    });
    expect(findingsFor(register, "feedback-loop-missing", AS_OF)).toEqual([]);
  });

  it("is cleared by an action recorded on an activity", () => {
    const register = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 10) })],
      activities: [
        activity({
          date: daysBefore(AS_OF, 30),
          type: "meeting",
          actions: [{ type: "risk-update", on: daysBefore(AS_OF, 29) }],
        }),
      ],
    });
    expect(findingsFor(register, "feedback-loop-missing", AS_OF)).toEqual([]);
  });

  it("does not count no-action actions", () => {
    const register = registerWith({
      alerts: [
        alert({
          received: daysBefore(AS_OF, 10),
          actions: [{ type: "no-action", on: daysBefore(AS_OF, 9), note: "Not affected." }],
        }),
      ],
      activities: [activity({ date: daysBefore(AS_OF, 30), actions: [{ type: "no-action" }] })],
    });
    expect(findingsFor(register, "feedback-loop-missing", AS_OF)).toHaveLength(1);
  });

  it("does not count an action dated before the window", () => {
    const register = registerWith({
      alerts: [
        // Received in the window, but the only action on it predates the window.
        alert({ received: daysBefore(AS_OF, 10), actions: [ticket(daysBefore(AS_OF, 91))] }),
        // Received and acted on long ago: outside the window entirely.
        alert({ received: daysBefore(AS_OF, 120), actions: [ticket(daysBefore(AS_OF, 119))] }),
      ],
    });
    const findings = findingsFor(register, "feedback-loop-missing", AS_OF);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/^1 /);
  });

  it("reports nothing when nothing came in during the window", () => {
    const register = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 200) })],
      activities: [activity({ date: daysBefore(AS_OF, 150) })],
    });
    expect(findingsFor(register, "feedback-loop-missing", AS_OF)).toEqual([]);
    expect(findingsFor(buildRegister({ groups }), "feedback-loop-missing", AS_OF)).toEqual([]);
  });

  it("includes an alert received exactly loopWindowDays (90) ago, not one received 91 days ago", () => {
    const at90 = registerWith({ alerts: [alert({ received: daysBefore(AS_OF, 90) })] });
    expect(findingsFor(at90, "feedback-loop-missing", AS_OF)).toHaveLength(1);
    const at91 = registerWith({ alerts: [alert({ received: daysBefore(AS_OF, 91) })] });
    expect(findingsFor(at91, "feedback-loop-missing", AS_OF)).toEqual([]);
  });

  it("counts an action taken exactly 90 days ago, not one taken 91 days ago", () => {
    const at90 = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 5), actions: [ticket(daysBefore(AS_OF, 90))] })],
    });
    expect(findingsFor(at90, "feedback-loop-missing", AS_OF)).toEqual([]);
    const at91 = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 5), actions: [ticket(daysBefore(AS_OF, 91))] })],
    });
    expect(findingsFor(at91, "feedback-loop-missing", AS_OF)).toHaveLength(1);
  });

  it("follows loopWindowDays from the policy", () => {
    const register = registerWith({
      alerts: [alert({ received: daysBefore(AS_OF, 40) })],
      policy: { loopWindowDays: 30 },
    });
    expect(findingsFor(register, "feedback-loop-missing", AS_OF)).toEqual([]);
    expect(
      findingsFor(register, "feedback-loop-missing", AS_OF, { policy: { loopWindowDays: 60 } }),
    ).toHaveLength(1);
  });
});

describe("information-silo", () => {
  const share = { channel: "#security", on: daysBefore(AS_OF, 9) };

  it("fires when alerts were triaged in the window and none was shared", () => {
    const register = registerWith({
      alerts: [
        alert({
          state: "triaged",
          received: daysBefore(AS_OF, 12),
          triagedOn: daysBefore(AS_OF, 11),
        }),
        alert({ state: "actioned", received: daysBefore(AS_OF, 20) }),
      ],
    });
    const findings = findingsFor(register, "information-silo", AS_OF);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toEqual({ type: "register", id: "register" });
    expect(findings[0]?.severity).toBe("minor");
    expect(findings[0]?.message).toMatch(/^2 alert\(s\) triaged/);
  });

  it("is cleared by one triaged alert shared to a team channel", () => {
    const register = registerWith({
      alerts: [
        alert({
          state: "triaged",
          received: daysBefore(AS_OF, 12),
          triagedOn: daysBefore(AS_OF, 11),
        }),
        alert({ state: "actioned", received: daysBefore(AS_OF, 10), sharedTo: [share] }),
      ],
    });
    expect(findingsFor(register, "information-silo", AS_OF)).toEqual([]);
  });

  it("does not count dismissed or new alerts", () => {
    const register = registerWith({
      alerts: [
        alert({
          state: "dismissed",
          received: daysBefore(AS_OF, 12),
          triagedOn: daysBefore(AS_OF, 11),
          dismissedReason: "Product not used.",
        }),
        alert({ state: "new", received: daysBefore(AS_OF, 2) }),
      ],
    });
    expect(findingsFor(register, "information-silo", AS_OF)).toEqual([]);
  });

  it("does not count a share on a dismissed alert as clearing it", () => {
    const register = registerWith({
      alerts: [
        alert({
          state: "triaged",
          received: daysBefore(AS_OF, 12),
          triagedOn: daysBefore(AS_OF, 11),
        }),
        alert({
          state: "dismissed",
          received: daysBefore(AS_OF, 12),
          dismissedReason: "Duplicate.",
          sharedTo: [share],
        }),
      ],
    });
    expect(findingsFor(register, "information-silo", AS_OF)).toHaveLength(1);
  });

  it("uses the triage day for the window: triaged 91 days ago is outside it", () => {
    const outside = registerWith({
      alerts: [
        alert({
          state: "triaged",
          received: daysBefore(AS_OF, 95),
          triagedOn: daysBefore(AS_OF, 91),
        }),
      ],
    });
    expect(findingsFor(outside, "information-silo", AS_OF)).toEqual([]);
    const inside = registerWith({
      alerts: [
        alert({
          state: "triaged",
          received: daysBefore(AS_OF, 95),
          triagedOn: daysBefore(AS_OF, 90),
        }),
      ],
    });
    expect(findingsFor(inside, "information-silo", AS_OF)).toHaveLength(1);
  });

  it("evaluates on the asOf given, not the clock", () => {
    const register = registerWith({
      alerts: [alert({ state: "triaged", received: "2026-06-01", triagedOn: "2026-06-02" })],
    });
    expect(findingsFor(register, "information-silo", day("2026-06-30"))).toHaveLength(1);
    expect(findingsFor(register, "information-silo", day("2026-12-31"))).toEqual([]);
  });
});
