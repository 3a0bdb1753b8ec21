/**
 * A small multi-tenant HTTP service embedding sigreg: the shape a GRC platform takes. No framework,
 * only node:http; every route is one engine call (see tenant-routes.ts).
 *
 *   SIGREG_PG_URL=postgres://… PORT=8080 pnpm tsx examples/grc-embed/server.ts
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { postgresStorage, sqliteStorage } from "@sigreg/adapters/sql";
import { createSigreg, idSchema, type Sigreg, type StorageAdapter } from "@sigreg/core";
import { type HttpError, httpError, isHttpError, readBody, sendError } from "./http.js";
import {
  findings,
  getAlert,
  getRegister,
  listGroups,
  postAlert,
  putRegister,
  type TenantRequest,
  triage,
  verifyEvidence,
} from "./tenant-routes.js";

/** Options of {@link createGrcServer}. */
export interface GrcServerOptions {
  /** The engine, already migrated. */
  sigreg: Sigreg;
  /**
   * The day findings are evaluated for when a request names none.
   * @default () => new Date()
   */
  clock?: () => Date;
  /**
   * Receives unexpected failures (a database down); the client gets a 500 without the details.
   * @default console.error
   */
  onError?: (error: unknown) => void;
}

type Route = (r: TenantRequest, id: string) => Promise<HttpError | undefined>;

/** Method → handler, per path shape after `/tenants/:t`. */
const ROUTES: { pattern: RegExp; methods: Record<string, Route> }[] = [
  { pattern: /^\/register$/, methods: { GET: getRegister, PUT: putRegister } },
  { pattern: /^\/groups$/, methods: { GET: listGroups } },
  { pattern: /^\/alerts$/, methods: { POST: postAlert } },
  { pattern: /^\/alerts\/([^/]+)$/, methods: { GET: getAlert } },
  { pattern: /^\/alerts\/([^/]+)\/triage$/, methods: { POST: triage } },
  { pattern: /^\/findings$/, methods: { GET: findings } },
  { pattern: /^\/evidence\/verify$/, methods: { GET: verifyEvidence } },
];

/**
 * Creates the service (not yet listening): per-tenant routes under `/tenants/:t`, errors as JSON
 * `{ error: { code, message, … } }` with the engine's codes.
 * @example
 * const server = createGrcServer({ sigreg });
 * server.listen(8080);
 */
export function createGrcServer(options: GrcServerOptions): Server {
  const clock = options.clock ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const locks = new Map<string, Promise<unknown>>();
  const exclusive = <T>(tenant: string, fn: () => Promise<T>): Promise<T> => {
    const previous = locks.get(tenant) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    locks.set(tenant, settled);
    void settled.then(() => {
      if (locks.get(tenant) === settled) locks.delete(tenant);
    });
    return next;
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = /^\/tenants\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (match?.[1] === undefined || match[2] === undefined)
      return httpError(404, "ROUTE_NOT_FOUND", `no route for ${url.pathname}`);
    const tenantId = safeDecode(match[1]);
    if (tenantId === undefined || !idSchema.safeParse(tenantId).success)
      return httpError(
        400,
        "INVALID_ARGUMENT",
        `tenant: expected an id of letters, digits, '.', '_', ':' or '-', got ${JSON.stringify(match[1])}`,
      );
    for (const route of ROUTES) {
      const found = route.pattern.exec(match[2]);
      if (found === null) continue;
      const handler = route.methods[request.method ?? "GET"];
      if (handler === undefined) {
        const allow = Object.keys(route.methods).join(", ");
        const error = httpError(405, "METHOD_NOT_ALLOWED", `expected ${allow}`);
        return { ...error, headers: { allow } };
      }
      const id = found[1] === undefined ? "" : safeDecode(found[1]);
      if (id === undefined) return httpError(400, "INVALID_ARGUMENT", "bad percent-encoding");
      const tenant = options.sigreg.tenant(tenantId);
      if (request.method === "GET") {
        const body = Buffer.alloc(0);
        return handler({ sigreg: options.sigreg, tenant, request, response, url, clock, body }, id);
      }
      // The body is read before the tenant's lock is taken, so a slow upload holds up no one.
      const body = await readBody(request);
      if (isHttpError(body)) return body;
      // A tenant's writes run one at a time in this process: a register PUT checks its If-Match
      // and imports with no other write of the tenant in between. Reads are never held up.
      return exclusive(tenantId, () =>
        handler({ sigreg: options.sigreg, tenant, request, response, url, clock, body }, id),
      );
    }
    return httpError(404, "ROUTE_NOT_FOUND", `no route for ${url.pathname}`);
  };
  return createServer((request, response) => {
    handle(request, response).then(
      (error) => {
        if (error !== undefined) sendError(response, error);
      },
      (error: unknown) => {
        onError(error);
        if (!response.headersSent)
          sendError(response, httpError(500, "INTERNAL", "internal error; see the service log"));
        else response.destroy();
      },
    );
  });
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Storage from the environment: Postgres at `SIGREG_PG_URL` when it is set; otherwise SQLite, in
 * the file `SIGREG_SQLITE_FILE` or in memory, so the example runs anywhere.
 */
export function storageFromEnv(env: NodeJS.ProcessEnv = process.env): {
  storage: StorageAdapter;
  description: string;
} {
  const url = env.SIGREG_PG_URL;
  if (url !== undefined && url !== "")
    return {
      storage: postgresStorage({
        connectionString: url,
        ...(env.SIGREG_TABLE_PREFIX ? { tablePrefix: env.SIGREG_TABLE_PREFIX } : {}),
      }),
      description: "postgres (SIGREG_PG_URL)",
    };
  const filename = env.SIGREG_SQLITE_FILE || ":memory:";
  return {
    storage: sqliteStorage({ filename }),
    description: `sqlite ${filename} (SIGREG_PG_URL is not set)`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { storage, description } = storageFromEnv();
  const sigreg = createSigreg({ storage, actor: "grc-embed" });
  await sigreg.migrate();
  const port = Number(process.env.PORT ?? 8080);
  const server = createGrcServer({ sigreg });
  server.listen(port, () => console.log(`grc-embed on http://localhost:${port}, ${description}`));
  const stop = () => server.close(() => void sigreg.close());
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
