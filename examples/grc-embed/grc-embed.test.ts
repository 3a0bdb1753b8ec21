import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { postgresStorage, type SqlStorage, sqliteStorage } from "@sigreg/adapters/sql";
import { createSigreg, type Sigreg } from "@sigreg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "./http.js";
import { createGrcServer, storageFromEnv } from "./server.js";

// CI sets SIGREG_PG_URL, so there the service runs on Postgres, in tables of its own (a unique
// prefix, dropped afterwards). Without it the same tests run on in-memory SQLite, the service's
// own fallback, so the example is checked on any machine.
const PG_URL = process.env.SIGREG_PG_URL;
const prefix = `grc${Date.now().toString(36)}${randomBytes(3).toString("hex")}_`;

const northwindYaml = readFileSync(new URL("../ai-company/register.yaml", import.meta.url));
const contoso = {
  organisation: { name: "Contoso Health", sectors: ["healthcare"], jurisdictions: ["US"] },
  people: [{ id: "ana-silva", name: "Ana Silva", email: "ana.silva@contoso.example" }],
  groups: [
    {
      id: "health-isac",
      name: "Health-ISAC",
      kind: "isac",
      owner: "ana-silva",
      purposes: ["threat-alerts"],
      topics: { sectors: ["healthcare"] },
    },
  ],
};

