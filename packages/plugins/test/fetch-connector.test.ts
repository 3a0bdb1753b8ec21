import { afterEach, expect, it } from "vitest";
import type { AddressPolicy } from "../src/fetch/address-policy.js";
import { guardedAgent } from "../src/fetch/connector.js";
import { FetchError } from "../src/fetch/index.js";
import { type LocalServer, localServer, rejection } from "./fetch/server.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
});

it("drops a connection whose actual remote address is refused, before sending anything", async () => {
  let hits = 0;
  server = await localServer((_request, response) => {
    hits += 1;
    response.end("should not be reached");
  });
  // A policy that lets the DNS answer through but refuses the address once connected: it stands
  // for any route (a lookup bypass, a resolver lying) by which the socket lands somewhere else.
  const checks: string[] = [];
  const policy: AddressPolicy = {
    hostAllowed: () => false,
    refusal(hostname, address) {
      checks.push(`${hostname} ${address}`);
      return checks.length === 1 ? undefined : `${address} is loopback (127.0.0.0/8)`;
    },
  };
  const agent = guardedAgent({
    policy,
    resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    connectTimeoutMs: 2_000,
  });
  try {
    const error = await rejection(
      agent.request({ origin: `http://checked.test:${server.port}`, path: "/", method: "GET" }),
    );
    expect(error).toBeInstanceOf(FetchError);
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).toContain("connected to 127.0.0.1 is loopback");
    expect(checks).toEqual(["checked.test 127.0.0.1", "checked.test 127.0.0.1"]);
    expect(hits).toBe(0);
  } finally {
    await agent.close();
  }
});
