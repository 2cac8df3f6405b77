/**
 * The signed inbound-SMS webhook under load, on Node: 50 connections, every request a new
 * MessageSid with a valid X-Twilio-Signature. Baseline, measured in the same run: a bare Hono
 * route that only parses the form and checks the signature. Reports requests/s and p99 and
 * the ratio (target ≥ 0.5× the baseline's throughput, p99 ≤ 50 ms).
 *
 * Every 50th text is HELP, whose answer is routed, rendered and sent while the load runs, as in
 * production: Twilio's Messages API is answered by a stub on a local port (the one network
 * boundary we do not own), so sends cost what an HTTP request costs, not a failed DNS lookup.
 *
 * Routing (family match, threads, notifications) runs after the answer; after each full-server
 * run the benchmark waits until it is idle (every receipt in inbound_queue routed) and counts its
 * CPU with the run's: the sustained capacity, texts per second per core, includes routing.
 *
 * BENCH_DATABASE=<file> runs on a kept database (e.g. the district bench/dashboard-scale.ts
 * builds with BENCH_KEEP=1: 100k families, 1M messages) instead of a fresh demo district;
 * BENCH_ANALYZE=1 runs ANALYZE first (the statistics PRAGMA optimize or a DBA leaves).
 *
 * On a machine with two cores or more the benchmark pins itself (the servers) to CPU 0 and runs
 * the load generator as a separate process on the last CPU (bench/load-signed-sms.ts); with one
 * core, everything shares it. Run it alone: other work on CPU 0 is counted against the servers.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { inboundQueue } from "../db/schema";
import { seedDemoDistrict } from "../db/seed/demo-district";
import { createApp } from "../src/app";
import { verifyTwilioSignature } from "../src/auth/twilio-signature";
import { routeInboundSoon } from "../src/services/inbound";
import { type LoadOptions, type LoadResult, loadSignedSms } from "./load-signed-sms";
import { benchDeps } from "./support";

const TOKEN = "bench-twilio-token";
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
let sent = 0;
const twilioApi = await listen(() =>
  Response.json({ sid: `SM${String(++sent).padStart(32, "f")}`, status: "queued" }, { status: 201 }),
);
const existing = process.env.BENCH_DATABASE;
const { deps, done } = await benchDeps(
  "inbound",
  {
    TWILIO_ACCOUNT_SID: `AC${"b".repeat(32)}`,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM_NUMBER: "+12175550100",
    TWILIO_API_BASE_URL: `http://127.0.0.1:${twilioApi.port}`,
    // Texts a second the sender may send: 1 (a long code, the default) paces HELP answers, which
    // then mostly wait; BENCH_SMS_MPS=100 (a short code) answers them all during the run.
    SMS_MPS: process.env.BENCH_SMS_MPS ?? "1",
    PUBLIC_BASE_URL: "http://127.0.0.1:1",
  },
  {},
  existing,
);
if (!existing) await seedDemoDistrict(deps.db, new Date());
if (process.env.BENCH_ANALYZE) await deps.db.run(sql`ANALYZE`);
// Families who text: up to 5,000 numbers of the district (all of the demo's).
const phones = (await deps.db.query.contacts.findMany({ columns: { phone: true }, limit: 5_000 }))
  .map((c) => c.phone)
  .filter(Boolean) as string[];

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ port: info.port, close: () => server.close() }),
    );
  });
}

/** A bare route: parse the form, check the signature, answer. The floor any handler pays. */
const bare = new Hono().post("/webhooks/twilio/sms", async (c) => {
  const params = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
  const ok = await verifyTwilioSignature(
    TOKEN,
    c.req.header("x-twilio-signature") ?? "",
    `${base(c.req.url)}/webhooks/twilio/sms`,
    params,
  );
  return ok ? c.body("<Response></Response>", 200) : c.body(null, 403);
});
const base = (url: string) => new URL(url).origin;

