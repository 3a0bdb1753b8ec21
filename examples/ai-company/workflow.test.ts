/**
 * The register-as-code workflow of this example, run as CI runs it: check the register, ingest
 * the groups' feeds (here served from ./feeds on a local server, so it runs offline), check again
 * and write the audit report. The same commands run against the real feeds; see README.md.
 */
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../packages/cli/src/main.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const NOW = () => new Date("2026-11-23T09:00:00Z");

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const name =
      req.url === "/advisories.xml"
        ? "cisa-advisories.xml"
        : "known_exploited_vulnerabilities.json";
    const type = name.endsWith(".xml") ? "application/rss+xml" : "application/json";
    res.writeHead(200, { "content-type": type }).end(await readFile(join(HERE, "feeds", name)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function sigreg(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd,
    env: {},
    now: NOW,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe("examples/ai-company: register as code", () => {
  it("check, ingest the feeds, check again, report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigreg-example-"));
    await copyFile(join(HERE, "register.yaml"), join(dir, "register.yaml"));
    // Point CISA's feeds at the local copies.
    const text = (await readFile(join(dir, "register.yaml"), "utf8"))
      .replace("https://www.cisa.gov/cybersecurity-advisories/all.xml", `${base}/advisories.xml`)
      .replace(
        "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
        `${base}/kev.json`,
      );
    await writeFile(join(dir, "register.yaml"), text);

    const before = await sigreg(["check", "register.yaml", "--as-of", "2026-11-23"], dir);
    expect(before.code).toBe(1); // the example's deliberate gaps
    expect(before.stdout).toContain("Verdict:");

    const ingested = await sigreg(["ingest", "--allow-host", "127.0.0.1"], dir);
    expect(ingested.stderr).toBe("");
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toMatch(/cisa/);
    const register = await readFile(join(dir, "register.yaml"), "utf8");
    // Both feeds became alerts on CISA's group, in the register file itself.
    expect(register).toContain("SAMPLE-2026-01");
    expect(register).toContain("CVE-2026-90002");

    const again = await sigreg(["ingest", "--allow-host", "127.0.0.1", "--min-interval", "0"], dir);
    expect(again.code).toBe(0);
    expect(await readFile(join(dir, "register.yaml"), "utf8")).toBe(register); // nothing new

    const after = await sigreg(["check", "register.yaml", "--as-of", "2026-11-23"], dir);
    expect(after.stdout).toMatch(/alerts [1-9]\d* /);

    const report = await sigreg(
      ["report", "--format", "html", "--out", "audit.html", "--as-of", "2026-11-23"],
      dir,
    );
    expect(report.code).toBe(0);
    const html = await readFile(join(dir, "audit.html"), "utf8");
    expect(html).toContain("CVE-2026-90002");
  }, 60_000);
});
