import { parseRegister, type Register, type RegisterError } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";

/** A store of one register per tenant, held in memory. For tests and small embeddings. */
export interface MemoryRegisterStore {
  /** The tenant's register, or `undefined`. */
  get(options: { tenant: string }): Register | undefined;
  /** Validates and stores a tenant's register; on error nothing already stored changes. */
  put(options: { tenant: string; data: unknown }): Result<Register, RegisterError>;
  /** Tenants with a register, in insertion order. */
  tenants(): string[];
}

/**
 * Creates an in-memory register store.
 * @example
 * const store = memoryRegisterStore();
 * store.put({ tenant: "acme", data: registerObject });
 */
export function memoryRegisterStore(): MemoryRegisterStore {
  const registers = new Map<string, Register>();
  return {
    get: ({ tenant }) => registers.get(tenant),
    put: ({ tenant, data }) => {
      const parsed = parseRegister(data, { file: `tenant ${tenant}` });
      if (parsed.isErr()) return err(parsed.error);
      registers.set(tenant, parsed.value);
      return ok(parsed.value);
    },
    tenants: () => [...registers.keys()],
  };
}
