import type { Activity } from "../model/activity.js";
import type { Alert } from "../model/alert.js";
import type { Finding } from "../model/finding.js";
import { canonicalJson } from "../storage/canonical.js";
import type { JsonValue } from "../storage/port.js";
import { withCrosswalk } from "./crosswalk.js";
import { oscalControlId, uriReference, uuidV5 } from "./oscal-ids.js";
import type { Exporter, ExportInput } from "./types.js";

/** The OSCAL version the assessment-results document is written for. */
export const OSCAL_VERSION = "1.1.3";
/** Namespace of the properties sigreg adds to OSCAL objects. */
export const OSCAL_PROPERTY_NS = "urn:sigreg:oscal";
/** The control every sigreg assessment reviews. */
const A56 = "ISO27001:2022/A.5.6";

type Json = Record<string, unknown>;

/** An OSCAL assessment-results document, as plain JSON (see NIST's OSCAL 1.1.3 schema for its fields). */
export interface OscalAssessmentResultsDocument {
  /** The assessment results: `uuid`, `metadata`, `import-ap`, `results` and `back-matter`. */
  "assessment-results": Record<string, unknown>;
}
const prop = (name: string, value: string): Json => ({ name, ns: OSCAL_PROPERTY_NS, value });

/** Gives each key one UUID; a repeated key (two identical findings) gets a numbered name. */
function uuidMaker(seed: string) {
  // The whole input names one namespace, hashed once; each object's UUID is its key in it.
  const namespace = uuidV5(seed);
  const seen = new Map<string, number>();
  return (key: string): string => {
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    return uuidV5(`${key}${count === 0 ? "" : `\n#${count}`}`, namespace);
  };
}

/** Evidence links of an activity or alert: its own URL and those of the actions it led to. */
function evidenceLinks(item: Activity | Alert): Json[] {
  const urls = [item.url, ...item.actions.map((action) => action.url)].map((url) =>
    url === undefined ? undefined : uriReference(url),
  );
  return [...new Set(urls.filter((url): url is string => url !== undefined))].map((href) => ({
    href,
    rel: "evidence",
  }));
}

/**
 * The evaluation as an OSCAL 1.1.3 assessment-results document: one result for the evaluation,
 * one finding (with its observation and target control) per finding, and the register's activities
 * and alerts as observations with links to their evidence. UUIDs are derived from the content.
 */
export function toOscalAssessmentResults({
  register,
  evaluation,
  generatedAt,
}: ExportInput): OscalAssessmentResultsDocument {
  const seed = canonicalJson(
    JSON.parse(JSON.stringify({ register, asOf: evaluation.asOf, generatedAt })) as JsonValue,
  );
  const uuid = uuidMaker(seed);
  const collectedAt = evaluation.asOf.toISOString();
  const groupName = new Map(register.groups.map((group) => [group.id, group.name]));
  const controls = new Set<string>([A56]);
  const observations: Json[] = [];
  const findings: Json[] = [];

  evaluation.findings.forEach((finding: Finding) => {
    const key = `finding\n${finding.ruleId}\n${finding.subject.type}\n${finding.subject.id}\n${finding.message}`;
    const observationUuid = uuid(`observation\n${key}`);
    for (const control of finding.controls) controls.add(control);
    observations.push({
      uuid: observationUuid,
      title: finding.message,
      description: finding.message,
      props: [prop("subject", `${finding.subject.type}:${finding.subject.id}`)],
      methods: ["EXAMINE"],
      types: ["finding"],
      collected: collectedAt,
    });
    const mapped = withCrosswalk(finding).crosswalk;
    findings.push({
      uuid: uuid(key),
      title: `${finding.ruleId}: ${finding.subject.type} ${finding.subject.id}`,
      description: finding.message,
      props: [
        prop("severity", finding.severity),
        prop("rule-id", finding.ruleId),
        ...finding.controls.map((control) => prop("control", control)),
        ...mapped.map((row) => prop("mapped-control", `${row.to} (${row.relationship})`)),
      ],
      target: {
        type: "objective-id",
        "target-id": oscalControlId(finding.controls[0] ?? A56),
        description: `Remediation: ${finding.remediation}`,
        status: { state: "not-satisfied", reason: "fail" },
      },
      "related-observations": [{ "observation-uuid": observationUuid }],
    });
  });

  const evidence = (kind: "activity" | "alert", item: Activity | Alert, text: string, at: Date) => {
    const links = evidenceLinks(item);
    const name = groupName.get(item.group) ?? item.group;
    observations.push({
      uuid: uuid(`${kind}\n${canonicalJson(JSON.parse(JSON.stringify(item)) as JsonValue)}`),
      title: `${kind === "activity" ? (item as Activity).type : "alert"}: ${name}`,
      description: text,
      props: [prop("group", item.group)],
      methods: ["EXAMINE"],
      types: ["historic"],
      collected: at.toISOString(),
      ...(links.length > 0 ? { links } : {}),
    });
  };
  for (const activity of register.activities)
    evidence("activity", activity, activity.summary ?? activity.type, activity.date);
  for (const alert of register.alerts) evidence("alert", alert, alert.title, alert.received);

  const kpis = evaluation.kpis;
  const planUuid = uuid("assessment-plan");
  const result: Json = {
    uuid: uuid("result"),
    title: `A.5.6 register evaluation as of ${collectedAt.slice(0, 10)}`,
    description: `sigreg's rules run over the special-interest-group register of ${register.organisation.name}; verdict: ${evaluation.verdict}.`,
    start: collectedAt,
    props: [
      prop("verdict", evaluation.verdict),
      ...Object.entries(kpis.findings).map(([severity, count]) =>
        prop(`findings-${severity}`, String(count)),
      ),
    ],
    "reviewed-controls": {
      "control-selections": [
        {
          "include-controls": [...controls].map((control) => ({
            "control-id": oscalControlId(control),
          })),
        },
      ],
    },
    ...(observations.length > 0 ? { observations } : {}),
    ...(findings.length > 0 ? { findings } : {}),
  };
  return {
    "assessment-results": {
      uuid: uuid("assessment-results"),
      metadata: {
        title: `A.5.6 contact with special interest groups: ${register.organisation.name}`,
        "last-modified": generatedAt.toISOString(),
        version: collectedAt.slice(0, 10),
        "oscal-version": OSCAL_VERSION,
        parties: [
          {
            uuid: uuid("party:organisation"),
            type: "organization",
            name: register.organisation.name,
          },
        ],
      },
      "import-ap": {
        href: `#${planUuid}`,
        remarks:
          "No separate assessment plan: the plan is sigreg's built-in rules, described in the back matter.",
      },
      results: [result],
      "back-matter": {
        resources: [
          {
            uuid: planUuid,
            title: "sigreg built-in rules for ISO/IEC 27001:2022 A.5.6",
            description:
              "The assessment plan: every built-in sigreg rule, run over the register as of the result's start.",
          },
        ],
      },
    },
  };
}

/** OSCAL exporter: an OSCAL 1.1.3 assessment-results document (JSON) for GRC tools. */
export const oscalExporter = {
  id: "oscal",
  description:
    "OSCAL 1.1.3 assessment results (JSON): the evaluation, its findings and the evidence",
  export: (input) => ({
    content: `${JSON.stringify(toOscalAssessmentResults(input), null, 2)}\n`,
    mediaType: "application/json",
    extension: "json",
  }),
} satisfies Exporter;
