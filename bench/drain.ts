/**
 * A school-wide send drained at the provider's pace. 300 new families (BENCH_FAMILIES) get an
 * event invitation: 600 texts, each family's welcome (first contact, HELP/STOP) and then the
 * invitation, in the families' 15 languages. A fake Twilio on 127.0.0.1 (the one network
 * boundary we do not own) accepts M segments per second (BENCH_MPS, default 10; a bucket of one
 * second's segments), counted with Twilio's own segment calculator, and answers 429 with
 * Retry-After beyond that. The real app queues the invitation (POST /api/v1/events) and its
 * dispatcher drains the queue (the kick after the request, then whatever runs are needed).
 *
 * Baseline, in the same run against a fresh fake: a bare client that sends the same texts in
 * the same order, scheduled at exactly M segments per second. Reports the drain time as a
 * ratio to the physical limit (segments / M) and to the baseline, and counts 429s, duplicates
 * (a text accepted twice), lost texts (never accepted) and order violations (an invitation
 * accepted before the family's welcome). Goal (issue 19): ≤ 1.1 × N/M, 0 / 0 / 0.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SegmentedMessage } from "sms-segments-calculator";
import { contacts, educators, families, messages, outbox, schools } from "../db/schema";
import { createApp } from "../src/app";
import { newId } from "../src/domain/ids";
import { LANGUAGE_TAGS } from "../src/domain/languages";
import { runJob } from "../src/jobs";
import { ensureDeploymentDistrict } from "../src/services/schools";
import { benchDeps } from "./support";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 300);
const MPS = Number(process.env.BENCH_MPS ?? 10);
const ACCOUNT = `AC${"d".repeat(32)}`;
const ADMIN = "bench-admin-token-0123456789abcdef0123456789";

type Accepted = { to: string; body: string; at: number };

/**
 * Twilio's Messages endpoint, enforcing `mps` segments per second as a token bucket: it holds
 * one second of segments and refills at `mps`; a text that finds too few tokens is answered
 * 429 with Retry-After. (A sliding one-second window would refuse even a client at exactly
 * M/s whenever 3-segment texts straddle its edge; Twilio describes its limit as a rate.)
 */
