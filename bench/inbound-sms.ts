/**
 * The signed inbound-SMS webhook under load, on Node: 50 connections, every request a new
 * MessageSid with a valid X-Twilio-Signature. Baseline, measured in the same run: a bare Hono
 * route that only parses the form and checks the signature. Reports requests/s and p99 and
 * the ratio (target ≥ 0.5× the baseline's throughput, p99 ≤ 50 ms).
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
import { routeInbound } from "../src/services/route-inbound";
import { benchDeps } from "./support";

const TOKEN = "bench-twilio-token";
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const { deps, done } = await benchDeps("inbound", {
  TWILIO_ACCOUNT_SID: `AC${"b".repeat(32)}`,
  TWILIO_AUTH_TOKEN: TOKEN,
  TWILIO_FROM_NUMBER: "+12175550100",
  PUBLIC_BASE_URL: "http://127.0.0.1:1",
});
await seedDemoDistrict(deps.db, new Date());
// Replies (HELP/STOP answers) would try to reach Twilio; this measures the webhook only.
deps.background = () => {};
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

// Each server gets 2 s of load first (JIT warm-up, caches), then the measured run.
const bareServer = await listen(bare.fetch);
await load(bareServer.port, false, 2);
const baseline = await load(bareServer.port, false);
bareServer.close();
const appServer = await listen(createApp(deps).fetch);
await load(appServer.port, true, 2);
const full = await load(appServer.port, true);
appServer.close();

// Routing (family match, threads, notifications) runs after the answer: ordinary texts once
// the burst pauses (or 30 s later), keyword texts within half a second. Its own rate, on a
// sample of the backlog the run left, so the cost is not hidden by the deferral.
// (The webhook's own routing loop may join in once the load stops; counting the queue's rows
// measures all routing done, whoever did it.)
const routingSample = 2_000;
const queued = () => deps.db.$count(inboundQueue);
const backlogBefore = await queued();
const routeStart = performance.now();
for (let n = 0; n < routingSample; n += 200) {
  if ((await routeInbound({ deps }, { limit: 200 })).routed === 0) break;
}
const routed = backlogBefore - (await queued());
const routingRate = routed / ((performance.now() - routeStart) / 1000);

console.log(`\nInbound SMS webhook, 50 connections, ${DURATION} s each after 2 s of warm-up (Node, libsql file)\n`);
console.log(
  `baseline (parse + verify signature): ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms, errors ${baseline.errors}`,
);
console.log(
  `full handler (verify, store durably, answer): ${full.rps.toFixed(0)} req/s, p99 ${full.p99} ms, errors ${full.errors}`,
);
console.log(`routing after the answer: ${routingRate.toFixed(0)} texts/s (${routed} texts of the backlog)`);
console.log(
  `ratio: ${(full.rps / baseline.rps).toFixed(2)}× of baseline throughput (target ≥ 0.5×); p99 target ≤ 50 ms`,
);
done();
