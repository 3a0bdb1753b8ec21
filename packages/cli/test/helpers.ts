import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { type CliIo, main } from "../src/index.js";

/** What a run of the CLI produced. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output; no TTY and no environment unless given. */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    env: {},
    isTTY: false,
    ...io,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory, removed after the test file. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sigreg-cli-"));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (name → content) into a fresh temporary directory and returns it. */
export async function withFiles(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

export const ESC = "\u001b";

/**
 * A register with known gaps, as of 2026-06-01: never reviewed (major), a group with no owner,
 * contact or relevance statement (minor), an authority filed as a group (observation).
 */
export const GAPS_YAML = `organisation:
  name: Gaps Ltd
  jurisdictions: [GB]
people:
  - id: alice
    name: Alice Example
groups:
  - id: ncsc
    name: NCSC
    kind: government-cert
    url: https://www.ncsc.gov.uk/
    jurisdictions: [GB]
    owner: alice
    relevance: The national CERT.
  - id: orphan
    name: Orphan Forum
    kind: technical-forum
  - id: police
    name: Police cyber unit
    kind: authority
    url: https://police.example/
    owner: alice
    relevance: Where we report crime.
`;

/**
 * A well-kept register: reviewed (scope all) on 2026-01-01, one owned group with a recent activity
 * that led to an action. With the 90-day register review period, it has no major or minor finding
 * as of 2026-04-01 (review 90 days old) and a minor `register-review-overdue` as of 2026-04-02 (91).
 */
export const KEPT_YAML = `organisation:
  name: Kept Ltd
people:
  - id: alice
    name: Alice Example
groups:
  - id: forum
    name: Security Forum
    kind: professional-body
    url: https://forum.example/
    owner: alice
    relevance: Peer discussion for our sector.
activities:
  - group: forum
    date: 2026-03-15
    type: meeting
    by: alice
    actions:
      - type: ticket
        ref: SEC-1
reviews:
  - date: 2026-01-01
    reviewer: alice
    scope: all
`;

/** The severity sections of a text report: heading → [count in heading, finding lines]. */
export function sections(text: string): Map<string, { count: number; lines: string[] }> {
  const result = new Map<string, { count: number; lines: string[] }>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const heading = /^(MAJOR|MINOR|OBSERVATION|OPPORTUNITY) \((\d+)\)$/.exec(line);
    if (heading !== null) {
      current = [];
      result.set(heading[1] as string, { count: Number(heading[2]), lines: current });
    } else if (line === "" || !line.startsWith("  ")) {
      current = undefined;
    } else if (current !== undefined && !line.startsWith("      ")) {
      current.push(line.trim());
    }
  }
  return result;
}

/** Rule ids of the findings under a severity heading. */
export function ruleIdsUnder(text: string, heading: string): string[] {
  return (sections(text).get(heading)?.lines ?? []).map((line) => line.split(" ")[0] as string);
}
