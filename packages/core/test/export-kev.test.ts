import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  type ExportInput,
  evaluate,
  findingRows,
  findingsCsvExporter,
  oscalExporter,
  type RegisterInput,
  registerSchema,
} from "../src/index.js";

// CISA's KEV catalog (real data, CC0) is kept outside the repo; CI always sets SIGREG_CORPUS.
// Without it there is nothing to read, so these tests skip rather than pass vacuously.
const corpus = process.env.SIGREG_CORPUS;

interface KevEntry {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  shortDescription: string;
  dateAdded: string;
  notes: string;
}

/** Every KEV entry as an alert from a CISA group: titles carry the catalog's own text. */
function kevInput(): { input: ExportInput; entries: KevEntry[] } {
  const file = join(corpus as string, "kev", "known_exploited_vulnerabilities.json");
  const entries = (JSON.parse(readFileSync(file, "utf8")) as { vulnerabilities: KevEntry[] })
    .vulnerabilities;
  const alerts = entries.map((entry) => {
    const url = entry.notes.split(" ; ")[0]?.trim();
    return {
      id: entry.cveID,
      group: "cisa-kev",
      title: `${entry.vendorProject} ${entry.product}: ${entry.vulnerabilityName}. ${entry.shortDescription}`,
      received: entry.dateAdded,
      cves: [entry.cveID],
      ...(url?.startsWith("https://") && URL.canParse(url) ? { url } : {}),
    };
  });
  const register = registerSchema.parse({
    organisation: { name: "KEV Test Org" },
    groups: [
      { id: "cisa-kev", name: "CISA KEV", kind: "government-cert", url: "https://www.cisa.gov/" },
    ],
    alerts,
  } satisfies RegisterInput);
  const evaluation = evaluate(register, { asOf: new Date("2025-08-26T00:00:00Z") });
  return {
    input: { register, evaluation, generatedAt: new Date("2025-08-26T12:00:00Z") },
    entries,
  };
}

/** A strict RFC 4180 reader, to check that what the CSV exporter writes reads back unchanged. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += char;
  }
  return rows;
}

// Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
describe.skipIf(corpus === undefined)("exports of CISA's KEV catalog as alerts", () => {
  it("writes an OSCAL document that NIST's schema accepts, one observation per alert, text intact", async () => {
    const { input, entries } = kevInput();
    const doc = JSON.parse((await oscalExporter.export(input)).content as string);
    const schema = JSON.parse(
      readFileSync(join(corpus as string, "oscal", "oscal_complete_schema-1-1-3.json"), "utf8"),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    (formats as unknown as { default: (ajv: Ajv) => Ajv }).default(ajv);
    const validate = ajv.compile(schema);
    expect(
      validate(doc),
      JSON.stringify(validate.errors?.filter((e) => e.instancePath !== "").slice(0, 5)),
    ).toBe(true);

    const [result] = doc["assessment-results"].results;
    const historic = result.observations.filter(
      (o: { types: string[] }) => o.types[0] === "historic",
    );
    expect(historic).toHaveLength(entries.length);
    // The catalog's non-ASCII text (curly quotes, accents) survives byte for byte.
    const nonAscii = input.register.alerts.filter((alert) =>
      [...alert.title].some((char) => char.charCodeAt(0) > 127),
    );
    expect(nonAscii.length).toBeGreaterThan(0);
    const descriptions = new Set(historic.map((o: { description: string }) => o.description));
    for (const alert of nonAscii) expect(descriptions.has(alert.title)).toBe(true);
    // Every UUID in the document is distinct.
    const uuids = JSON.stringify(doc).match(/"uuid":"[^"]+"/g) ?? [];
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it("writes findings as CSV that an RFC 4180 reader reads back cell for cell", async () => {
    const { input } = kevInput();
    const text = (await findingsCsvExporter.export(input)).content as string;
    const [header, ...rows] = readCsv(text.replace(/^\uFEFF/, ""));
    expect(header?.[0]).toBe("Severity");
    const expected = findingRows(input.evaluation);
    expect(rows).toHaveLength(expected.length);
    expected.forEach((row, index) => {
      expect(rows[index]?.[3]).toBe(row.message);
    });
  });
});
