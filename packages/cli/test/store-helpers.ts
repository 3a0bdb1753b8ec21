import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRegisterText, type Register } from "@sigreg/core";
import { expect } from "vitest";
import { tempDir } from "./helpers.js";

/** The example register of examples/ai-company: 15 groups, 60 activities, 12 alerts, 4 reviews. */
export const EXAMPLE = fileURLToPath(
  new URL("../../../examples/ai-company/register.yaml", import.meta.url),
);

/** A fresh temporary directory holding a copy of the example as `register.yaml`. */
export async function exampleCopy(): Promise<string> {
  const dir = await tempDir();
  await copyFile(EXAMPLE, join(dir, "register.yaml"));
  return dir;
}

/** Parses register text (YAML or JSON), failing the test with the loader's errors. */
export function parsed(text: string, file = "register.yaml"): Register {
  const result = parseRegisterText(text, { file });
  if (result.isErr()) throw new Error(JSON.stringify(result.error.issues, null, 2));
  return result.value;
}

/** A register with every collection in a canonical order, so two registers compare by content. */
export function canonical(register: Register): Register {
  const sorted = <T>(items: readonly T[]) =>
    [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    ...register,
    people: sorted(register.people),
    groups: sorted(register.groups),
    activities: sorted(register.activities),
    alerts: sorted(register.alerts),
    reviews: sorted(register.reviews),
  };
}

/** Asserts two register texts hold the same register, whatever the order and the format. */
export function expectSameRegister(actual: string, expected: string): void {
  expect(canonical(parsed(actual))).toEqual(canonical(parsed(expected)));
}

/** The example register's text. */
export function exampleText(): Promise<string> {
  return readFile(EXAMPLE, "utf8");
}

/** `sigreg import`'s table: collection → [created, updated, removed, unchanged]. */
export function importCounts(stdout: string): Record<string, number[]> {
  const rows = stdout.split("\n").filter((line) => /^ {2}\w+ +\d+ +\d+ +\d+ +\d+$/.test(line));
  return Object.fromEntries(
    rows.map((line) => {
      const [collection = "", ...counts] = line.trim().split(/ +/);
      return [collection, counts.map(Number)];
    }),
  );
}
