import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { startServer } from "./server";

/**
 * PTLT conference sign-up on a phone (360 px), against `npm start`'s demo district: the Dewey
 * teacher's slots are published through the API, a family opens the link from its invitation
 * text, taps a time and gets it, with "add to calendar". Screenshots only when E2E_SCREENSHOTS names a folder.
 */
const dir = mkdtempSync(join(tmpdir(), "doorstep-e2e-conference-"));
const dbFile = join(dir, "e2e.db");
const TOKEN = "e2e-conference-token-0123456789abcdef0123";
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({
    APP_ENV: "development",
    DATABASE_URL: `file:${dbFile}`,
    ADMIN_API_TOKEN: TOKEN,
    SMS_QUIET_HOURS: "off",
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a family books its conference on a phone", () => {
  it("opens the invitation link, taps a time, sees it booked with the calendar link; nothing scrolls sideways", async () => {
    const db = createClient({ url: `file:${dbFile}` });
    const teacher = (
      await db.execute("select id, school_id from educators where email = 'elena.alvarez@cedarvalley.example.org'")
    ).rows[0]!;
    const { instantToWallTime, wallTimeToInstant } = await import("../../src/domain/local-time");
    const day = instantToWallTime(new Date(Date.now() + 10 * 24 * 60 * 60_000), "America/Chicago").slice(0, 10);
    const at = (hm: string) => wallTimeToInstant(`${day}T${hm}`, "America/Chicago")!.toISOString();
    const published = await fetch(`${server.baseUrl}/api/v1/conferences`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        schoolId: teacher.school_id,
        educatorId: teacher.id,
        title: "Winter conference",
        minutes: 20,
        blocks: [{ startsAt: at("16:00"), endsAt: at("17:00") }],
      }),
    });
    expect(published.status, await published.clone().text()).toBe(201);
    const conference = (await published.json()) as { id: string };
    // The Vietnamese family's invitation text, as it would arrive on their phone.
    const invitation = (
      await db.execute({
        sql: "select m.body from messages m join families f on f.id = m.family_id where m.event_id = ? and f.language = 'vi' and m.template_key = 'conference_invitation'",
        args: [conference.id],
      })
    ).rows[0]!;
    db.close();
    const link = /(http:\/\/\S+\/e\/[0-9A-Z]{12})/.exec(String(invitation.body))![1]!;

    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(link);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("vi");
    const times = page.locator('form button[type="submit"]');
    expect(await times.count()).toBe(3);
    for (const box of await Promise.all((await times.all()).map((b) => b.boundingBox())))
      expect(box!.height).toBeGreaterThanOrEqual(44);
    await times.nth(1).click();
    await page.waitForSelector("[data-booked-slot]");
    await expect(page.locator("[data-booked-slot]").getAttribute("data-booked-slot")).resolves.toBe("2");
    await expect(page.getByRole("status").textContent()).resolves.toContain("Cảm ơn");
    expect(await page.locator('form button[type="submit"]').count()).toBe(2);
    const calendar = await page.getByRole("link", { name: "Thêm vào lịch của tôi" }).getAttribute("href");
    const file = await fetch(`${server.baseUrl}${calendar}`);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain("BEGIN:VEVENT");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
      0,
    );
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "conference-phone.png"), fullPage: true });
  }, 60_000);
});
