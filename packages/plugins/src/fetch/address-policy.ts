import { BlockList, isIP } from "node:net";

/** A non-public range the guard refuses, with the name used in refusals. */
export interface BlockedRange {
  /** What the range is, as said in a refusal, e.g. `"loopback"`. */
  name: string;
  /** The range, e.g. `"127.0.0.0/8"`. */
  cidr: string;
}

/** Every range refused by default: not reachable on, or not meant for, the public internet. */
export const BLOCKED_RANGES: readonly BlockedRange[] = [
  { name: "this-network", cidr: "0.0.0.0/8" },
  { name: "private", cidr: "10.0.0.0/8" },
  { name: "carrier-grade NAT", cidr: "100.64.0.0/10" },
  { name: "loopback", cidr: "127.0.0.0/8" },
  { name: "link-local", cidr: "169.254.0.0/16" },
  { name: "private", cidr: "172.16.0.0/12" },
  { name: "IETF protocol assignments", cidr: "192.0.0.0/24" },
  { name: "documentation", cidr: "192.0.2.0/24" },
  { name: "6to4 relay anycast", cidr: "192.88.99.0/24" },
  { name: "private", cidr: "192.168.0.0/16" },
  { name: "benchmarking", cidr: "198.18.0.0/15" },
  { name: "documentation", cidr: "198.51.100.0/24" },
  { name: "documentation", cidr: "203.0.113.0/24" },
  { name: "multicast", cidr: "224.0.0.0/4" },
  { name: "reserved", cidr: "240.0.0.0/4" },
  { name: "loopback", cidr: "::1/128" },
  { name: "unspecified", cidr: "::/128" },
  { name: "IPv4-compatible (deprecated)", cidr: "::/96" },
  { name: "IPv4/IPv6 translation (local use)", cidr: "64:ff9b:1::/48" },
  { name: "discard-only", cidr: "100::/64" },
  { name: "IETF protocol assignments", cidr: "2001::/23" },
  { name: "documentation", cidr: "2001:db8::/32" },
  { name: "6to4", cidr: "2002::/16" },
  { name: "documentation", cidr: "3fff::/20" },
  { name: "unique-local", cidr: "fc00::/7" },
  { name: "link-local", cidr: "fe80::/10" },
  { name: "site-local (deprecated)", cidr: "fec0::/10" },
  { name: "multicast", cidr: "ff00::/8" },
];

/** A parsed CIDR and a block list holding it. */
interface Subnet {
  cidr: string;
  list: BlockList;
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address; undefined when it is neither. */
function subnet(text: string): Subnet | undefined {
  const [address = "", prefixText] = text.split("/");
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) return undefined;
  const list = new BlockList();
  list.addSubnet(address, prefix, version === 4 ? "ipv4" : "ipv6");
  return { cidr: `${address}/${prefix}`, list };
}

const BLOCKED: readonly (BlockedRange & Subnet)[] = BLOCKED_RANGES.map((range) => {
  const parsed = subnet(range.cidr);
  if (!parsed) throw new Error(`bad built-in range ${range.cidr}`);
  return { ...range, ...parsed };
});

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::/96`) IPv6 one. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:([\d.]+)|([\da-f]{1,4}):([\da-f]{1,4}))$/i.exec(address);
  if (!match) return undefined;
  if (match[1]) return isIP(match[1]) === 4 ? match[1] : undefined;
  const high = Number.parseInt(match[2] ?? "0", 16);
  const low = Number.parseInt(match[3] ?? "0", 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Brackets and zone id removed, lower case: the form the checks expect. */
export function bareAddress(host: string): string {
  return host
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "")
    .toLowerCase();
}

/** Decides which hosts and addresses a fetcher may connect to. */
export interface AddressPolicy {
  /** Why connecting to `address` for `hostname` is refused, or undefined when it is allowed. */
  refusal(hostname: string, address: string): string | undefined;
  /** True when `hostname` is allow-listed by name (any address it resolves to is then allowed). */
  hostAllowed(hostname: string): boolean;
}

/**
 * The SSRF policy: every non-public range refused unless allow-listed by host name or CIDR.
 * @throws TypeError when an `allow` entry is neither a host name, an IP address nor a CIDR.
 */
export function createAddressPolicy(allow: readonly string[] = []): AddressPolicy {
  const hosts = new Set<string>();
  const subnets: Subnet[] = [];
  allow.forEach((entry, index) => {
    const text = entry.trim().toLowerCase();
    const parsed = subnet(bareAddress(text));
    if (parsed) subnets.push(parsed);
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(text))
      hosts.add(text.replace(/\.$/, ""));
    else
      throw new TypeError(
        `createFetcher: allow[${index}] is "${entry}"; expected a host name, an IP address or a CIDR such as 10.1.0.0/16`,
      );
  });
  const hostAllowed = (hostname: string) => hosts.has(bareAddress(hostname).replace(/\.$/, ""));
  const listed = (address: string, family: "ipv4" | "ipv6") =>
    subnets.some((entry) => entry.list.check(address, family));
  return {
    hostAllowed,
    refusal(hostname, rawAddress) {
      if (hostAllowed(hostname)) return undefined;
      const address = bareAddress(rawAddress);
      const version = isIP(address);
      if (version === 0) return `"${rawAddress}" is not an IP address`;
      const family = version === 4 ? "ipv4" : "ipv6";
      if (listed(address, family)) return undefined;
      const inner = version === 6 ? embeddedIpv4(address) : undefined;
      if (inner !== undefined) {
        if (listed(inner, "ipv4")) return undefined;
        const reason = refusalOf(inner, "ipv4");
        return reason && `${address} embeds ${inner}, which ${reason}`;
      }
      const reason = refusalOf(address, family);
      return reason && `${address} ${reason}`;
    },
  };
}

/** "is loopback (127.0.0.0/8)" when the address is in a blocked range. */
function refusalOf(address: string, family: "ipv4" | "ipv6"): string | undefined {
  const range = BLOCKED.find((entry) => entry.list.check(address, family));
  return range && `is ${range.name} (${range.cidr})`;
}
