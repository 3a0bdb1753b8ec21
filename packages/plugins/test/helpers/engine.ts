import { memoryStorage } from "@sigreg/adapters/memory";
import {
  createSigreg,
  type Group,
  type GroupInput,
  type ProfileInput,
  type SigregTenant,
} from "@sigreg/core";

/** A tenant on memory storage with a profile and one group. */
export async function tenantWith(
  group: GroupInput,
  organisation: ProfileInput["organisation"] = {
    name: "Acme",
    technologies: ["microsoft", "git", "apache/tomcat"],
  },
): Promise<{ tenant: SigregTenant; group: Group }> {
  const tenant = createSigreg({
    storage: memoryStorage(),
    clock: () => new Date("2026-03-16T00:00:00Z"),
  }).tenant("t1");
  (await tenant.profile.set({ organisation })).match(
    () => undefined,
    (error) => {
      throw new Error(JSON.stringify(error));
    },
  );
  const created = (await tenant.groups.create(group))._unsafeUnwrap();
  return { tenant, group: created.value };
}

/** Every alert of a tenant. */
export async function alertsOf(tenant: SigregTenant) {
  const out = [];
  for await (const alert of tenant.alerts()) out.push(alert);
  return out;
}
