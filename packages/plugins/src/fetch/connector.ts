import { lookup as dnsLookup } from "node:dns";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { Agent, buildConnector } from "undici";
import type { AddressPolicy } from "./address-policy.js";
import { bareAddress } from "./address-policy.js";
import { FetchError } from "./errors.js";

/** One address a host name resolves to. */
export interface ResolvedAddress {
  /** The address, e.g. `93.184.215.14` or `2606:2800::1`. */
  address: string;
  /** 4 or 6. */
  family: 4 | 6;
}

/** Resolves a host name to every address it has (by default `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver, as {@link ResolveHost}. */
export const systemResolve: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else
        resolve(
          addresses.map((entry) => ({
            address: entry.address,
            family: entry.family === 6 ? 6 : 4,
          })),
        );
    });
  });

/** A `net.connect` lookup that resolves with `resolve` and refuses when any answer is blocked. */
function guardedLookup(
  policy: AddressPolicy,
  resolve: ResolveHost,
  protocol: string,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (answers) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = answers.filter((answer) => family === undefined || answer.family === family);
        if (usable.length === 0) {
          const error = Object.assign(new Error(`${hostname} has no address`), {
            code: "ENOTFOUND",
          });
          callback(error, "", 0);
          return;
        }
        // One blocked answer refuses the host: a name mixing public and internal answers is a
        // rebinding attempt more often than a mistake.
        for (const answer of usable) {
          const refusal = policy.refusal(hostname, answer.address);
          if (refusal !== undefined) {
            callback(blocked(protocol, hostname, `${hostname} resolves to ${refusal}`), "", 0);
            return;
          }
        }
        if (options.all)
          callback(
            null,
            usable.map((answer) => ({ ...answer })),
          );
        else {
          const first = usable[0] as ResolvedAddress;
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

/** The refusal error for a host. */
function blocked(protocol: string, host: string, reason: string): FetchError {
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  return new FetchError({
    code: "FETCH_BLOCKED",
    url: `${protocol}//${shown}`,
    reason: `${reason}; add it to \`allow\` only if this feed is deliberately internal`,
  });
}

/**
 * An undici agent whose every connection is checked: IP-literal hosts before connecting, names
 * through a guarding DNS lookup, and — whatever the route — the socket's actual remote address
 * once connected, so the address used is the address checked.
 * @internal
 */
export function guardedAgent(options: {
  policy: AddressPolicy;
  resolve: ResolveHost;
  connectTimeoutMs: number;
}): Agent {
  const { policy } = options;
  const connectors = new Map<string, buildConnector.connector>();
  const connectorFor = (protocol: string) => {
    let connector = connectors.get(protocol);
    if (!connector) {
      connector = buildConnector({
        timeout: options.connectTimeoutMs,
        lookup: guardedLookup(policy, options.resolve, protocol),
      });
      connectors.set(protocol, connector);
    }
    return connector;
  };
  return new Agent({
    connect(connectOptions, callback) {
      const hostname = bareAddress(connectOptions.hostname);
      const protocol = connectOptions.protocol;
      if (isIP(hostname) !== 0) {
        const refusal = policy.refusal(hostname, hostname);
        if (refusal !== undefined) {
          callback(blocked(protocol, hostname, refusal), null);
          return;
        }
      }
      connectorFor(protocol)(connectOptions, (error, socket) => {
        if (error || !socket) {
          callback(error ?? new Error("no socket"), null);
          return;
        }
        const remote = (socket as Socket).remoteAddress;
        const refusal =
          remote === undefined
            ? "the connection has no remote address"
            : policy.refusal(hostname, remote);
        if (refusal !== undefined) {
          socket.destroy();
          callback(blocked(protocol, hostname, `connected to ${refusal}`), null);
          return;
        }
        callback(null, socket);
      });
    },
  });
}
