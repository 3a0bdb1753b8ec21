/**
 * The per-tenant endpoints of the GRC example, each a thin layer over one engine call.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseAsOf, type Sigreg, type SigregTenant, type TriageInput } from "@sigreg/core";
import {
  etag,
  fromSigregError,
  type HttpError,
  httpError,
  ifMatch,
  isHttpError,
  mediaType,
  parseJson,
  REGISTER_MEDIA_TYPES,
  sendJson,
  unsupportedMediaType,
} from "./http.js";
import { checkTriageBody } from "./triage-body.js";

/** What every tenant endpoint is given. */
export interface TenantRequest {
  /** The engine. */
  sigreg: Sigreg;
  /** The tenant named in the path. */
  tenant: SigregTenant;
  /** The request. */
  request: IncomingMessage;
  /** The response. */
  response: ServerResponse;
  /** The request URL, for its query. */
  url: URL;
  /** The request body, read before the handler runs (empty for a GET). */
  body: Buffer;
  /** The service's clock: the default day findings are evaluated for. */
  clock: () => Date;
}

/**
 * The register's version: the sequence number of the tenant's last evidence entry. Every write
 * of the engine appends one, so any change (an import, an alert, a triage) moves it.
 */
export async function registerVersion(sigreg: Sigreg, tenant: string): Promise<number> {
  return (await sigreg.storage.lastEvidence({ tenant }))?.seq ?? 0;
}

/** `GET /tenants/:t/register`: the register as YAML, or JSON when asked, with its version. */
export async function getRegister(r: TenantRequest): Promise<HttpError | undefined> {
  // Read the version first: should a write land in between, the ETag is older than the body, so a
  // PUT made with it is refused rather than overwriting what it never saw.
  const version = await registerVersion(r.sigreg, r.tenant.id);
  const json =
    r.url.searchParams.get("format") === "json" ||
    (r.request.headers.accept ?? "").includes("application/json");
  const exported = await r.tenant.exportRegister({ format: json ? "json" : "yaml" });
  if (exported.isErr()) return fromSigregError(exported.error);
  r.response.writeHead(200, {
    "content-type": json ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8",
    ...etag(version),
  });
  r.response.end(exported.value);
  return undefined;
}

/**
 * `PUT /tenants/:t/register`: makes the tenant's data equal to the body (YAML or JSON), or only
 * adds and updates with `?mode=merge`. With `If-Match`, refused with 409 when the register has
 * changed since that version was read.
 */
export async function putRegister(r: TenantRequest): Promise<HttpError | undefined> {
  const type = mediaType(r.request);
  if (type === undefined || !(REGISTER_MEDIA_TYPES as readonly string[]).includes(type))
    return unsupportedMediaType(type, REGISTER_MEDIA_TYPES);
  const mode = r.url.searchParams.get("mode") ?? "replace";
  if (mode !== "replace" && mode !== "merge")
    return httpError(400, "INVALID_ARGUMENT", `mode: expected replace or merge, got "${mode}"`);
  const expected = ifMatch(r.request);
  if (isHttpError(expected)) return expected;
  const file = `tenants/${r.tenant.id}/register`;
  // The server runs a tenant's writes one at a time, so no write lands between check and import.
  const current = await registerVersion(r.sigreg, r.tenant.id);
  if (expected !== undefined && expected !== current)
    return httpError(
      409,
      "CONFLICT",
      `${file} changed since version ${expected} was read (now version ${current}); read it again and retry`,
      {
        collection: "register",
        id: r.tenant.id,
        expectedVersion: expected,
        actualVersion: current,
      },
    );
  const imported = await r.tenant.importRegister({ text: r.body, file }, { mode });
  if (imported.isErr()) return fromSigregError(imported.error);
  const version = await registerVersion(r.sigreg, r.tenant.id);
  sendJson(r.response, 200, { version, changes: imported.value }, etag(version));
  return undefined;
}

