import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";

/**
 * Phone first, measured: each role's main pages at 360 px wide (the narrowest common Android
 * width) must not scroll sideways, every button and link in navigation and forms must be at
 * least 44 px tall (WCAG 2.5.5), and axe-core must find no serious or critical violation.
 * Screenshots are written only when E2E_SCREENSHOTS names a folder (CI keeps them as artifacts).
 */
const dir = mkdtempSync(join(tmpdir(), "doorstep-phone-"));
const dbFile = join(dir, "phone.db");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let server: ChildProcess;
let output = "";
let baseUrl = "";
let browser: Browser;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "workers/node.ts"], {
    env: { ...process.env, APP_ENV: "development", PORT: String(port), DATABASE_URL: `file:${dbFile}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d) => {
    output += d;
  });
  server.stderr!.on("data", (d) => {
    output += d;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function query(sql: string, args: string[] = []) {
  const db = createClient({ url: `file:${dbFile}` });
  try {
    return (await db.execute({ sql, args })).rows;
  } finally {
    db.close();
  }
}

type Finding = { page: string; problem: string };

/** What a thumb meets on this page: sideways scroll, small controls, axe's serious findings. */
async function measure(page: Page, name: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (scrollWidth > clientWidth)
    findings.push({ page: name, problem: `scrolls sideways by ${scrollWidth - clientWidth} px` });
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      // Navigation and forms, and the links a list or table is made of (the family list).
      "nav a, nav button, form a, form button, form select, form summary, form input:not([type=hidden]):not([type=checkbox]):not([type=radio]), td a, li > a",
    );
    return [...controls]
      .filter((el) => el.getClientRects().length > 0 && !el.closest("details:not([open]) > :not(summary)"))
      .map((el) => ({
        text: (el.textContent || el.getAttribute("name") || el.tagName).trim().slice(0, 40),
        h: el.getBoundingClientRect().height,
      }))
      .filter((c) => c.h < 44);
  });
  for (const c of small) findings.push({ page: name, problem: `"${c.text}" is ${c.h.toFixed(1)} px tall` });
  // Evaluated through the DevTools protocol, so the page's own CSP (no inline scripts) stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above
    const result = await (window as any).axe.run(document);
    return (result.violations as { id: string; impact: string; nodes: unknown[] }[])
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}`);
  });
  for (const v of violations) findings.push({ page: name, problem: `axe: ${v}` });
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, `phone-${name}.png`), fullPage: true });
  return findings;
}

async function tour(who: string, pages: Record<string, string>) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/dev/login`);
  await page.getByRole("button", { name: `Sign in as ${who}` }).click();
  await page.waitForURL(`${baseUrl}/`);
  const findings: Finding[] = [];
  const header = await page.locator("header").boundingBox();
  if (header && header.height > 64)
    findings.push({ page: "header", problem: `the header takes ${header.height} px of an 800 px screen` });
  for (const [name, path] of Object.entries(pages)) {
    const response = await page.goto(`${baseUrl}${path}`);
    expect(response?.status(), `${name} (${path})`).toBeLessThan(400);
    findings.push(...(await measure(page, name)));
  }
  await context.close();
  return findings;
}

describe("phone layout at 360 px, per role", () => {
  it("the teacher's pages: families, a family, the invitation and record forms, notes, inbox, a thread", async () => {
    const [visit] = await query(
      `select v.id, v.family_id from visits v join visit_educators ve on ve.visit_id = v.id and ve.role = 'lead'
       join educators e on e.id = ve.educator_id
       where e.email = 'maria.gonzalez@cedarvalley.example.org' and v.status in ('invited', 'scheduled') limit 1`,
    );
    expect(visit, "the demo has an open visit Maria leads").toBeDefined();
    const familyId = String(visit!.family_id);
    const findings = await tour("Maria Gonzalez", {
      "teacher-home": "/",
      "teacher-search-none": "/?q=Castillo",
      "teacher-family": `/families/${familyId}`,
      "teacher-invite": `/families/${familyId}/invite`,
      "teacher-record": `/visits/${visit!.id}/record`,
      "teacher-notes": `/visits/${visit!.id}/notes`,
      "teacher-inbox": "/inbox",
      "teacher-thread": `/inbox/${familyId}`,
    });
    expect(findings).toEqual([]);
  }, 180_000);

  it("the coordinator's pages: families, dashboard, delivery, draws, events, roster, records, inbox", async () => {
    const findings = await tour("Rosa Delgado", {
      "coordinator-home": "/",
      "coordinator-dashboard": "/dashboard",
      "coordinator-delivery": "/delivery",
      "coordinator-draws": "/draws",
      "coordinator-events": "/events",
      "coordinator-imports": "/imports",
      "coordinator-records": "/records",
      "coordinator-inbox": "/inbox",
    });
    expect(findings).toEqual([]);
  }, 180_000);

  it("the district admin's pages: families, the school dashboard, the district dashboard", async () => {
    const findings = await tour("Patricia Owens", {
      "district-home": "/",
      "district-dashboard": "/dashboard",
      "district-district": "/dashboard/district",
    });
    expect(findings).toEqual([]);
  }, 120_000);
});

describe("the compose counter in a browser", () => {
  it("counts characters and SMS segments as the teacher types, as the server counts them", async () => {
    const [family] = await query(
      `select f.id from families f join students s on s.family_id = f.id
       join student_educators se on se.student_id = s.id join educators e on e.id = se.educator_id
       where e.email = 'maria.gonzalez@cedarvalley.example.org' limit 1`,
    );
    const { smsSegments } = await import("../../src/domain/sms-segments");
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/dev/login`);
    await page.getByRole("button", { name: "Sign in as Maria Gonzalez" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/families/${family!.id}`);
    const counter = page.locator("#compose-counter");
    await expect(counter.textContent()).resolves.toContain("0 of 1,000 characters");
    for (const text of [
      "Hola familia",
      "x".repeat(161),
      "Gracias por todo, ¿cómo está Lucía? ".repeat(3),
      "€".repeat(80),
      "مرحبا 🎉📚",
    ]) {
      await page.fill("#body", text);
      const expected = `${text.length.toLocaleString("en-US")} of 1,000 characters · ${smsSegments(text).segments} SMS segment(s)`;
      await expect(counter.textContent(), text.slice(0, 20)).resolves.toContain(expected);
    }
    await page.fill("#body", "a".repeat(1200));
    await expect(counter.textContent()).resolves.toContain("1,200 characters: 200 over the 1,000-character limit");
    await expect(page.locator("#body").inputValue()).resolves.toHaveLength(1200); // never cut
    await context.close();
  }, 60_000);
});