// With two cores or more, the servers under test get one (this process is pinned to CPU 0) and
// the load generator runs as its own process on another: it signs every request, and on the
// servers' core its work would be counted against both of them. With one core, it runs here.
const cpus = availableParallelism();
const ownCore = cpus >= 2 && spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)]).status === 0;
const loadCore = String(cpus - 1);

let runs = 0;
/** A run's result, with the servers' own CPU time per request (µs) when the load ran elsewhere. */
type Run = LoadResult & { cpuPerRequest?: number };
async function load(port: number, appUsesPublicBase: boolean, seconds = DURATION): Promise<Run> {
  const url = `http://127.0.0.1:${port}/webhooks/twilio/sms`;
  const signedUrl = appUsesPublicBase ? "http://127.0.0.1:1/webhooks/twilio/sms" : url;
  // Each run's MessageSids are new: a repeated one would be a duplicate, not a text.
  const options: LoadOptions = { url, signedUrl, token: TOKEN, phones, seconds, firstSequence: ++runs * 10_000_000 };
  if (!ownCore) return loadSignedSms(options);
  const cpuBefore = process.cpuUsage();
  const child = spawn(
    "taskset",
    ["-c", loadCore, process.execPath, "--import", "tsx", "bench/load-signed-sms.ts", JSON.stringify(options)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  // The servers' CPU time per request: what one core can serve at most, even when the load
  // generator (not the server) was the limit, which it can be for the bare route.
  const used = process.cpuUsage(cpuBefore);
  const result = JSON.parse(output) as LoadResult;
  return { ...result, cpuPerRequest: (used.user + used.system) / (result.rps * seconds) };
}

// Each server gets 2 s of load first (JIT warm-up, caches). Then the two are measured in
// alternation, PAIRS times: a machine's speed drifts over a minute (other processes, clock
// frequency), and a ratio of neighbouring runs cancels most of it. The median pair is reported.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const bareServer = await listen(bare.fetch);
const appServer = await listen(createApp(deps).fetch);
await load(bareServer.port, false, 2);
await load(appServer.port, true, 2);
// Routing (family match, threads, notifications) runs after the answer: ordinary texts once
// the burst pauses (or 30 s later), keyword texts within half a second. After each full-server
// run the benchmark waits until routing is idle — every receipt in inbound_queue routed, by the
// webhook's own routing loop — and counts the CPU it took with the run's.
const queued = () => deps.db.$count(inboundQueue);
async function routingIdle(): Promise<{ cpuMicros: number; seconds: number }> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  void routeInboundSoon({ deps }); // joins the loop the webhooks started (or starts one)
  while ((await queued()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  const used = process.cpuUsage(cpuBefore);
  return { cpuMicros: used.user + used.system, seconds: (performance.now() - start) / 1000 };
}
await routingIdle();

type Pair = { baseline: Run; full: Run; routing: { cpuMicros: number; seconds: number } };
const ratioOf = (p: Pair) => p.full.rps / p.baseline.rps;
/** baseline ÷ full server CPU per request: the ratio of what one core can serve (null in-process). */
const cpuRatioOf = (p: Pair) =>
  p.baseline.cpuPerRequest && p.full.cpuPerRequest ? p.baseline.cpuPerRequest / p.full.cpuPerRequest : null;
/** The full server's CPU per text including routing it (µs), when the load ran elsewhere. */
const withRoutingOf = (p: Pair) =>
  p.full.cpuPerRequest ? p.full.cpuPerRequest + p.routing.cpuMicros / (p.full.rps * DURATION) : null;

const sentBefore = sent;
const pairs: Pair[] = [];
for (let i = 0; i < PAIRS; i++) {
  const baselineRun = await load(bareServer.port, false);
  const fullRun = await load(appServer.port, true);
  const routing = await routingIdle();
  const pair = { baseline: baselineRun, full: fullRun, routing };
  pairs.push(pair);
  const cpuRatio = cpuRatioOf(pair);
  console.log(
    `pair ${i + 1}: baseline ${baselineRun.rps.toFixed(0)} req/s, full ${fullRun.rps.toFixed(0)} req/s, ` +
      `ratio ${ratioOf(pair).toFixed(2)}×, p99 baseline ${baselineRun.p99} ms, full ${fullRun.p99} ms` +
      (cpuRatio === null
        ? ""
        : `; server CPU per request ${baselineRun.cpuPerRequest!.toFixed(0)} vs ${fullRun.cpuPerRequest!.toFixed(0)} µs (${cpuRatio.toFixed(2)}×)` +
          `, with routing ${withRoutingOf(pair)!.toFixed(0)} µs (routing idle after ${routing.seconds.toFixed(1)} s)`),
  );
}
const repliesSent = sent - sentBefore;
bareServer.close();
appServer.close();
const { baseline, full } = [...pairs].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(PAIRS / 2)]!;
const worstP99 = Math.max(...pairs.map((p) => p.full.p99));

console.log(
  `\nInbound SMS webhook, 50 connections, ${PAIRS} alternating pairs of ${DURATION} s runs after 2 s of warm-up (Node, libsql file);\n` +
    (ownCore
      ? `servers on CPU 0, load generator on CPU ${loadCore}; the median pair:\n`
      : "servers and load generator sharing one core; the median pair:\n"),
);
console.log(
  `baseline (parse + verify signature): ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms, errors ${baseline.errors}`,
);
console.log(
  `full handler (verify, store durably, answer): ${full.rps.toFixed(0)} req/s, p99 ${full.p99} ms, errors ${full.errors}`,
);
console.log(`full handler p99, worst of the ${PAIRS} runs: ${worstP99} ms`);
console.log(`HELP answers sent to the Twilio stub during the measured runs: ${repliesSent}`);
console.log(
  `ratio: ${(full.rps / baseline.rps).toFixed(2)}× of baseline throughput (target ≥ 0.5×); p99 target ≤ 50 ms`,
);
const cpuRatios = pairs
  .map(cpuRatioOf)
  .filter((r): r is number => r !== null)
  .sort((a, b) => a - b);
if (cpuRatios.length)
  console.log(
    `one core's capacity (server CPU per request, baseline / full): median ${cpuRatios[Math.floor(cpuRatios.length / 2)]!.toFixed(2)}×, ` +
      `range ${cpuRatios[0]!.toFixed(2)}–${cpuRatios.at(-1)!.toFixed(2)}×`,
  );
const withRouting = pairs
  .map(withRoutingOf)
  .filter((r): r is number => r !== null)
  .sort((a, b) => a - b);
if (withRouting.length) {
  const capacity = (micros: number) => (1_000_000 / micros).toFixed(0);
  const baselineCapacity = pairs.map((p) => 1_000_000 / p.baseline.cpuPerRequest!).sort((a, b) => a - b);
  const ratios = pairs.map((p) => p.baseline.cpuPerRequest! / withRoutingOf(p)!).sort((a, b) => a - b);
  console.log(
    `sustained capacity including routing: median ${capacity(withRouting[Math.floor(withRouting.length / 2)]!)} texts/s per core ` +
      `(range ${capacity(withRouting.at(-1)!)}–${capacity(withRouting[0]!)}; CPU per text ${withRouting[Math.floor(withRouting.length / 2)]!.toFixed(0)} µs); ` +
      `baseline ${baselineCapacity[Math.floor(baselineCapacity.length / 2)]!.toFixed(0)} req/s per core; ` +
      `ratio median ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}× (range ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)}×)`,
  );
}
// Paced HELP answers still waiting (SMS_MPS=1) are handed back, not sent for minutes (workers/node.ts does the same).
deps.shutdown.abort();
await deps.settle();
twilioApi.close();
done();
