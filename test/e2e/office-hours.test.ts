import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { startServer } from "./server";

/**
 * Office hours and scheduled sends in a real browser on a phone-sized screen: a teacher sets
 * her office hours, schedules a message on a family page, sees it waiting and cancels it; the
 * coordinator sees the team's hours and a scheduled message still waiting.
 */
const dir = mkdtempSync(join(tmpdir(), "doorstep-e2e-hours-"));
const dbFile = join(dir, "e2e.db");
let server: Awaited<ReturnType<typeof startServer>>;
let baseUrl = "";
let browser: Browser;

beforeAll(async () => {
  server = await startServer({
    APP_ENV: "development",
    DATABASE_URL: `file:${dbFile}`,
    // CI may run at night in Chicago: texts must not wait for morning in this test.
    SMS_QUIET_HOURS: "off",
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) expect(await server.stop()).toBe(0); // stops cleanly on SIGTERM
  rmSync(dir, { recursive: true, force: true });
});

const PHONE = { width: 390, height: 844 };

async function signIn(page: import("playwright-core").Page, match: { name?: string; email?: string }) {
  await page.goto(`${baseUrl}/dev/login`);
  if (match.name) await page.getByRole("button", { name: `Sign in as ${match.name}` }).click();
  else await page.locator("li", { hasText: match.email! }).getByRole("button").click();
  await page.waitForURL(`${baseUrl}/`);
}

/** "YYYY-MM-DDTHH:MM" two days from now, for the datetime-local field. */
function inTwoDays() {
  const d = new Date(Date.now() + 2 * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T10:00`;
}

describe("office hours and scheduled sends in a browser", () => {
  it("a teacher sets office hours, schedules a message and cancels it; the coordinator sees both", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await signIn(page, { name: "Maria Gonzalez" });

    await page.getByRole("link", { name: "Office hours" }).click();
    await page.waitForURL(`${baseUrl}/settings/office-hours`);
    // A refused save keeps what was typed and says why beside the field.
    await page.getByLabel("Monday", { exact: true }).check();
    await page.getByLabel("Monday until").fill("07:00");
    await page.getByRole("button", { name: "Save office hours" }).click();
    await expect(page.getByText("The end must be after the start").count()).resolves.toBe(1);
    await expect(page.getByLabel("Monday until").inputValue()).resolves.toBe("07:00");
    await page.getByLabel("Monday until").fill("16:00");
    await page.getByLabel("Tuesday", { exact: true }).check();
    await page.getByRole("button", { name: "Save office hours" }).click();
    await page.waitForURL(/saved=1/);
    await expect(page.getByRole("status").textContent()).resolves.toContain("Office hours saved.");
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "office-hours.png"), fullPage: true });

    // Schedule a message on the first family's page.
    await page.goto(`${baseUrl}/`);
    const first = page.locator("tbody tr td:first-child a").first();
    const familyName = (await first.textContent())!;
    await first.click();
    const words = `See you at the conference — e2e ${Date.now()}`;
    await page.fill("#body", words);
    await page.fill("#sendAt", inTwoDays());
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.waitForURL(/scheduled=1/);
    const waiting = page.locator("section", { has: page.getByRole("heading", { name: /scheduled message/ }) });
    await expect(waiting.textContent()).resolves.toContain(words);
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "scheduled.png"), fullPage: true });

    // The coordinator sees Maria's hours and the message waiting.
    const coordinator = await browser.newPage({ viewport: PHONE });
    await signIn(coordinator, { email: "coordinator.riverside@" });
    await coordinator.goto(`${baseUrl}/settings/office-hours`);
    const team = coordinator.locator("section", { has: coordinator.getByRole("heading", { name: /team/ }) });
    await expect(team.textContent()).resolves.toMatch(/Maria Gonzalez.*Mon 08:00–16:00 · Tue 08:00–16:00/);
    const list = coordinator.locator("section", {
      has: coordinator.getByRole("heading", { name: /scheduled message/ }),
    });
    await expect(list.textContent()).resolves.toContain(familyName);
    await coordinator.close();

    // Maria cancels it: it leaves the list and never goes.
    await waiting.getByRole("button", { name: "Cancel this message" }).first().click();
    await page.waitForURL(/unscheduled=1/);
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("Scheduled message cancelled");
    // It leaves the waiting list (the history still shows it, as not sent and why).
    await expect(page.locator("#scheduled-messages").count()).resolves.toBe(0);
    await expect(page.getByText("cancelled before it was sent").count()).resolves.toBeGreaterThan(0);
    const db = createClient({ url: `file:${dbFile}` });
    try {
      const row = await db.execute({
        sql: "select status, status_reason from messages where body like ?",
        args: [`%${words}%`],
      });
      expect(row.rows.map((r) => [r.status, r.status_reason])).toEqual([
        ["undeliverable", "cancelled before it was sent"],
      ]);
    } finally {
      db.close();
    }
    // Nothing on the page is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  }, 60_000);
});
