/**
 * Sign-in timing: POST /login for an address that belongs to an educator vs one that does not,
 * with an email provider that takes 250 ms a send (what SendGrid took in the review). The
 * answer must not tell them apart: the ratio known/unknown should be ~1.0 (before the staff
 * outbox it was ~40×, 269–293 ms vs 6–7 ms). Baseline, in the same run: GET /login, the same
 * middleware with no sign-in work. Each request uses its own address and client address so
 * the rate limits stay out of the way; each request's background work finishes before the next
 * is timed (an attacker probing an idle server sees that). `npx tsx bench/sign-in-timing.ts`.
 */
import { educators } from "../db/schema";
import { createApp } from "../src/app";
import type { EmailProvider } from "../src/providers/messaging/types";
import { benchDeps, benchDistrict } from "./support";

const N = Number(process.env.BENCH_ITERATIONS ?? 200);
const slowEmail: EmailProvider = {
  name: "console",
  send: async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    return { providerMessageId: crypto.randomUUID(), status: "sent" };
  },
};
const { deps, done } = await benchDeps("sign-in", { PUBLIC_BASE_URL: "http://doorstep.test" }, { email: slowEmail });
const now = new Date();
const { schoolIds } = await benchDistrict(deps.db, {
  schools: 1,
  teachersPerSchool: 1,
  timeZone: "America/Chicago",
  now,
});
await deps.db.insert(educators).values(
  Array.from({ length: N + 5 }, (_, i) => ({
    id: `edu_bench${i}`,
    schoolId: schoolIds[0]!,
    name: `Bench ${i}`,
    email: `known${i}@school.example.org`,
    role: "educator" as const,
    createdAt: now,
    updatedAt: now,
  })),
);
const app = createApp(deps);
const first = await app.request("/login");
const csrf = /doorstep_csrf=([^;]+)/.exec(first.headers.get("set-cookie")!)![1]!;
let n = 0;
const post = async (email: string) => {
  const res = await app.request("/login", {
    method: "POST",
    headers: {
      cookie: `doorstep_csrf=${csrf}`,
      "content-type": "application/x-www-form-urlencoded",
      "cf-connecting-ip": `10.1.${Math.floor(++n / 250)}.${n % 250}`,
    },
    body: new URLSearchParams({ email, _csrf: csrf }),
  });
  if (res.status !== 200) throw new Error(`POST /login answered ${res.status}`);
  return res;
};
// Known and unknown alternate, and each request's background work (the lookup, the token, the
// 250 ms send) finishes before the next is timed, as an attacker on an idle server would see it.
const samples = { baseline: [] as number[], known: [] as number[], unknown: [] as number[] };
for (let i = -5; i < N; i++) {
  for (const [series, run] of [
    ["baseline", () => app.request("/login")],
    ["known", () => post(`known${i + 5}@school.example.org`)],
    ["unknown", () => post(`nobody${i + 5}@school.example.org`)],
  ] as const) {
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    await deps.settle();
    if (i >= 0) samples[series].push(ms);
  }
}
const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * p)]!;
const row = (name: keyof typeof samples) => ({ name, p50: pct(samples[name], 0.5), p95: pct(samples[name], 0.95) });
const [baseline, known, unknown] = [row("baseline"), row("known"), row("unknown")];
for (const r of [baseline, known, unknown])
  console.log(`${r.name}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms`);
console.log(
  `known / unknown p50: ${(known.p50 / unknown.p50).toFixed(2)}×, p95: ${(known.p95 / unknown.p95).toFixed(2)}×`,
);
console.log(`unknown / baseline p50: ${(unknown.p50 / baseline.p50).toFixed(2)}×`);
await deps.settle();
done();
