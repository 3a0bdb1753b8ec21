import { memoryStorage } from "@sigreg/adapters/memory";
import { runStorageConformance } from "@sigreg/adapters/testing";
import { describe, it } from "vitest";

// A fresh store per test, and one shared by every test (the suite must not need an empty store).
runStorageConformance({
  name: "memory",
  runner: { describe, it },
  create: async () => memoryStorage(),
});

const shared = memoryStorage({ name: "memory (shared)" });
runStorageConformance({
  name: "memory, one shared store",
  runner: { describe, it },
  create: async () => shared,
});
