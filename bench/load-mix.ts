/**
 * The load mix of issue 16.4, against a real server process on 127.0.0.1:
 * 50 connections for BENCH_MIX_SECONDS (default 20) cycling signed inbound Twilio webhooks (writes),
 * `GET /api/v1/families/:id/messages` and `GET /api/v1/families/:id` (reads that audit), and the
 * staff family page (session cookie). Three phases on one server:
 *   baseline  the mix alone
 *   job       the mix while `npm run job` runs again and again in another process
 *   lock      the mix while another process holds SQLite's write lock for 1.5 s
 * Reported: requests, 5xx (and 503s among them), other non-2xx, p99, and p99 as a ratio of the
 * baseline's; for the lock phase, the non-2xx per second around the lock.
 * `BENCH_BEFORE_ROOT=<other checkout>` runs the same phases against that code too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

const SECONDS = Number(process.env.BENCH_MIX_SECONDS ?? 20);
const LOCK_MS = 1_500;
const here = resolve(import.meta.dirname, "..");

type Served = {
  port: number;
  token: string;
  twilioToken: string;
  cookie: string;
  families: { id: string; phone: string }[];
};
type PhaseResult = {
  phase: string;
  requests: number;
  fiveXx: number;
  status503: number;
  otherNon2xx: number;
  timeouts: number;
  p99: number;
  p50: number;
  /** Non-2xx per second from the start (lock phase). */
  perSecond?: number[];
  jobRuns?: number;
};

function nodeArgs(script: string, args: string[]) {
  return ["--no-warnings", "--import", "tsx", script, ...args];
}

async function startServer(root: string, file: string): Promise<{ served: Served; stop: () => Promise<string> }> {
  // cwd is the app's root: tsx takes the JSX settings from the tsconfig.json it finds there.
  const child = spawn(process.execPath, nodeArgs(join(here, "bench/load-mix-server.ts"), [root, file]), {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once("line", ok);
    child.once("exit", (code) => fail(new Error(`server exited ${code}: ${stderr}`)));
  });
  return {
    served: JSON.parse(line) as Served,
    stop: () =>
      new Promise((ok) => {
        child.once("exit", () => ok(stderr.trim()));
        child.kill("SIGTERM");
      }),
  };
}

/** `npm run job` in another process, over and over, until stopped. */
function jobLoop(root: string, file: string) {
  let stopped = false;
  let runs = 0;
  let current: ChildProcess | null = null;
  const jobs = ["notify-educators", "route-inbound", "dispatch"];
  const done = (async () => {
    while (!stopped) {
      const name = jobs[runs % jobs.length]!;
      current = spawn(process.execPath, nodeArgs(join(root, "workers/job.ts"), [name]), {
        cwd: root,
        stdio: "ignore",
        env: {
          ...process.env,
          APP_ENV: "test",
          DATABASE_URL: `file:${file}`,
          ADMIN_API_TOKEN: "bench-admin-token-0123456789abcdef0123456789",
          PUBLIC_BASE_URL: "http://bench.test",
          SMS_QUIET_HOURS: "off",
        },
      });
      await new Promise((ok) => current!.once("exit", ok));
      runs++;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return runs;
    },
  };
}

/** Another process takes the write lock (BEGIN IMMEDIATE) for `ms`, as a job or a backup might. */
function foreignLock(file: string, ms: number): Promise<void> {
  const script = `const { DatabaseSync } = require("node:sqlite"); const db = new DatabaseSync(process.argv[1]);
    db.exec("PRAGMA busy_timeout = 5000"); db.exec("BEGIN IMMEDIATE");
    setTimeout(() => { db.exec("ROLLBACK"); db.close(); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ["--no-warnings", "-e", script, file, String(ms)], { stdio: "ignore" });
  return new Promise((ok) => child.once("exit", () => ok()));
}

async function runMix(
  served: Served,
  seconds: number,
  phase: string,
  during?: () => Promise<void>,
): Promise<PhaseResult> {
  const base = `http://127.0.0.1:${served.port}`;
  let sequence = Date.now() * 100;
  const pick = () => served.families[Math.floor(Math.random() * served.families.length)]!;
  const bearer = { authorization: `Bearer ${served.token}` };
  const started = Date.now();
  const perSecond: number[] = [];
  let status503 = 0;
  let fiveXx = 0;
  const instance = autocannon({
    url: base,
    connections: 50,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/webhooks/twilio/sms",
        setupRequest: (request) => {
          const n = ++sequence;
          const params: Record<string, string> = {
            MessageSid: `SM${String(n).padStart(32, "0")}`,
            From: pick().phone,
            To: "+12175550100",
            Body: `Gracias maestra, mensaje ${n}`,
            NumMedia: "0",
            AccountSid: `AC${"b".repeat(32)}`,
          };
          const signed = `http://bench.test/webhooks/twilio/sms${Object.keys(params)
            .sort()
            .map((k) => k + params[k])
            .join("")}`;
          return {
            ...request,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-twilio-signature": createHmac("sha1", served.twilioToken).update(signed).digest("base64"),
            },
            body: new URLSearchParams(params).toString(),
          };
        },
      },
      {
        method: "GET",
        setupRequest: (r) => ({ ...r, path: `/api/v1/families/${pick().id}/messages`, headers: bearer }),
      },
      { method: "GET", setupRequest: (r) => ({ ...r, path: `/api/v1/families/${pick().id}`, headers: bearer }) },
      {
        method: "GET",
        setupRequest: (r) => ({ ...r, path: `/families/${pick().id}`, headers: { cookie: served.cookie } }),
      },
      {
        method: "GET",
        setupRequest: (r) => ({ ...r, path: `/api/v1/families/${pick().id}/messages`, headers: bearer }),
      },
    ],
  });
  // The promise autocannon returns is also its event emitter (its types show only the promise).
  (instance as unknown as import("node:events").EventEmitter).on("response", (_client, statusCode: number) => {
    if (statusCode >= 200 && statusCode < 300) return;
    if (statusCode >= 500) fiveXx++;
    if (statusCode === 503) status503++;
    const second = Math.floor((Date.now() - started) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  });
  const side = during?.();
  const result = await instance;
  await side;
  const non2xx = result.non2xx;
  return {
    phase,
    requests: result.requests.total,
    fiveXx,
    status503,
    otherNon2xx: non2xx - fiveXx,
    timeouts: result.timeouts,
    p99: result.latency.p99,
    p50: result.latency.p50,
    perSecond: Array.from({ length: seconds }, (_, i) => perSecond[i] ?? 0),
  };
}

