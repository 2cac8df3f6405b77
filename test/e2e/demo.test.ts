import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { startServer } from "./server";

/**
 * The README's promise, in a real browser: `npm start` on an empty database seeds the demo
 * district; a teacher signs in through /dev/login, sees their own families, and a family of
 * the other school is a 404.
 */
const dir = mkdtempSync(join(tmpdir(), "doorstep-e2e-"));
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
    // The dispatcher keeps to SMS_MPS segments a second (one on a long code): the journeys
    // before the last one queue a dozen segments, and these tests are not about pacing.
    SMS_MPS: "20",
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) expect(await server.stop()).toBe(0); // stops cleanly on SIGTERM
  rmSync(dir, { recursive: true, force: true });
});

async function familiesOf(email: string) {
  const db = createClient({ url: `file:${dbFile}` });
  try {
    const own = await db.execute({
      sql: `select distinct f.id, f.display_name from families f
            join students s on s.family_id = f.id
            join student_educators se on se.student_id = s.id
            join educators e on e.id = se.educator_id where e.email = ?`,
      args: [email],
    });
    const otherSchool = await db.execute({
      sql: `select f.id from families f where f.school_id <> (select school_id from educators where email = ?) limit 1`,
      args: [email],
    });
    return { own: own.rows.map((r) => String(r.display_name)), otherSchoolFamilyId: String(otherSchool.rows[0]!.id) };
  } finally {
    db.close();
  }
}

/** A phone number of one of this educator's families that speaks something other than English. */
async function phoneOfOwnFamily(email: string) {
  const db = createClient({ url: `file:${dbFile}` });
  try {
    const result = await db.execute({
      sql: `select distinct f.id, f.display_name, f.language, f.timezone, c.phone from families f
            join contacts c on c.family_id = f.id
            join students s on s.family_id = f.id
            join student_educators se on se.student_id = s.id
            join educators e on e.id = se.educator_id
            where e.email = ? and c.phone is not null and f.language <> 'en' and f.channel = 'sms'
              and c.sms_opted_out_at is null and c.language is null
            order by f.display_name limit 1`,
      args: [email],
    });
    const row = result.rows[0]!;
    return {
      familyId: String(row.id),
      name: String(row.display_name),
      language: String(row.language),
      timeZone: String(row.timezone),
      phone: String(row.phone),
    };
  } finally {
    db.close();
  }
}

describe("demo sign-in in a browser", () => {
  it("a teacher signs in with one click, sees their own families, and gets 404 for another school's", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dev/login`);
    await page.getByRole("button", { name: "Sign in as Maria Gonzalez" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Your families");

    const { own, otherSchoolFamilyId } = await familiesOf("maria.gonzalez@cedarvalley.example.org");
    expect(own.length).toBeGreaterThan(0);
    const listed = await page.locator("tbody tr td:first-child a").allTextContents();
    expect(listed.sort()).toEqual([...own].sort());

    // Open one family page by clicking, as a person would.
    await page.getByRole("link", { name: own[0]! }).click();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(own[0]);

    const response = await page.goto(`${baseUrl}/families/${otherSchoolFamilyId}`);
    expect(response!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "404.png") });
    await page.close();
  });
});

describe("the two-way loop in a browser", () => {
  it("a family's reply from the dev phone reaches the teacher's inbox; the answer reaches the phone in the family's language", async () => {
    const family = await phoneOfOwnFamily("maria.gonzalez@cedarvalley.example.org");
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dev/login`);
    await page.getByRole("button", { name: "Sign in as Maria Gonzalez" }).click();
    await page.waitForURL(`${baseUrl}/`);

    // The family texts from the dev phone (a signed request to the real webhook).
    await page.goto(`${baseUrl}/dev/phone`);
    const thread = page.locator("section", { has: page.getByRole("heading", { name: family.phone }) });
    const familyWords = `Hello from the ${family.name} — e2e ${Date.now()}`;
    await thread.getByRole("textbox").fill(familyWords);
    await thread.getByRole("button", { name: "Send from this phone" }).click();
    await page.waitForURL(`${baseUrl}/dev/phone`);

    // The teacher sees it in the inbox (routing runs just after the webhook answers, so a person
    // may need a refresh) and answers with a check-in.
    let seen = false;
    for (let i = 0; i < 40 && !seen; i++) {
      await page.goto(`${baseUrl}/inbox`);
      const link = page.getByRole("link", { name: family.name }).first();
      if ((await link.count()) > 0) {
        await link.click();
        seen = (await page.locator("article").filter({ hasText: familyWords }).count()) === 1;
      }
      if (!seen) await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen, "the family's reply should reach the teacher's thread").toBe(true);
    await page.selectOption("#templateKey", "check_in");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL(/sent=queued/);

    // The check-in arrives on the family's phone, rendered in their language.
    const { createI18n } = await import("../../src/i18n");
    const { renderSms } = await import("../../src/messaging/templates/render");
    const expected = renderSms(
      createI18n(),
      "check_in",
      family.language,
      { school: "Riverside Elementary", sender: "Maria Gonzalez", educators: "Maria Gonzalez" },
      { timeZone: family.timeZone },
    ).body;
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      await page.goto(`${baseUrl}/dev/phone`);
      found =
        (await page
          .locator("p.msg-out")
          .filter({ hasText: expected.slice(0, 40) })
          .count()) > 0;
      if (!found) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found, `the phone should show: ${expected}`).toBe(true);
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "loop.png"), fullPage: true });
    await page.close();
  });
});

