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
 * On a machine with two cores or more the benchmark pins itself (the servers) to CPU 0 and runs
 * the load generator as a separate process on the last CPU (bench/load-signed-sms.ts); with one
 * core, everything shares it. Run it alone: other work on CPU 0 is counted against the servers.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { inboundQueue } from "../db/schema";
import { seedDemoDistrict } from "../db/seed/demo-district";
import { createApp } from "../src/app";
import { verifyTwilioSignature } from "../src/auth/twilio-signature";
import { routeInbound } from "../src/services/inbound/route-inbound";
import { routeInboundSoon } from "../src/services/inbound/route-inbound-soon";
import { type LoadOptions, type LoadResult, loadSignedSms } from "./load-signed-sms";
import { benchDeps } from "./support";

const TOKEN = "bench-twilio-token";
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
let sent = 0;
const twilioApi = await listen(() =>
  Response.json({ sid: `SM${String(++sent).padStart(32, "f")}`, status: "queued" }, { status: 201 }),
);
const { deps, done } = await benchDeps("inbound", {
  TWILIO_ACCOUNT_SID: `AC${"b".repeat(32)}`,
  TWILIO_AUTH_TOKEN: TOKEN,
  TWILIO_FROM_NUMBER: "+12175550100",
  TWILIO_API_BASE_URL: `http://127.0.0.1:${twilioApi.port}`,
  // Texts a second the sender may send: 1 (a long code, the default) paces HELP answers, which
  // then mostly wait; BENCH_SMS_MPS=100 (a short code) answers them all during the run.
  SMS_MPS: process.env.BENCH_SMS_MPS ?? "1",
  PUBLIC_BASE_URL: "http://127.0.0.1:1",
});
await seedDemoDistrict(deps.db, new Date());
const phones = (await deps.db.query.contacts.findMany({ columns: { phone: true } }))
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
// the burst pauses (or 30 s later), keyword texts within half a second. A full run leaves tens
// of thousands of texts to route; before the next run the backlog is dropped (routing it would
// take minutes, and the baseline would share the core with it). Routing's own rate is measured
// at the end, on a sample of the last backlog.
const queued = () => deps.db.$count(inboundQueue);
async function dropBacklog() {
  await deps.db.delete(inboundQueue);
  await routeInboundSoon({ deps }); // the routing loop finds nothing left, sends what it queued, stops
}
await dropBacklog();

type Pair = { baseline: Run; full: Run };
const ratioOf = (p: Pair) => p.full.rps / p.baseline.rps;
/** baseline ÷ full server CPU per request: the ratio of what one core can serve (null in-process). */
const cpuRatioOf = (p: Pair) =>
  p.baseline.cpuPerRequest && p.full.cpuPerRequest ? p.baseline.cpuPerRequest / p.full.cpuPerRequest : null;

const sentBefore = sent;
const pairs: Pair[] = [];
for (let i = 0; i < PAIRS; i++) {
  const baselineRun = await load(bareServer.port, false);
  const fullRun = await load(appServer.port, true);
  if (i < PAIRS - 1) await dropBacklog();
  const pair = { baseline: baselineRun, full: fullRun };
  pairs.push(pair);
  const cpuRatio = cpuRatioOf(pair);
  console.log(
    `pair ${i + 1}: baseline ${baselineRun.rps.toFixed(0)} req/s, full ${fullRun.rps.toFixed(0)} req/s, ` +
      `ratio ${ratioOf(pair).toFixed(2)}×, p99 baseline ${baselineRun.p99} ms, full ${fullRun.p99} ms` +
      (cpuRatio === null
        ? ""
        : `; server CPU per request ${baselineRun.cpuPerRequest!.toFixed(0)} vs ${fullRun.cpuPerRequest!.toFixed(0)} µs (${cpuRatio.toFixed(2)}×)`),
  );
}
const repliesSent = sent - sentBefore;
bareServer.close();
appServer.close();
const { baseline, full } = [...pairs].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(PAIRS / 2)]!;
const worstP99 = Math.max(...pairs.map((p) => p.full.p99));

// (The webhook's own routing loop joins in once the load stops; counting the queue's rows
// measures all routing done, whoever did it.)
const backlogBefore = await queued();
const routeStart = performance.now();
for (let n = 0; n < 2_000; n += 200) {
  if ((await routeInbound({ deps }, { limit: 200 })).routed === 0) break;
}
const routed = backlogBefore - (await queued());
const routingRate = routed / ((performance.now() - routeStart) / 1000);
await dropBacklog();

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
console.log(`routing after the answer: ${routingRate.toFixed(0)} texts/s (${routed} texts of the last backlog)`);
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
twilioApi.close();
done();
