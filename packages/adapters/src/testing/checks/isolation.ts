import assert from "node:assert/strict";
import { seededRandom } from "../prng.js";
import type { ConformanceContext, StorageConformanceCheck } from "../types.js";
import { ownTenants } from "./expect.js";
import { MODEL_COLLECTIONS, randomOperation, SHARED_IDS, StorageModel } from "./isolation-model.js";

/** Independent random sequences per check, and operations in each. */
const RUNS = 3;
const STEPS = 40;

/** Checks every record, evidence entry and tenant listing of both tenants against the model. */
async function expectMatches(
  context: ConformanceContext,
  model: StorageModel,
  tenants: readonly string[],
): Promise<void> {
  const { adapter } = context;
  for (const tenant of tenants) {
    for (const collection of MODEL_COLLECTIONS) {
      const listed = await adapter.list({ tenant, collection, limit: 100 });
      assert.deepEqual(
        listed.map(({ id, version, data }) => ({ id, version, data })),
        model.list(tenant, collection),
        `list ${tenant}/${collection}`,
      );
      for (const id of SHARED_IDS) {
        const expected = model.record(tenant, collection, id);
        const record = await adapter.get({ tenant, collection, id });
        assert.deepEqual(
          record,
          expected === undefined ? undefined : { tenant, collection, id, ...expected },
          `get ${tenant}/${collection}/${id}`,
        );
      }
    }
    const log = model.evidence(tenant);
    assert.deepEqual(
      await adapter.listEvidence({ tenant, limit: 1000 }),
      log,
      `listEvidence ${tenant}`,
    );
    assert.deepEqual(await adapter.lastEvidence({ tenant }), log.at(-1), `lastEvidence ${tenant}`);
  }
  const withProfile = tenants.filter((tenant) => model.list(tenant, "profile").length > 0);
  assert.deepEqual(
    (await ownTenants(context)).filter((tenant) => tenants.includes(tenant)),
    [...withProfile].sort(),
    "listTenants",
  );
}

/** Tenant isolation, as a property over random operation sequences. @internal */
export const isolationChecks: StorageConformanceCheck[] = [
  {
    group: "isolation",
    name: `random puts, removes, insertMany and evidence appends on two tenants with the same ids match a model after every step (${RUNS} × ${STEPS} steps)`,
    async run(context) {
      for (let r = 0; r < RUNS; r++) {
        const seed = (context.seed + r) >>> 0;
        const random = seededRandom(seed);
        const model = new StorageModel();
        const tenants = [context.tenant(`r${r}-a`), context.tenant(`r${r}-b`)];
        for (let step = 1; step <= STEPS; step++) {
          const operation = randomOperation(random, model, tenants, step);
          const inTransaction = random.chance(0.2);
          try {
            const { adapter } = context;
            await (inTransaction
              ? adapter.transaction((tx) => operation.apply(tx))
              : operation.apply(adapter));
            await expectMatches(context, model, tenants);
          } catch (error) {
            if (error instanceof Error) {
              const how = inTransaction ? " in a transaction" : "";
              error.message = `isolation (seed ${seed}; replay with \`seed: ${context.seed}\`), step ${step}, after ${operation.describe}${how}: ${error.message}`;
            }
            throw error;
          }
        }
      }
    },
  },
];
