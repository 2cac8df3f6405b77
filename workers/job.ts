/**
 * `npm run job -- <name> [--now <ISO time>]`: runs one job once against DATABASE_URL and
 * prints its result as JSON. `--now` replays a run at a chosen moment.
 */
import { parseArgs } from "node:util";
import { DatabaseNotWritableError, describeDatabase, migrateAndProveWritable } from "../db/startup";
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
const config = loadConfig(nodeEnvironment());
const deps = await buildNodeDeps(config);
try {
  await migrateAndProveWritable(deps.db, describeDatabase(config.databaseUrl), deps.clock.now());
} catch (error) {
  if (!(error instanceof DatabaseNotWritableError)) throw error;
  console.error(`The job cannot run.\n${error.message}`);
  deps.close();
  process.exit(1);
}
const result = await runJob({ deps }, name, now);
console.log(JSON.stringify({ job: name, now: now.toISOString(), result }, null, 2));
await deps.settle();
deps.close();
