import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REGISTER_SCHEMA_ID, registerJsonSchema } from "../src/index.js";

describe("register JSON Schema", () => {
  it("is published as register.schema.json, identical to what the zod schemas generate", () => {
    const published = JSON.parse(
      readFileSync(new URL("../register.schema.json", import.meta.url), "utf8"),
    );
    // If this fails, run `pnpm --filter @sigreg/core schema:write` and commit the file.
    expect(published).toEqual(registerJsonSchema());
  });

  it("describes the file's contract: required keys, enums and date formats", () => {
    const schema = registerJsonSchema() as {
      $id: string;
      required: string[];
      properties: Record<
        string,
        { items?: { properties: Record<string, { enum?: string[]; anyOf?: unknown[] }> } }
      >;
    };
    expect(schema.$id).toBe(REGISTER_SCHEMA_ID);
    expect(schema.required).toEqual(expect.arrayContaining(["organisation", "groups"]));
    expect(schema.required).not.toContain("people");
    const group = schema.properties.groups?.items?.properties;
    expect(group?.kind?.enum).toContain("government-cert");
    expect(JSON.stringify(group?.lastReviewed)).toContain('"format":"date"');
  });
});
