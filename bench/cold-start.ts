/**
 * Worker cold start and bundle size. Builds the Worker exactly as `npm run build:worker` does
 * (`wrangler deploy --dry-run`), prints its raw and gzip size and the largest inputs, then
 * measures a cold start in the same run for a bare Worker (no libraries; its /healthz reads D1
 * once, like ours) and for Doorstep:
 *
 * - workerd: a fresh workerd process per sample (Miniflare, a local D1). "start" is the time
 *   until the runtime is ready, which includes compiling and evaluating the module; "first" is
 *   the first request (Doorstep builds Deps and the app there). One set of samples asks for
 *   GET /healthz first, another for GET /login (a page: session middleware, i18n, JSX).
 * - V8 (Node): a fresh process per sample imports the built module; the time of the import
 *   alone is parse + compile + top-level evaluation, without workerd's own start-up noise.
 *
 * Medians of BENCH_COLD_SAMPLES (default 7) samples, bare and Doorstep alternating so a busy
 * machine hurts both alike. Reports the difference and ratio to the bare Worker. Goal (issue
 * 19): start + first request ≤ 50 ms over the bare Worker; bundle ≤ 600 KiB gzip.
 * BENCH_CPU_PROF=<dir> also writes a V8 CPU profile of one Doorstep import there (open it in
 * Chrome DevTools; the bundle's source map names the original files).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";

const SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 7);
const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "doorstep-bench-cold-"));
const quietEnv = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

// --- build -------------------------------------------------------------------------------
const outdir = join(dir, "dist");
const metafile = join(dir, "meta.json");
const buildStart = performance.now();
execFileSync(
  process.execPath,
  [
    join(root, "node_modules/wrangler/bin/wrangler.js"),
    "deploy",
    "--dry-run",
    "--outdir",
    outdir,
    "--env=",
    "--metafile",
    metafile,
  ],
  { cwd: root, env: quietEnv, stdio: ["ignore", "ignore", "inherit"] },
);
const bundlePath = join(outdir, "cloudflare.js");
const bundle = readFileSync(bundlePath);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);
console.log(`bundle: ${kib(bundle.length)} raw / ${kib(gzipSync(bundle).length)} gzip (goal ≤ 600 KiB gzip)`);
printLargestInputs(metafile);

// Node reads a .mjs as an ES module without first sniffing its syntax (a second parse).
const doorstepModule = join(outdir, "doorstep.mjs");
copyFileSync(bundlePath, doorstepModule);
const bareModule = join(outdir, "bare.mjs");
writeFileSync(
  bareModule,
  `export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/healthz") {
      await env.DB.prepare("select 1").first();
      return Response.json({ ok: true });
    }
    return new Response("<!doctype html><title>Sign in</title><form method=post><input name=email></form>", {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  },
};
`,
);

// --- workerd -----------------------------------------------------------------------------
type Sample = { start: number; first: number };

async function workerdSample(script: string, path: string): Promise<Sample> {
  const began = performance.now();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: "cold",
      modules: true,
      scriptPath: script,
      modulesRoot: dirname(script),
      compatibilityDate: "2026-11-01",
      compatibilityFlags: ["nodejs_compat"],
      d1Databases: { DB: "cold-start" },
      bindings: {
        APP_ENV: "test",
        ADMIN_API_TOKEN: "bench-admin-token-0123456789abcdef0123456789",
        PUBLIC_BASE_URL: "https://doorstep.test",
        SMS_QUIET_HOURS: "off",
      },
    }),
  );
  try {
    await mf.ready;
    const ready = performance.now();
    const res = await mf.dispatchFetch(`https://doorstep.test${path}`);
    const body = await res.text();
    const answered = performance.now();
    if (res.status !== 200) throw new Error(`${script} ${path}: ${res.status} ${body.slice(0, 200)}`);
    return { start: ready - began, first: answered - ready };
  } finally {
    await mf.dispose();
  }
}

// --- V8 (Node) ---------------------------------------------------------------------------
function importSample(script: string, profileDir?: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(script).href)}); console.log(performance.now() - t);`;
  const flags = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", code], { encoding: "utf8" });
  return Number(out.trim().split("\n").pop());
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

function compare(label: string, bare: number[], doorstep: number[]) {
  const b = median(bare);
  const d = median(doorstep);
  console.log(
    `${label.padEnd(34)} bare ${ms(b).padStart(9)}  doorstep ${ms(d).padStart(9)}  +${ms(d - b).padStart(9)}  ${(d / b).toFixed(2)}×  (doorstep runs ${ms(Math.min(...doorstep))}–${ms(Math.max(...doorstep))})`,
  );
  return d - b;
}

try {
  console.log(`\n${SAMPLES} samples each, medians; a fresh process per sample`);
  const imports = { bare: [] as number[], doorstep: [] as number[] };
  for (let i = 0; i < SAMPLES; i++) {
    imports.bare.push(importSample(bareModule));
    imports.doorstep.push(importSample(doorstepModule));
  }
  if (process.env.BENCH_CPU_PROF) {
    importSample(doorstepModule, process.env.BENCH_CPU_PROF);
    console.log(`CPU profile of one import written to ${process.env.BENCH_CPU_PROF}`);
  }
  compare("V8 import (parse + evaluate)", imports.bare, imports.doorstep);

  for (const path of ["/healthz", "/login"]) {
    const bare: Sample[] = [];
    const doorstep: Sample[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      bare.push(await workerdSample(bareModule, path));
      doorstep.push(await workerdSample(doorstepModule, path));
    }
    compare(
      `workerd start (then ${path})`,
      bare.map((s) => s.start),
      doorstep.map((s) => s.start),
    );
    compare(
      `workerd first ${path}`,
      bare.map((s) => s.first),
      doorstep.map((s) => s.first),
    );
    const total = compare(
      `workerd start + first ${path}`,
      bare.map((s) => s.start + s.first),
      doorstep.map((s) => s.start + s.first),
    );
    console.log(`  → cold start over a bare Worker: ${ms(total)} (goal ≤ 50 ms)\n`);
  }
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** The ten largest packages or source folders in the bundle, from esbuild's metafile. */
function printLargestInputs(file: string) {
  const meta = JSON.parse(readFileSync(file, "utf8")) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith(".js"))?.[1];
  if (!output) return;
  const byPart = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const inPackage = input.split("node_modules/").pop()!;
    const parts = inPackage.split("/");
    const part = input.includes("node_modules/")
      ? parts.slice(0, inPackage.startsWith("@") ? 2 : 1).join("/")
      : input.split("/").slice(0, 2).join("/");
    byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput);
  }
  const largest = [...byPart].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`largest inputs (raw): ${largest.map(([name, bytes]) => `${name} ${kib(bytes)}`).join(", ")}`);
}