/** `GET /tenants/:t/groups`: every group with its version. */
export async function listGroups(r: TenantRequest): Promise<HttpError | undefined> {
  const missing = await requireTenant(r.tenant);
  if (missing !== undefined) return missing;
  const groups = [];
  for await (const group of r.tenant.groups.list()) groups.push(group);
  sendJson(r.response, 200, { groups });
  return undefined;
}

/** `POST /tenants/:t/alerts`: records an alert (201), or 200 when that alert id is already stored. */
export async function postAlert(r: TenantRequest): Promise<HttpError | undefined> {
  const body = parseJson(r.request, r.body, `tenants/${r.tenant.id}/alerts`);
  if (isHttpError(body)) return body;
  const missing = await requireTenant(r.tenant);
  if (missing !== undefined) return missing;
  const recorded = await r.tenant.recordAlert(body.json as never);
  if (recorded.isErr()) return fromSigregError(recorded.error);
  const stored = await r.tenant.getAlert(recorded.value.id);
  const location = `/tenants/${r.tenant.id}/alerts/${encodeURIComponent(recorded.value.id)}`;
  sendJson(r.response, recorded.value.created ? 201 : 200, stored, {
    location,
    ...etag(stored?.version ?? 0),
  });
  return undefined;
}

/** `GET /tenants/:t/alerts/:id`: one alert with its version as the ETag. */
export async function getAlert(r: TenantRequest, id: string): Promise<HttpError | undefined> {
  const alert = await r.tenant.getAlert(id);
  if (alert === undefined)
    return fromSigregError({ code: "NOT_FOUND", tenant: r.tenant.id, collection: "alerts", id });
  sendJson(r.response, 200, alert, etag(alert.version));
  return undefined;
}

/** `POST /tenants/:t/alerts/:id/triage`: shares, actions or dismisses it; `If-Match` is its version. */
export async function triage(r: TenantRequest, id: string): Promise<HttpError | undefined> {
  const expected = ifMatch(r.request);
  if (isHttpError(expected)) return expected;
  const file = `tenants/${r.tenant.id}/alerts/${id}/triage`;
  const body = parseJson(r.request, r.body, file);
  if (isHttpError(body)) return body;
  const checked = checkTriageBody(body.json, file);
  if (isHttpError(checked)) return checked;
  const input: TriageInput = {
    alert: id,
    ...checked,
    ...(expected === undefined ? {} : { expectedVersion: expected }),
  };
  const triaged = await r.tenant.triageAlert(input);
  if (triaged.isErr()) return fromSigregError(triaged.error);
  sendJson(r.response, 200, triaged.value, etag(triaged.value.version));
  return undefined;
}

/** `GET /tenants/:t/findings?asOf=YYYY-MM-DD`: the rules' findings as of that day (default today). */
export async function findings(r: TenantRequest): Promise<HttpError | undefined> {
  const text = r.url.searchParams.get("asOf");
  let asOf = r.clock();
  if (text !== null) {
    const parsed = parseAsOf(text);
    if (parsed.isErr())
      return httpError(400, "INVALID_ARGUMENT", `asOf: ${parsed.error}`, {
        issues: [{ code: "INVALID_ARGUMENT", path: "asOf", message: parsed.error }],
      });
    asOf = parsed.value;
  }
  const evaluation = await r.tenant.evaluate({ asOf });
  if (evaluation.isErr()) return fromSigregError(evaluation.error);
  const { verdict, findings, kpis, diagnostics } = evaluation.value;
  sendJson(r.response, 200, { asOf, verdict, kpis, findings, ...(diagnostics && { diagnostics }) });
  return undefined;
}

/** `GET /tenants/:t/evidence/verify`: walks the tenant's evidence chain (200 whether or not it holds). */
export async function verifyEvidence(r: TenantRequest): Promise<HttpError | undefined> {
  sendJson(r.response, 200, await r.tenant.verifyEvidence());
  return undefined;
}

/** 404 for a tenant that has no register yet. */
async function requireTenant(tenant: SigregTenant): Promise<HttpError | undefined> {
  if ((await tenant.profile.get()) !== undefined) return undefined;
  return fromSigregError({
    code: "NOT_FOUND",
    tenant: tenant.id,
    collection: "profile",
    id: "profile",
  });
}