async function fakeTwilio(mps: number) {
  const accepted: Accepted[] = [];
  let refused = 0;
  let tokens = mps;
  let refilledAt = performance.now();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = "";
    request.on("data", (chunk) => {
      raw += chunk;
    });
    request.on("end", () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(body));
      };
      if (request.method === "GET") {
        const to = new URL(request.url ?? "/", "http://x").searchParams.get("To");
        reply(200, {
          messages: accepted
            .filter((m) => m.to === to)
            .map((m, i) => ({ sid: `SMlist${i}`, body: m.body, status: "sent" })),
        });
        return;
      }
      const form = new URLSearchParams(raw);
      const body = form.get("Body") ?? "";
      const segments = new SegmentedMessage(body, "auto").segmentsCount;
      const now = performance.now();
      tokens = Math.min(mps, tokens + ((now - refilledAt) / 1000) * mps);
      refilledAt = now;
      if (tokens < segments) {
        refused++;
        reply(429, { code: 20429, message: "Too Many Requests", status: 429 }, { "Retry-After": "1" });
        return;
      }
      tokens -= segments;
      accepted.push({ to: form.get("To") ?? "", body, at: now });
      reply(201, { sid: `SM${String(accepted.length).padStart(32, "0")}`, status: "queued" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- Doorstep: queue the invitation, let the dispatcher drain it ---------------------------
const twilio = await fakeTwilio(MPS);
const { deps, done } = await benchDeps("drain", {
  TWILIO_ACCOUNT_SID: ACCOUNT,
  TWILIO_AUTH_TOKEN: "bench-twilio-token",
  TWILIO_FROM_NUMBER: "+12175550100",
  TWILIO_API_BASE_URL: `http://127.0.0.1:${twilio.port}`,
  SMS_MPS: String(MPS),
  SMS_QUIET_HOURS: "off",
  ADMIN_API_TOKEN: ADMIN,
  PUBLIC_BASE_URL: "http://127.0.0.1:1",
});
const { db } = deps;
const now = new Date();
const districtId = await ensureDeploymentDistrict(db, "America/Chicago", now);
const schoolId = newId("sch");
await db.insert(schools).values({
  id: schoolId,
  districtId,
  name: "Riverside Elementary",
  timezone: "America/Chicago",
  programModel: "pthv",
});
await db
  .insert(educators)
  .values({ id: newId("edu"), schoolId, name: "Maria Gonzalez", email: "maria@bench.example.org", role: "educator" });
const familyRows = Array.from({ length: FAMILIES }, (_, i) => ({
  id: newId("fam"),
  schoolId,
  language: LANGUAGE_TAGS[i % LANGUAGE_TAGS.length]!,
  channel: "sms" as const,
  displayName: `Family ${i}`,
  timezone: "America/Chicago",
}));
for (let i = 0; i < familyRows.length; i += 50) await db.insert(families).values(familyRows.slice(i, i + 50));
const contactRows = familyRows.map((f, i) => ({
  id: newId("con"),
  familyId: f.id,
  name: `Guardian ${i}`,
  phone: `+1217557${String(i).padStart(4, "0")}`,
}));
for (let i = 0; i < contactRows.length; i += 50) await db.insert(contacts).values(contactRows.slice(i, i + 50));

const app = createApp(deps);
const created = await app.request("/api/v1/events", {
  method: "POST",
  headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
  body: JSON.stringify({
    schoolId,
    kind: "family_dinner",
    title: "Family Dinner",
    startsAt: new Date(now.getTime() + 14 * 24 * 3_600_000).toISOString(),
    location: "the cafeteria",
    audience: { all: true },
  }),
});
if (created.status !== 201) throw new Error(`creating the event answered ${created.status}: ${await created.text()}`);
// The queue is full once the request has answered; the dispatcher (kicked by the request) is on.
const start = performance.now();
const queued = await db
  .select({ address: messages.address, body: messages.body, templateKey: messages.templateKey })
  .from(messages)
  .where(eq(messages.direction, "out"));
await deps.settle();
// Anything a 429 without a usable Retry-After backed off: later runs, as the timer would.
const deadline = start + 10 * (queued.length / MPS) * 1000;
while (performance.now() < deadline) {
  const left = await db.select({ state: outbox.state }).from(outbox).where(eq(outbox.state, "pending"));
  if (left.length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
  await runJob({ deps }, "dispatch", deps.clock.now());
}
const drained = twilio.accepted.length > 0 ? twilio.accepted.at(-1)!.at - start : Number.NaN;
const doorstepRefused = twilio.refused();

// Duplicates, lost, order.
const seen = new Map<string, number>();
for (const m of twilio.accepted) seen.set(`${m.to}\n${m.body}`, (seen.get(`${m.to}\n${m.body}`) ?? 0) + 1);
const duplicates = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
const lost = queued.filter((m) => !seen.has(`${m.address}\n${m.body}`)).length;
const keyOf = new Map(queued.map((m) => [`${m.address}\n${m.body}`, m.templateKey]));
const firstIndex = new Map<string, { welcome?: number; invitation?: number }>();
twilio.accepted.forEach((m, i) => {
  const entry = firstIndex.get(m.to) ?? {};
  const key = keyOf.get(`${m.to}\n${m.body}`);
  if (key === "welcome") entry.welcome ??= i;
  else entry.invitation ??= i;
  firstIndex.set(m.to, entry);
});
const orderViolations = [...firstIndex.values()].filter(
  (e) => e.invitation !== undefined && (e.welcome === undefined || e.invitation < e.welcome),
).length;
const segments = queued.reduce((sum, m) => sum + new SegmentedMessage(m.body, "auto").segmentsCount, 0);
await twilio.close();
done();

// --- Baseline: a bare client at exactly M segments/s, the same texts in the same order -------
const bare = await fakeTwilio(MPS);
const order = [...queued].sort((a, b) => (a.templateKey === "welcome" ? 0 : 1) - (b.templateKey === "welcome" ? 0 : 1));
const bareStart = performance.now();
let bareRefused = 0;
let slot = bareStart;
for (const m of order) {
  const wait = slot - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${bare.port}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ To: m.address!, From: "+12175550100", Body: m.body }),
    });
    await response.text();
    if (response.status !== 429) break;
    bareRefused++;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
  }
  slot += (1000 * new SegmentedMessage(m.body, "auto").segmentsCount) / MPS;
}
const bareDrained = bare.accepted.at(-1)!.at - bareStart;
await bare.close();

const ideal = (segments / MPS) * 1000;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`drain: ${queued.length} texts (${segments} segments) to ${FAMILIES} families at ${MPS} segments/s`);
console.log(`  physical limit (segments / M)  ${s(ideal)}`);
console.log(
  `  bare client at M/s (baseline)  ${s(bareDrained)}  ${(bareDrained / ideal).toFixed(2)}× the limit, ${bareRefused} × 429`,
);
console.log(
  `  Doorstep dispatcher            ${s(drained)}  ${(drained / ideal).toFixed(2)}× the limit, ${(drained / bareDrained).toFixed(2)}× the baseline, ${doorstepRefused} × 429`,
);
console.log(`  duplicates ${duplicates}, lost ${lost}, order violations ${orderViolations} (goal: ≤ 1.10×, 0, 0, 0)`);
