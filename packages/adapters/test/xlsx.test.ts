import { type ExportInput, evaluate, registerSchema } from "@sigreg/core";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { registerToXlsx, XLSX_MEDIA_TYPE, xlsxExporter } from "../src/xlsx/index.js";

function input(): ExportInput {
  const register = registerSchema.parse({
    organisation: { name: "Acme" },
    people: [{ id: "ann", name: "Ann Owner" }],
    groups: [
      {
        id: "evil",
        name: '=HYPERLINK("http://evil.example","click")',
        kind: "isac",
        contact: "+44 20 7946 0000",
        url: "https://isac.example/",
        owner: "ann",
        relevance: "@SUM(1+1)*cmd|' /C calc'!A0",
        informationExchanged: "-1+2",
        expectedCadence: "monthly",
        flow: "Slack #threat-intel, then Jira",
        membership: { status: "active", since: "2025-02-01" },
      },
      { id: "plain", name: "CERT-EU", kind: "government-cert" },
    ],
    reviews: [{ date: "2026-09-30", reviewer: "ann" }],
  });
  return {
    register,
    evaluation: evaluate(register, { asOf: new Date("2026-11-23T00:00:00Z") }),
    generatedAt: new Date("2026-11-23T08:00:00Z"),
  };
}

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook;
}

describe("xlsxExporter", () => {
  it("writes a Register and a Findings sheet that exceljs reads back", async () => {
    const out = await xlsxExporter().export(input());
    expect(out.mediaType).toBe(XLSX_MEDIA_TYPE);
    expect(out.extension).toBe("xlsx");
    const workbook = await open(out.content as Uint8Array);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Register", "Findings"]);
    const register = workbook.getWorksheet("Register") as ExcelJS.Worksheet;
    expect(register.getRow(1).getCell(2).value).toBe("Name");
    expect(register.rowCount).toBe(3);
    const plain = register.getRow(3);
    expect(plain.getCell(2).value).toBe("CERT-EU");
    expect(typeof plain.getCell(7).value).toBe("number");
    const evil = register.getRow(2);
    expect(evil.getCell(6).value).toBe("Ann Owner");
    expect(evil.getCell(10).value).toBe("monthly");
    expect(evil.getCell(12).value).toBe("2026-09-30");
    const findings = workbook.getWorksheet("Findings") as ExcelJS.Worksheet;
    expect(findings.rowCount).toBe(input().evaluation.findings.length + 1);
    expect(findings.getRow(1).getCell(7).value).toBe("Mapped controls (crosswalk)");
  });

  it("stores formula-like strings as quoted text, never as formulas", async () => {
    const workbook = await open((await xlsxExporter().export(input())).content as Uint8Array);
    const row = (workbook.getWorksheet("Register") as ExcelJS.Worksheet).getRow(2);
    const cells = [2, 4, 8, 9].map((column) => row.getCell(column));
    expect(cells.map((cell) => cell.value)).toEqual([
      '\'=HYPERLINK("http://evil.example","click")',
      "'+44 20 7946 0000",
      "'@SUM(1+1)*cmd|' /C calc'!A0",
      "'-1+2",
    ]);
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    // Ordinary text is not touched.
    expect(row.getCell(11).value).toBe("Slack #threat-intel, then Jira");
  });

  it("fails with DEPENDENCY_MISSING and says how to install exceljs when it is absent", async () => {
    const moduleName = "exceljs-not-installed-for-sigreg-test";
    const made = await registerToXlsx(input(), { moduleName });
    expect(made.isErr() && made.error.code).toBe("DEPENDENCY_MISSING");
    expect(made.isErr() && made.error.message).toContain(`install ${moduleName}`);
    await expect(xlsxExporter({ moduleName }).export(input())).rejects.toMatchObject({
      name: "XlsxExportError",
      code: "DEPENDENCY_MISSING",
    });
  });
});