describe("a visit from invitation to schedule in a browser", () => {
  it("a teacher invites through the form, the family picks a time on the Arabic page, the teacher sees it scheduled", async () => {
    const db = createClient({ url: `file:${dbFile}` });
    const found = await db.execute(`
      select f.id, f.display_name, f.timezone, e.name as teacher from families f
      join students s on s.family_id = f.id join student_educators se on se.student_id = s.id
      join educators e on e.id = se.educator_id
      where f.language = 'ar'
        and exists (select 1 from visits v where v.family_id = f.id and v.round = 1 and v.status = 'completed')
        and not exists (select 1 from visits v where v.family_id = f.id and v.round = 2)
      order by f.display_name, e.name limit 1`);
    const family = found.rows[0]!;
    const { instantToWallTime } = await import("../../src/domain/local-time");
    const inDays = (days: number, hour: number) => {
      const at = new Date(Date.now() + days * 24 * 60 * 60_000);
      return `${instantToWallTime(at, String(family.timezone)).slice(0, 10)}T${String(hour).padStart(2, "0")}:30`;
    };

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/dev/login`);
    await page.getByRole("button", { name: `Sign in as ${family.teacher}` }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/families/${family.id}`);
    await page.getByRole("link", { name: "Invite to a home visit" }).click();
    await page.selectOption("#round", "2");
    await page.fill("#time0", inDays(3, 16));
    await page.fill("#time1", inDays(4, 17));
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.waitForURL(/invited=1/);

    const visit = (
      await db.execute({
        // Only the code's hash is stored: the link comes from the invitation the family got.
        sql: "select v.id, m.body from visits v join messages m on m.visit_id = v.id and m.template_key = 'visit_invitation' where v.family_id = ? and v.round = 2",
        args: [String(family.id)],
      })
    ).rows[0]!;
    const familyPage = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await familyPage.goto(`${baseUrl}/f/${/\/f\/([0-9A-Z]{12})/.exec(String(visit.body))![1]}`);
    expect(await familyPage.getAttribute("html", "dir")).toBe("rtl");
    expect(await familyPage.getAttribute("html", "lang")).toBe("ar");
    if (process.env.E2E_SCREENSHOTS)
      await familyPage.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "family-visit-ar.png"), fullPage: true });
    await familyPage.locator("form button").first().click();
    await familyPage.waitForLoadState();
    expect(await familyPage.locator("[role=status]").count()).toBe(1);

    await page.goto(`${baseUrl}/families/${family.id}`);
    expect(await page.locator("section", { hasText: "Visits" }).textContent()).toContain("Scheduled");
    const status = (await db.execute({ sql: "select status from visits where id = ?", args: [String(visit.id)] }))
      .rows[0]!;
    expect(status.status).toBe("scheduled");
    db.close();
    await familyPage.close();
    await page.close();
  });
});

describe("the coordinator dashboard in a browser", () => {
  it("a coordinator finds an overdue family, messages it from the dashboard, and the family is on track after", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dev/login`);
    await page.locator("li", { hasText: "coordinator.riverside@" }).getByRole("button").click();
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/dashboard`);
    const overdue = page
      .locator("section", { has: page.getByRole("heading", { name: /Overdue/ }) })
      .locator("li")
      .first();
    const familyName = (await overdue.locator("a").first().textContent())!;
    await overdue.getByRole("link", { name: "Message" }).click();
    await page.fill("#body", "Hello! Just checking in — how is everything going at home?");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL(/sent=queued/);

    // Once the text is sent, the family counts as contacted. Texts leave at SMS_MPS (1 segment a
    // second): the earlier tests' texts (the Arabic confirmation, with its calendar link, is 4
    // segments) may still be ahead of it, so poll for up to ~20 s.
    let stillOverdue = true;
    for (let i = 0; i < 60 && stillOverdue; i++) {
      await page.goto(`${baseUrl}/dashboard`);
      const list = await page.locator("section", { has: page.getByRole("heading", { name: /Overdue/ }) }).textContent();
      stillOverdue = list!.includes(familyName);
      if (stillOverdue) await new Promise((r) => setTimeout(r, 250));
    }
    expect(stillOverdue, `${familyName} should have left the overdue list`).toBe(false);
    await page.close();
  });
});
