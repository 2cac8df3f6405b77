import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { startServer } from "./server";

/**
 * On a phone (390×844), against `npm start`'s demo district: a coordinator reviews a
 * school-wide event before it goes, sends it, and watches the progress bar fill without
 * reloading; a teacher opens a long thread and finds the newest message and the reply box on
 * the first screen. Screenshots only when E2E_SCREENSHOTS names a folder.
 */
const dir = mkdtempSync(join(tmpdir(), "doorstep-e2e-events-"));
const dbFile = join(dir, "e2e.db");
let server: Awaited<ReturnType<typeof startServer>>;
let baseUrl = "";
let browser: Browser;
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  server = await startServer({
    APP_ENV: "development",
    DATABASE_URL: `file:${dbFile}`,
    // CI may run at night in Chicago: texts must not wait for morning in this test.
    SMS_QUIET_HOURS: "off",
    // Fast enough that the whole school is reached within the test, slow enough to watch.
    SMS_MPS: "20",
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE });
  await page.goto(`${baseUrl}/dev/login`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function shot(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, name), fullPage: true });
}

describe("an event on a phone: review, send, progress", () => {
  it("the coordinator sees count, languages and texts before sending, then the bar fills without a reload", async () => {
    const page = await signIn("Rosa Delgado");
    const { instantToWallTime } = await import("../../src/domain/local-time");
    const day = instantToWallTime(new Date(Date.now() + 3 * 24 * 60 * 60_000), "America/Chicago").slice(0, 10);

    await page.goto(`${baseUrl}/events`);
    await page.getByLabel("Title (as families will read it)").fill("Family Literacy Night");
    await page.locator('input[name="startsAt"]').fill(`${day}T18:30`);
    await page.locator('input[name="location"]').fill("the school library");
    await page.getByRole("button", { name: "Review before sending" }).click();

    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Check before sending");
    const lead = await page.locator("#review-lead").textContent();
    const families = Number(lead!.match(/(\d+) families will be invited/)![1]);
    expect(families).toBeGreaterThan(5);
    // Several languages, each with its exact text and its cost.
    expect(await page.locator("section[data-group]").count()).toBeGreaterThan(2);
    await expect(page.locator('[data-text="es:sms"]').textContent()).resolves.toContain("Family Literacy Night");
    await expect(page.locator('[data-review="cost"]').textContent()).resolves.toMatch(/about \$\d+\.\d\d/);
    expect(await sideways(page)).toBe(0);
    await shot(page, "event-review-phone.png");
    // Nothing has gone out yet.
    const db = createClient({ url: `file:${dbFile}` });
    const sentBefore = await db.execute("select count(*) as n from events where title = 'Family Literacy Night'");
    expect(Number(sentBefore.rows[0]!.n)).toBe(0);

    const progressCalls: string[] = [];
    page.on("request", (r) => {
      if (/\/events\/[^/]+\/progress$/.test(r.url())) progressCalls.push(r.url());
    });
    await page.getByRole("button", { name: /^Send \d+ invitations$/ }).click();
    await page.waitForURL(/\/events\/evt_/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Family Literacy Night");
    await expect(page.locator("dl").first().textContent()).resolves.toContain("the school library");
    const bar = page.locator("#event-progress-bar");
    const start = Number(await bar.getAttribute("value"));
    const max = Number(await bar.getAttribute("max"));
    expect(max).toBe(families);
    // The bar reaches the end on the page as loaded (polling), not by navigating.
    const url = page.url();
    await page.waitForFunction(
      () => {
        const p = document.querySelector<HTMLProgressElement>("#event-progress-bar");
        return p !== null && p.value >= p.max;
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(page.url()).toBe(url);
    if (start < max) expect(progressCalls.length).toBeGreaterThan(0);
    await page.reload();
    expect(await page.locator('[data-send-state="waiting"]').count()).toBe(0);
    expect(await page.locator("tr[data-family]").count()).toBe(families);
    expect(await sideways(page)).toBe(0);
    await shot(page, "event-progress-phone.png");
    db.close();
    await page.close();
  }, 120_000);
});

describe("a long thread on a phone", () => {
  it("opens at the newest message with the reply box on the first screen", async () => {
    const db = createClient({ url: `file:${dbFile}` });
    // The teacher's family with the longest history.
    const found = await db.execute(`
      select f.id, count(m.id) as n from families f
      join messages m on m.family_id = f.id
      join students s on s.family_id = f.id join student_educators se on se.student_id = s.id
      join educators e on e.id = se.educator_id
      where e.email = 'maria.gonzalez@cedarvalley.example.org'
      group by f.id order by n desc limit 1`);
    const familyId = String(found.rows[0]!.id);
    const newest = await db.execute({
      sql: "select body from messages where family_id = ? order by occurred_at desc, id desc limit 1",
      args: [familyId],
    });
    db.close();
    expect(Number(found.rows[0]!.n)).toBeGreaterThan(5);

    const page = await signIn("Maria Gonzalez");
    await page.goto(`${baseUrl}/inbox/${familyId}`);
    const latest = page.locator("#latest article");
    await expect(latest.textContent()).resolves.toContain(String(newest.rows[0]!.body).slice(0, 30));
    const latestBox = await latest.boundingBox();
    const reply = await page.locator("#compose").boundingBox();
    expect(latestBox!.y).toBeLessThan(PHONE.height);
    expect(reply!.y, "the reply box starts on the first screen").toBeLessThan(PHONE.height);
    expect(await sideways(page)).toBe(0);
    await shot(page, "thread-phone.png");
    await page.close();
  }, 60_000);
});
