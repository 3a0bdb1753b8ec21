import { type Register, registerSchema } from "@sigreg/core";

/** A register with one technical forum per id, each with the website `https://<id>.example.org/`. */
export function buildRegisterFor(base: { organisation: object }, ids: string[]): Register {
  return registerSchema.parse({
    ...base,
    groups: ids.map((id) => ({
      id,
      name: `Group ${id}`,
      kind: "technical-forum",
      url: `https://${id}.example.org/`,
    })),
  });
}
