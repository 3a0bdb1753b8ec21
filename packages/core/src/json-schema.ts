import { z } from "zod";
import { registerSchema } from "./model/register.js";

/** The `$id` of the published register JSON Schema (an identifier; see {@link REGISTER_SCHEMA_URL} to fetch it). */
export const REGISTER_SCHEMA_ID = "https://sigreg.dev/schema/register.json";

/**
 * Where editors can fetch the register JSON Schema: the copy published in the `@sigreg/core` npm
 * package (its `register.schema.json`), served by unpkg. `sigreg schema` prints the same schema for
 * a local copy, and `node_modules/@sigreg/core/register.schema.json` is it too.
 */
export const REGISTER_SCHEMA_URL = "https://unpkg.com/@sigreg/core/register.schema.json";

/**
 * The JSON Schema (draft 2020-12) of the register file, generated from the zod schemas, so editors
 * can validate and autocomplete a register.
 * @example writeFileSync("register.schema.json", JSON.stringify(registerJsonSchema(), null, 2));
 */
export function registerJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(registerSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: REGISTER_SCHEMA_ID, title: "sigreg register" };
}
