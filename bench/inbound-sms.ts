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
 * Run alone for a one-core figure: `taskset -c 0 npx tsx bench/inbound-sms.ts`.
 */
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { Hono } from "hono";
import { inboundQueue } from "../db/schema";
import { seedDemoDistrict } from "../db/seed/demo-district";
import { createApp } from "../src/app";
import { verifyTwilioSignature } from "../src/auth/twilio-signature";
import { routeInbound, routeInboundSoon } from "../src/services/route-inbound";
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

let sequence = 0;
async function load(port: number, appUsesPublicBase: boolean, duration = DURATION) {
  const url = `http://127.0.0.1:${port}/webhooks/twilio/sms`;
  const signedUrl = appUsesPublicBase ? "http://127.0.0.1:1/webhooks/twilio/sms" : url;
  const result = await autocannon({
    url,
    connections: 50,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const n = ++sequence;
          const params: Record<string, string> = {
            MessageSid: `SM${String(n).padStart(32, "0")}`,
            From: phones[n % phones.length]!,
            To: "+12175550100",
            Body: n % 50 === 0 ? "HELP" : `Gracias maestra, mensaje ${n}`,
            NumMedia: "0",
            AccountSid: `AC${"b".repeat(32)}`,
          };
          const data =
            signedUrl +
            Object.keys(params)
              .sort()
              .map((k) => k + params[k])
              .join("");
          return {
            ...request,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-twilio-signature": createHmac("sha1", TOKEN).update(data).digest("base64"),
            },
            body: new URLSearchParams(params).toString(),
          };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

// Each server gets 2 s of load first (JIT warm-up, caches). Then the two are measured in
// alternation, PAIRS times: a machine's speed drifts over a minute (other processes, clock
// frequency), and a ratio of neighbouring runs cancels most of it. The median pair is reported.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
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

const sentBefore = sent;
const pairs: { baseline: Awaited<ReturnType<typeof load>>; full: Awaited<ReturnType<typeof load>> }[] = [];
for (let i = 0; i < PAIRS; i++) {
  const baselineRun = await load(bareServer.port, false);
  const fullRun = await load(appServer.port, true);
  if (i < PAIRS - 1) await dropBacklog();
  pairs.push({ baseline: baselineRun, full: fullRun });
  console.log(
    `pair ${i + 1}: baseline ${baselineRun.rps.toFixed(0)} req/s, full ${fullRun.rps.toFixed(0)} req/s, ` +
      `ratio ${(fullRun.rps / baselineRun.rps).toFixed(2)}×`,
  );
}
const repliesSent = sent - sentBefore;
bareServer.close();
appServer.close();
const ratioOf = (p: (typeof pairs)[number]) => p.full.rps / p.baseline.rps;
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
  `\nInbound SMS webhook, 50 connections, ${PAIRS} alternating pairs of ${DURATION} s runs after 2 s of warm-up (Node, libsql file); the median pair:\n`,
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
twilioApi.close();
done();
