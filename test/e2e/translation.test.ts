import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { freePort, startServer } from "./server";

/**
 * Free-text translation both ways, in a real browser against the real server, with Azure
 * Translator played by a local fake that speaks its documented v3 shape and checks its key:
 * a Vietnamese family's text shows its English line; the teacher's English reply previews in
 * Vietnamese, is sent, and arrives in Vietnamese on /dev/phone.
 */
const FAMILY_TEXT = "Thưa cô, tuần sau cháu phải đi khám răng nên nghỉ học thứ Ba.";
const FAMILY_TEXT_EN = "Dear teacher, next week my child has a dentist appointment and will miss Tuesday.";
const TEACHER_TEXT = "Thank you for letting me know! I will send the homework home on Monday.";
const TEACHER_TEXT_VI = "Cảm ơn chị đã báo cho tôi biết! Tôi sẽ gửi bài tập về nhà vào thứ Hai.";
const DICTIONARY: Record<string, string> = { [FAMILY_TEXT]: FAMILY_TEXT_EN, [TEACHER_TEXT]: TEACHER_TEXT_VI };
const AZURE_KEY = "e2e-azure-key";

const dir = mkdtempSync(join(tmpdir(), "doorstep-e2e-tr-"));
const dbFile = join(dir, "e2e.db");
let server: Awaited<ReturnType<typeof startServer>>;
let baseUrl = "";
let azure: Server;
const azureCalls: { from: string | null; to: string | null; text: string }[] = [];
let browser: Browser;

/** Azure Translator v3 `POST /translate?api-version=3.0&from&to`, body `[{"Text"}]`, key header. */
function startFakeAzure(port: number) {
  azure = createHttpServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || url.pathname !== "/translate" || url.searchParams.get("api-version") !== "3.0") {
      res.writeHead(404).end();
      return;
    }
    if (req.headers["ocp-apim-subscription-key"] !== AZURE_KEY) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":{"code":401000}}');
      return;
    }
    const [{ Text }] = JSON.parse(raw) as [{ Text: string }];
    azureCalls.push({ from: url.searchParams.get("from"), to: url.searchParams.get("to"), text: Text });
    const to = url.searchParams.get("to")!;
    const text = DICTIONARY[Text] ?? `[${url.searchParams.get("from")}→${to}] ${Text}`;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify([{ translations: [{ text, to }] }]));
  });
  return new Promise<void>((resolve) => azure.listen(port, "127.0.0.1", resolve));
}

beforeAll(async () => {
  const azurePort = await freePort();
  await startFakeAzure(azurePort);
  server = await startServer({
    APP_ENV: "development",
    DATABASE_URL: `file:${dbFile}`,
    SMS_QUIET_HOURS: "off",
    SMS_MPS: "20",
    TRANSLATION_PROVIDER: "azure",
    AZURE_TRANSLATOR_KEY: AZURE_KEY,
    AZURE_TRANSLATOR_API_BASE_URL: `http://127.0.0.1:${azurePort}`,
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => azure?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Maria Gonzalez's Vietnamese-speaking family that texts (the demo district has one). */
async function vietnameseFamily() {
  const db = createClient({ url: `file:${dbFile}` });
  try {
    const result = await db.execute(`select distinct f.id, f.display_name, c.phone from families f
      join contacts c on c.family_id = f.id
      join students s on s.family_id = f.id
      join student_educators se on se.student_id = s.id
      join educators e on e.id = se.educator_id
      where e.email = 'maria.gonzalez@cedarvalley.example.org' and f.language = 'vi' and f.channel = 'sms'
        and c.phone is not null and c.sms_opted_out_at is null and (c.language is null or c.language = 'vi')
      order by f.display_name limit 1`);
    const row = result.rows[0];
    if (!row) throw new Error("the demo district should give Maria Gonzalez a Vietnamese family that texts");
    return { id: String(row.id), name: String(row.display_name), phone: String(row.phone) };
  } finally {
    db.close();
  }
}

async function eventually(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 40; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}\n${server.output().slice(-2000)}`);
}

describe("free text understood both ways", () => {
  it("a Vietnamese reply shows its English line; the teacher's English answer previews and arrives in Vietnamese", async () => {
    const family = await vietnameseFamily();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/dev/login`);
    await page.getByRole("button", { name: "Sign in as Maria Gonzalez" }).click();
    await page.waitForURL(`${baseUrl}/`);

    // The family writes in Vietnamese from the dev phone (a signed request to the real webhook).
    await page.goto(`${baseUrl}/dev/phone`);
    const phone = page.locator("section", { has: page.getByRole("heading", { name: family.phone }) });
    await phone.getByRole("textbox").fill(FAMILY_TEXT);
    await phone.getByRole("button", { name: "Send from this phone" }).click();
    await page.waitForURL(`${baseUrl}/dev/phone`);

    // The teacher reads it in the thread with its English line, labelled as machine translation.
    await eventually(async () => {
      await page.goto(`${baseUrl}/inbox/${family.id}`);
      return (await page.locator("article").filter({ hasText: FAMILY_TEXT_EN }).count()) === 1;
    }, "the English line should appear under the family's text");
    const card = page.locator("article").filter({ hasText: FAMILY_TEXT_EN });
    await expect(card.getByText("Machine translation, Azure Translator").count()).resolves.toBe(1);
    await expect(card.locator('p[lang="vi"]').textContent()).resolves.toBe(FAMILY_TEXT);
    expect(azureCalls[0]).toMatchObject({ from: "vi", to: "en" });

    // She answers in English; Preview shows the Vietnamese the family will get, then she sends it.
    await page.locator("#body").fill(TEACHER_TEXT);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.locator("#translatedBody").inputValue()).resolves.toBe(TEACHER_TEXT_VI);
    await expect(page.locator("#compose-preview").textContent()).resolves.toContain("UCS-2");
    await page.getByRole("button", { name: "Send the translation" }).click();
    await page.waitForURL(/sent=queued/);

    // The family's phone shows the Vietnamese text.
    await eventually(async () => {
      await page.goto(`${baseUrl}/dev/phone`);
      return (await page.locator("p.msg-out").filter({ hasText: TEACHER_TEXT_VI }).count()) > 0;
    }, "the Vietnamese answer should reach the family's phone");
    expect(await page.locator("p.msg-out").filter({ hasText: TEACHER_TEXT }).count()).toBe(0);

    // Staff see what she wrote beside what the family got.
    await page.goto(`${baseUrl}/inbox/${family.id}`);
    const sent = page.locator("article").filter({ hasText: TEACHER_TEXT_VI });
    await expect(sent.textContent()).resolves.toContain(`You wrote: ${TEACHER_TEXT}`);
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, "translation.png"), fullPage: true });
    await page.close();
  });
});
