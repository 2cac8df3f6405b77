import { attachNativeReads } from "../db/native-reads";
import type { Config } from "./config";
import { buildDeps, type Deps, type DepsOverrides } from "./deps";

/**
 * `buildDeps` for Node processes (the server, jobs, tests, benchmarks): the same dependencies,
 * plus the dashboards' reads on a native connection with cached statements when the database
 * is a local file (db/native-reads.ts). The Worker builds its own with `buildDeps` and D1.
 */
export async function buildNodeDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const deps = await buildDeps(config, {}, overrides);
  const closeReads = attachNativeReads(deps.db, config.databaseUrl);
  if (!closeReads) return deps;
  const closeDatabase = deps.close;
  return {
    ...deps,
    close: () => {
      closeReads();
      closeDatabase();
    },
  };
}