async function measureRoot(label: string, root: string): Promise<PhaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-bench-load-mix-"));
  const file = join(dir, "bench.db");
  const { served, stop } = await startServer(root, file);
  try {
    await runMix(served, 2, "warm-up");
    const baseline = await runMix(served, SECONDS, "baseline");
    let jobRuns = 0;
    const withJob = await runMix(served, SECONDS, "job", async () => {
      const loop = jobLoop(root, file);
      await new Promise((ok) => setTimeout(ok, SECONDS * 1000 - 500));
      jobRuns = await loop.stop();
    });
    withJob.jobRuns = jobRuns;
    const lockSeconds = Math.max(8, Math.min(SECONDS, 10));
    const withLock = await runMix(served, lockSeconds, "lock", async () => {
      await new Promise((ok) => setTimeout(ok, 2_000));
      await foreignLock(file, LOCK_MS);
    });
    const serverLog = await stop();
    const phases = [baseline, withJob, withLock];
    console.log(`\n${label} (${root === here ? "this checkout" : "BENCH_BEFORE_ROOT"}), 50 connections`);
    for (const r of phases) {
      console.log(
        `  ${r.phase.padEnd(9)} ${String(r.requests).padStart(7)} requests  5xx ${String(r.fiveXx).padStart(4)} (503: ${r.status503})  other non-2xx ${r.otherNon2xx}  timeouts ${r.timeouts}  p50 ${r.p50} ms  p99 ${r.p99} ms (×${(r.p99 / Math.max(1, baseline.p99)).toFixed(2)} baseline)${r.jobRuns !== undefined ? `  job runs ${r.jobRuns}` : ""}`,
      );
    }
    console.log(
      `  lock phase, non-2xx per second (lock from 2.0 s to ${2 + LOCK_MS / 1000} s): ${withLock.perSecond!.join(" ")}`,
    );
    if (serverLog) console.log(`  server: ${serverLog.split("\n").slice(-3).join(" | ")}`);
    return phases;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, PhaseResult[]> = { after: await measureRoot("load mix", here) };
if (process.env.BENCH_BEFORE_ROOT) {
  results.before = await measureRoot("load mix, before", resolve(process.env.BENCH_BEFORE_ROOT));
}
console.log(JSON.stringify({ bench: "load-mix", seconds: SECONDS, results }));
