import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run } from "./helpers.js";
import { exampleCopy } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");

const exporterPlugin = (exportBody: string) => `export default {
  id: "bad",
  version: "1.0.0",
  apiVersion: 1,
  exporters: [{ id: "acme", description: "Fails", export: ${exportBody} }],
};
`;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe("sigreg report --plugin with a failing exporter", () => {
  it("names the plugin and the exporter on one line, exits 1 and writes no file", async () => {
    const dir = await exampleCopy();
    await writeFile(
      join(dir, "bad.mjs"),
      exporterPlugin(`() => { throw new Error("exporter kaboom"); }`),
    );
    const result = await run(
      ["report", "--plugin", "./bad.mjs", "--format", "acme", "--out", "report.acme"],
      { cwd: dir, now: NOW },
    );
    expect(result).toEqual({
      code: EXIT.refused,
      stdout: "",
      stderr:
        'sigreg report: plugin "bad" exporter "acme" failed: exporter kaboom; nothing written.\n',
    });
    expect(await exists(join(dir, "report.acme"))).toBe(false);
  });

  it("reports a rejecting exporter, and one that returns no content, the same way", async () => {
    const dir = await exampleCopy();
    await writeFile(
      join(dir, "rejects.mjs"),
      exporterPlugin(`async () => { throw new Error("later\\nkaboom"); }`),
    );
    await writeFile(join(dir, "empty.mjs"), exporterPlugin(`() => ({ mediaType: "text/plain" })`));
    const rejects = await run(["report", "--plugin", "./rejects.mjs", "--format", "acme"], {
      cwd: dir,
      now: NOW,
    });
    expect(rejects).toEqual({
      code: EXIT.refused,
      stdout: "",
      stderr:
        'sigreg report: plugin "bad" exporter "acme" failed: later kaboom; nothing written.\n',
    });
    const empty = await run(["report", "--plugin", "./empty.mjs", "--format", "acme"], {
      cwd: dir,
      now: NOW,
    });
    expect(empty).toMatchObject({
      code: EXIT.refused,
      stdout: "",
      stderr: expect.stringMatching(
        /^sigreg report: plugin "bad" exporter "acme" returned no content .*; nothing written\.\n$/,
      ),
    });
  });
});
