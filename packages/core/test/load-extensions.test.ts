import { describe, expect, it } from "vitest";
import { type ExtensionCheck, parseRegister, parseRegisterText } from "../src/index.js";

const yaml = `organisation:
  name: Acme
groups:
  - id: first
    name: FIRST
    kind: isac
    extensions:
      tier: bronze
`;

const tierCheck: ExtensionCheck = (groups) =>
  groups.flatMap((group, index) =>
    group.extensions?.tier === "bronze"
      ? [{ path: ["groups", index, "extensions", "tier"], message: "expected gold or silver" }]
      : [],
  );

describe("loading with an extension check", () => {
  it("fails the load with the issue at its path, line and column", () => {
    const error = parseRegisterText(yaml, {
      file: "register.yaml",
      checkExtensions: tierCheck,
    })._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REGISTER_INVALID", file: "register.yaml" });
    expect(error.issues).toEqual([
      {
        code: "SCHEMA_MISMATCH",
        path: "groups[0].extensions.tier",
        message: "expected gold or silver",
        line: 8,
        column: 13,
      },
    ]);
  });

  it("loads as before without a check, and with a check that finds nothing", () => {
    expect(parseRegisterText(yaml, { file: "register.yaml" }).isOk()).toBe(true);
    const data = {
      organisation: { name: "Acme" },
      groups: [{ id: "g", name: "G", kind: "isac", extensions: { tier: "gold" } }],
    };
    expect(parseRegister(data, { checkExtensions: tierCheck }).isOk()).toBe(true);
  });
});