describe(`examples/grc-embed on ${PG_URL ? "Postgres" : "SQLite (SIGREG_PG_URL unset)"}`, () => {
  let storage: SqlStorage;
  let sigreg: Sigreg;
  let server: Server;
  let base: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    storage = PG_URL
      ? postgresStorage({ connectionString: PG_URL, tablePrefix: prefix })
      : sqliteStorage({ filename: ":memory:" });
    sigreg = createSigreg({ storage, actor: "grc-embed" });
    await sigreg.migrate();
    server = createGrcServer({
      sigreg,
      clock: () => new Date("2026-11-23T09:00:00Z"),
      onError: (error) => errors.push(error),
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (PG_URL && sigreg) await dropTables(PG_URL, Object.values(storage.tables));
    await sigreg?.close();
  });

  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined || typeof body !== "object" || body instanceof Uint8Array
          ? {}
          : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : {
            body:
              typeof body === "object" && !(body instanceof Uint8Array)
                ? JSON.stringify(body)
                : (body as string),
          }),
    });
  const json = async (response: Response) =>
    // biome-ignore lint/suspicious/noExplicitAny: assertions read the JSON answers field by field
    (await response.json()) as Record<string, any>;

  it("imports two tenants' registers (YAML and JSON) and keeps them apart", async () => {
    const northwind = await call("PUT", "/tenants/northwind/register", northwindYaml, {
      "content-type": "application/yaml",
    });
    expect(northwind.status).toBe(200);
    expect((await json(northwind)).changes.groups.created).toBe(15);
    const contosoPut = await call("PUT", "/tenants/contoso/register", contoso);
    expect(contosoPut.status).toBe(200);

    const groupsOf = async (tenant: string) =>
      ((await json(await call("GET", `/tenants/${tenant}/groups`))).groups as { id: string }[]).map(
        (g) => g.id,
      );
    expect(await groupsOf("contoso")).toEqual(["health-isac"]);
    const northwindGroups = await groupsOf("northwind");
    expect(northwindGroups).toHaveLength(15);
    expect(northwindGroups).not.toContain("health-isac");

    // An alert of one tenant cannot be read or triaged through another tenant's path.
    expect((await call("GET", "/tenants/northwind/alerts/al-2026-012")).status).toBe(200);
    const crossTenant = await call("POST", "/tenants/contoso/alerts/al-2026-012/triage", {
      by: "ana-silva",
      decision: { type: "dismiss", reason: "not ours" },
    });
    expect(crossTenant.status).toBe(404);
    expect((await json(crossTenant)).error.code).toBe("NOT_FOUND");

    // Each tenant's export is its own register.
    const exported = await call("GET", "/tenants/contoso/register?format=json");
    expect(exported.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await json(exported)).organisation.name).toBe("Contoso Health");
    const yaml = await (await call("GET", "/tenants/northwind/register")).text();
    expect(yaml).toContain("Northwind AI Ltd");
    expect(yaml).not.toContain("Contoso");
  });

  it("evaluates findings as of the query date", async () => {
    const findingsOn = async (day: string) =>
      (await json(await call("GET", `/tenants/northwind/findings?asOf=${day}`))).findings as {
        ruleId: string;
        subject: { id: string };
      }[];
    const untriaged = (list: { ruleId: string; subject: { id: string } }[]) =>
      list.filter((f) => f.ruleId === "alert-untriaged").map((f) => f.subject.id);
    // al-2026-012 arrived on 2026-11-12; the register's policy allows 3 days to triage.
    expect(untriaged(await findingsOn("2026-11-14"))).toEqual([]);
    const late = await findingsOn("2026-11-23");
    expect(untriaged(late)).toEqual(["al-2026-012"]);
    expect(late.map((f) => f.ruleId)).toContain("coverage-gap");
    // Without asOf, the service's clock gives the day.
    expect(
      untriaged((await json(await call("GET", "/tenants/northwind/findings"))).findings),
    ).toEqual(["al-2026-012"]);
    expect(untriaged(await findingsOn("2026-11-23"))).toEqual(["al-2026-012"]);
    expect(
      untriaged(
        (await json(await call("GET", "/tenants/contoso/findings?asOf=2026-11-23"))).findings,
      ),
    ).toEqual([]);
    const bad = await call("GET", "/tenants/northwind/findings?asOf=2026-02-30");
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({
      code: "INVALID_ARGUMENT",
      issues: [{ path: "asOf", message: expect.stringContaining("real calendar date") }],
    });
  });

  it("triages with If-Match: a stale version is a 409 with both versions, the current one applies", async () => {
    const read = await call("GET", "/tenants/northwind/alerts/al-2026-012");
    const version = Number(JSON.parse(read.headers.get("etag") ?? "0"));
    const decision = { by: "sam-okafor", decision: { type: "share", channel: "#sec-intel" } };
    const stale = await call("POST", "/tenants/northwind/alerts/al-2026-012/triage", decision, {
      "if-match": `"${version - 1}"`,
    });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error).toMatchObject({
      code: "CONFLICT",
      expectedVersion: version - 1,
      actualVersion: version,
    });
    const shared = await call("POST", "/tenants/northwind/alerts/al-2026-012/triage", decision, {
      "if-match": `"${version}"`,
    });
    expect(shared.status).toBe(200);
    expect(shared.headers.get("etag")).toBe(`"${version + 1}"`);
    expect((await json(shared)).value.state).toBe("triaged");
    const findings = (await json(await call("GET", "/tenants/northwind/findings?asOf=2026-11-23")))
      .findings as { ruleId: string }[];
    expect(findings.map((f) => f.ruleId)).not.toContain("alert-untriaged");
  });

  it("refuses a register PUT made from a version that is no longer current", async () => {
    const read = await call("GET", "/tenants/contoso/register?format=json");
    const version = Number(JSON.parse(read.headers.get("etag") ?? "0"));
    const register = await json(read);
    // Someone records an alert in between: the register's version moves on.
    const alert = await call("POST", "/tenants/contoso/alerts", {
      id: "hc-001",
      group: "health-isac",
      title: "Ransomware campaign against hospital VPNs",
      received: "2026-11-20",
      severity: "high",
    });
    expect(alert.status).toBe(201);
    expect(alert.headers.get("location")).toBe("/tenants/contoso/alerts/hc-001");
    const again = await call("POST", "/tenants/contoso/alerts", {
      id: "hc-001",
      group: "health-isac",
      title: "Ransomware campaign against hospital VPNs",
      received: "2026-11-20",
    });
    expect(again.status).toBe(200);

    const stale = await call("PUT", "/tenants/contoso/register", register, {
      "if-match": `"${version}"`,
    });
    expect(stale.status).toBe(409);
    const error = (await json(stale)).error;
    expect(error).toMatchObject({ code: "CONFLICT", expectedVersion: version });
    expect(error.actualVersion).toBeGreaterThan(version);
    // The alert the stale PUT would have removed is still there.
    expect((await call("GET", "/tenants/contoso/alerts/hc-001")).status).toBe(200);

    const fresh = await call("GET", "/tenants/contoso/register?format=json");
    const current = fresh.headers.get("etag") ?? "";
    const renamed = await json(fresh);
    renamed.organisation.name = "Contoso Health Inc.";
    const put = await call("PUT", "/tenants/contoso/register", renamed, { "if-match": current });
    expect(put.status).toBe(200);
    expect((await json(put)).changes.profile.updated).toBe(1);
  });

  it("lets one of two concurrent PUTs made from the same version through, and refuses the other", async () => {
    const read = await call("GET", "/tenants/contoso/register?format=json");
    const version = read.headers.get("etag") ?? "";
    const register = await json(read);
    const renamed = (name: string) => ({
      ...register,
      organisation: { ...register.organisation, name },
    });
    const answers = await Promise.all([
      call("PUT", "/tenants/contoso/register", renamed("Contoso A"), { "if-match": version }),
      call("PUT", "/tenants/contoso/register", renamed("Contoso B"), { "if-match": version }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers[0]?.status === 200 ? "Contoso A" : "Contoso B";
    const after = await json(await call("GET", "/tenants/contoso/register?format=json"));
    expect(after.organisation.name).toBe(winner);
  });

  it("answers bad input with 400 and the loader's issues: file, path, line and expectation", async () => {
    const broken = contoso.groups[0] && {
      ...contoso,
      groups: [{ ...contoso.groups[0], owner: "nobody" }],
    };
    const invalid = await call("PUT", "/tenants/contoso/register", broken);
    expect(invalid.status).toBe(400);
    const error = (await json(invalid)).error;
    expect(error.code).toBe("REGISTER_INVALID");
    expect(error.file).toBe("tenants/contoso/register");
    expect(error.issues).toContainEqual(
      expect.objectContaining({
        code: "UNKNOWN_REFERENCE",
        path: "groups[0].owner",
        line: expect.any(Number),
      }),
    );
    // Nothing was written: the group keeps its owner.
    const groups = (await json(await call("GET", "/tenants/contoso/groups"))).groups;
    expect(groups[0].value.owner).toBe("ana-silva");

    const yaml = await call("PUT", "/tenants/contoso/register", "organisation:\n  name: [\n", {
      "content-type": "text/yaml",
    });
    expect(yaml.status).toBe(400);
    const syntax = (await json(yaml)).error;
    expect(syntax).toMatchObject({ code: "SYNTAX_ERROR", file: "tenants/contoso/register" });
    expect(syntax.issues[0].line).toBeGreaterThanOrEqual(2);
    expect(syntax.message).toMatch(/^tenants\/contoso\/register:\d+:\d+/);

    const alert = await call("POST", "/tenants/contoso/alerts", {
      id: "hc-002",
      group: "health-isac",
      title: "x",
      received: "2026-11-20",
      severity: "urgent",
    });
    expect(alert.status).toBe(400);
    expect((await json(alert)).error.issues).toContainEqual(
      expect.objectContaining({ path: expect.stringContaining("severity") }),
    );

    const triage = await call("POST", "/tenants/contoso/alerts/hc-001/triage", {
      by: "ana-silva",
      decision: { type: "escalate" },
    });
    expect(triage.status).toBe(400);
    expect((await json(triage)).error.issues).toEqual([
      expect.objectContaining({
        path: "decision.type",
        message: expect.stringContaining("share, action or dismiss"),
      }),
    ]);
    const dismissed = await call("POST", "/tenants/contoso/alerts/hc-001/triage", {
      by: "ana-silva",
      decision: { type: "dismiss", reason: "" },
    });
    expect(dismissed.status).toBe(400);

    const ifMatch = await call(
      "POST",
      "/tenants/contoso/alerts/hc-001/triage",
      {},
      { "if-match": "*" },
    );
    expect(ifMatch.status).toBe(400);
    expect((await json(ifMatch)).error.code).toBe("INVALID_ARGUMENT");
  });

  it("answers 415 for a body it cannot read, 404 and 405 for unknown routes and tenants", async () => {
    const text = await call("PUT", "/tenants/contoso/register", "hello", {
      "content-type": "text/plain",
    });
    expect(text.status).toBe(415);
    expect((await json(text)).error).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      accepted: expect.arrayContaining(["application/json", "application/yaml"]),
    });
    const form = await call("POST", "/tenants/contoso/alerts", "a=b", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);

    const unknown = await call("GET", "/tenants/nobody/register");
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe("NOT_FOUND");
    expect((await call("GET", "/tenants/nobody/groups")).status).toBe(404);
    const alertOfNobody = await call("POST", "/tenants/nobody/alerts", {
      group: "cisa",
      title: "x",
      received: "2026-11-20",
    });
    expect(alertOfNobody.status).toBe(404);
    expect((await json(alertOfNobody)).error).toMatchObject({
      code: "NOT_FOUND",
      collection: "profile",
    });
    expect((await call("GET", "/tenants/contoso/alerts/none")).status).toBe(404);
    expect((await call("GET", "/elsewhere")).status).toBe(404);
    const method = await call("DELETE", "/tenants/contoso/register");
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET, PUT");
    const badTenant = await call("GET", "/tenants/Bad%20Tenant/groups");
    expect(badTenant.status).toBe(400);
  });

  it("verifies each tenant's evidence log", async () => {
    for (const tenant of ["northwind", "contoso"]) {
      const verified = await json(await call("GET", `/tenants/${tenant}/evidence/verify`));
      expect(verified.ok).toBe(true);
      expect(verified.entries).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
  });

  it("answers 413 for an oversized body, and 500 without the details for a failure inside", async () => {
    const huge = await call("PUT", "/tenants/contoso/register", "#".repeat(MAX_BODY_BYTES + 1), {
      "content-type": "text/yaml",
    });
    expect(huge.status).toBe(413);
    expect((await json(huge)).error.code).toBe("PAYLOAD_TOO_LARGE");

    const failures: unknown[] = [];
    const down = {
      storage: {
        lastEvidence: () => Promise.reject(new Error("connect postgres://u:hunter2@db failed")),
      },
      tenant: (id: string) => ({ id }),
    } as unknown as Sigreg;
    const broken = createGrcServer({ sigreg: down, onError: (error) => failures.push(error) });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (broken.address() as AddressInfo).port;
      const answer = await fetch(`http://127.0.0.1:${port}/tenants/acme/register`);
      expect(answer.status).toBe(500);
      const text = await answer.text();
      expect(JSON.parse(text).error.code).toBe("INTERNAL");
      expect(text).not.toContain("hunter2");
      expect(failures).toHaveLength(1);
    } finally {
      await new Promise((resolve) => broken.close(resolve));
    }
  });

  it("storageFromEnv picks Postgres when SIGREG_PG_URL is set, SQLite otherwise", async () => {
    const sqlite = storageFromEnv({});
    expect(sqlite.description).toBe("sqlite :memory: (SIGREG_PG_URL is not set)");
    await sqlite.storage.close?.();
    const pg = storageFromEnv({ SIGREG_PG_URL: "postgres://u:secret@127.0.0.1:1/x" });
    expect(pg.description).toBe("postgres (SIGREG_PG_URL)");
    await pg.storage.close?.();
  });
});

/** Drops the test's tables with `pg`, loaded from the adapters package that depends on it. */
async function dropTables(url: string, tables: string[]): Promise<void> {
  const require = createRequire(new URL("../../packages/adapters/package.json", import.meta.url));
  const pg = require("pg") as {
    Client: new (options: {
      connectionString: string;
    }) => {
      connect(): Promise<void>;
      query(sql: string): Promise<unknown>;
      end(): Promise<void>;
    };
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of tables) await client.query(`DROP TABLE IF EXISTS "${table}"`);
  } finally {
    await client.end();
  }
}
