/**
 * The embedded default: `npm start`. Plain Node, a local SQLite file, console providers
 * unless credentials are set. Migrates and (in development, on an empty database) seeds the
 * demo district before listening; runs the scheduled jobs on a timer; stops cleanly.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { serve } from "@hono/node-server";
import { seedDemoDistrict } from "../db/seed/demo-district";
import { isDatabaseEmpty } from "../db/seed/is-empty";
import { DatabaseNotWritableError, describeDatabase, migrateAndProveWritable } from "../db/startup";
import { createApp } from "../src/app";
import { ConfigError, loadConfig, nodeEnvironment } from "../src/config";
import { buildNodeDeps } from "../src/deps-node";
import { runDueJobs } from "../src/jobs";

const JOB_INTERVAL_MS = 60_000;

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(nodeEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Doorstep cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (config.databaseUrl?.startsWith("file:")) {
    mkdirSync(dirname(config.databaseUrl.slice("file:".length)), { recursive: true });
  }
  const deps = await buildNodeDeps(config);
  try {
    await migrateAndProveWritable(deps.db, describeDatabase(config.databaseUrl), deps.clock.now());
  } catch (error) {
    if (error instanceof DatabaseNotWritableError) {
      console.error(`Doorstep cannot start.\n${error.message}`);
      deps.close();
      process.exit(1);
    }
    throw error;
  }
  if (config.demoSeed && (await isDatabaseEmpty(deps.db))) {
    const summary = await seedDemoDistrict(deps.db, deps.clock.now());
    deps.log("info", "seeded the demo district", summary);
  }

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: "0.0.0.0" }, (info) => {
    const url = config.port === info.port ? config.publicBaseUrl : `http://localhost:${info.port}`;
    console.log(`Doorstep is listening on ${url} (${config.appEnv})`);
    if (config.appEnv === "development") console.log(`Sign in as a demo educator: ${url}/dev/login`);
  });

  let stopping = false;
  // Jobs on a timer; one run at a time, so a slow run is never overlapped by the next tick.
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running || stopping) return;
    running = runDueJobs({ deps }, deps.clock.now())
      .then((results) => {
        // The dispatcher ran out of its time budget with texts still due: go on now rather than
        // leave them for the next tick (a school-wide send at a low SMS_MPS takes minutes).
        if ((results.dispatch as { more?: boolean } | undefined)?.more) setImmediate(tick);
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, JOB_INTERVAL_MS);
  tick();

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    clearInterval(timer);
    server.close();
    deps.shutdown.abort(); // a dispatcher run pacing texts hands them back rather than sending for minutes
    await running; // let a job that is mid-write finish
    await deps.settle(); // background work, and reads' access-audit rows not yet written
    deps.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

await main();
