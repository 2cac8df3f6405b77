import { attachNativeBatches } from "../db/native-batches";
import type { Config } from "./config";
import type { Deps } from "./context";
import { buildDeps, type DepsOverrides } from "./deps";

/**
 * `buildDeps` for Node processes (the server, jobs, tests, benchmarks): the same dependencies,
 * plus raw batches (dashboard reads, the inbound group commit, routing) on a native connection
 * with cached statements when the database is a local file (db/native-batches.ts). The Worker
 * builds its own with `buildDeps` and D1.
 */
export async function buildNodeDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const deps: Deps = { ...(await buildDeps(config, {}, overrides)), runtime: "node" };
  const closeBatches = attachNativeBatches(deps.db, config.databaseUrl);
  if (!closeBatches) return deps;
  const closeDatabase = deps.close;
  return {
    ...deps,
    close: () => {
      closeBatches();
      closeDatabase();
    },
  };
}
