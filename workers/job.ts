/**
 * `npm run job -- <name> [--now <ISO time>]`: runs one job once against DATABASE_URL and
 * prints its result as JSON. `--now` replays a run at a chosen moment.
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "../db/migrate-node";
import { loadConfig, nodeEnvironment } from "../src/config";
import { buildNodeDeps } from "../src/deps-node";
import { isJobName, JOBS, runJob } from "../src/jobs";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { now: { type: "string" } } });
const name = positionals[0];
if (!name || !isJobName(name)) {
  console.error(`Usage: npm run job -- <${Object.keys(JOBS).join("|")}> [--now <ISO time>]`);
  process.exit(2);
}
const now = values.now ? new Date(values.now) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`--now: "${values.now}" is not an ISO date-time`);
  process.exit(2);
}
const deps = await buildNodeDeps(loadConfig(nodeEnvironment()));
await migrateDatabase(deps.db);
const result = await runJob({ deps }, name, now);
console.log(JSON.stringify({ job: name, now: now.toISOString(), result }, null, 2));
deps.close();
