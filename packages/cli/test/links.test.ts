import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run, withFiles } from "./helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A local site: `/ok` answers, `/gone` is 404. */
async function site(): Promise<string> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    response.writeHead(path === "/ok" ? 200 : 404, { "content-type": "text/plain" }).end("x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const register = (base: string) => `organisation:
  name: Acme
people:
  - id: alice
    name: Alice
groups:
  - id: alive
    name: Alive forum
    kind: technical-forum
    owner: alice
    url: ${base}/ok
  - id: gone
    name: Gone forum
    kind: technical-forum
    owner: alice
    url: ${base}/gone?key=t0p-s3cret
`;

const deadIn = async (dir: string) => {
  const { stdout } = await run(
    ["check", "--store", "file:register.yaml", "--format", "json", "--as-of", "2026-11-23"],
    { cwd: dir, now: NOW },
  );
  return (
    JSON.parse(stdout) as { findings: { ruleId: string; subject: { id: string } }[] }
  ).findings
    .filter((finding) => finding.ruleId === "group-link-dead")
    .map((finding) => finding.subject.id);
};

describe("sigreg links", () => {
  it("records each website's answer; after three failed runs check and report show group-link-dead", async () => {
    const base = await site();
    const dir = await withFiles({ "register.yaml": register(base) });
    const links = () => run(["links", "--allow-host", "127.0.0.1"], { cwd: dir, now: NOW });
    const first = await links();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(EXIT.refused);
    expect(first.stdout).toContain("2 website(s): 1 answered, 1 did not.");
    expect(first.stdout).toMatch(/alive +http:\/\/127\.0\.0\.1:\d+\/ok +ok \(200\) +0/);
    expect(first.stdout).toContain(`gone: FETCH_HTTP: ${base}/gone?…`);
    expect(first.stdout).not.toContain("t0p-s3cret");
    await links();
    expect(await deadIn(dir)).toEqual([]);
    await links();
    expect(await deadIn(dir)).toEqual(["gone"]);
    const report = await run(["report", "--format", "json", "--as-of", "2026-11-23"], {
      cwd: dir,
      now: NOW,
    });
    // The register rows show the website as the register has it; the finding never does.
    const findings = (JSON.parse(report.stdout) as { findings: { ruleId: string }[] }).findings;
    const dead = findings.filter((finding) => finding.ruleId === "group-link-dead");
    expect(dead).toHaveLength(1);
    expect(JSON.stringify(dead)).toContain(`${base}/gone?…`);
    expect(JSON.stringify(dead)).not.toContain("t0p-s3cret");
  });

  it("checks only --group, prints JSON, and exits 0 when every site answered", async () => {
    const base = await site();
    const dir = await withFiles({ "register.yaml": register(base) });
    const result = await run(
      ["links", "--group", "alive", "--allow-host", "127.0.0.1", "--format", "json"],
      { cwd: dir, now: NOW },
    );
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: 1,
      failed: 0,
      results: [{ groupId: "alive", ok: true, status: 200, consecutiveFailures: 0 }],
    });
  });

  it("without --allow-host the SSRF guard refuses 127.0.0.1", async () => {
    const base = await site();
    const dir = await withFiles({ "register.yaml": register(base) });
    const result = await run(["links", "--group", "alive"], { cwd: dir, now: NOW });
    expect(result.code).toBe(EXIT.refused);
    expect(result.stdout).toContain("FETCH_BLOCKED");
  });

  it("refuses bad arguments and a store without a register", async () => {
    const dir = await withFiles({});
    const extra = await run(["links", "extra"], { cwd: dir });
    expect(extra.code).toBe(EXIT.usage);
    expect(extra.stderr).toContain("sigreg links: unexpected argument 'extra'");
    const format = await run(["links", "--format", "xml"], { cwd: dir });
    expect(format.code).toBe(EXIT.usage);
    const host = await run(["links", "--allow-host", "not a host/99"], { cwd: dir });
    expect(host.code).toBe(EXIT.usage);
    expect(host.stderr).toContain("sigreg links: invalid --allow-host");
    const empty = await run(["links", "--store", "sqlite:./none.db"], { cwd: dir });
    expect(empty.code).toBe(EXIT.usage);
  });
});
