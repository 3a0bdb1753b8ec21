import { describe, expect, it } from "vitest";
import { memoryRegisterStore } from "../src/memory/index.js";

const valid = { organisation: { name: "Acme" }, groups: [{ id: "g", name: "G", kind: "isac" }] };

describe("memoryRegisterStore", () => {
  it("stores a validated register per tenant", () => {
    const store = memoryRegisterStore();
    expect(store.put({ tenant: "a", data: valid }).isOk()).toBe(true);
    expect(store.get({ tenant: "a" })?.groups[0]?.id).toBe("g");
    expect(store.get({ tenant: "b" })).toBeUndefined();
    expect(store.tenants()).toEqual(["a"]);
  });

  it("rejects an invalid register with its path and keeps what was stored", () => {
    const store = memoryRegisterStore();
    store.put({ tenant: "a", data: valid });
    const result = store.put({
      tenant: "a",
      data: { organisation: { name: "Acme" }, groups: [{ id: "g", name: "G", kind: "club" }] },
    });
    expect(result.isErr() && result.error.issues.map((issue) => issue.path)).toEqual([
      "groups[0].kind",
    ]);
    expect(result.isErr() && result.error.file).toBe("tenant a");
    expect(store.get({ tenant: "a" })?.groups[0]?.kind).toBe("isac");
  });
});
