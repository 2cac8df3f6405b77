import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { messages, messageTranslations, outbox, translationUsage } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { AZURE_TRANSLATOR_ENV, mockAzureTranslator } from "../support/azure-translator";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";

const ENGLISH = "Thank you for welcoming us! I will send the homework home on Monday.";
const VIETNAMESE = "Cảm ơn gia đình đã đón tiếp chúng tôi! Tôi sẽ gửi bài tập về nhà vào thứ Hai.";

let t: TestApp;
afterEach(() => t?.close());

async function setUp(env: Record<string, string> = AZURE_TRANSLATOR_ENV) {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_QUIET_HOURS: "off", ...env }, { realProviders: true });
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez" });
  const { family } = await makeFamily(t.deps, school.id, {
    teachers: [teacher.id],
    language: "vi",
    contact: { phone: "+12175550196", name: "Huong Tran" },
  });
  const cookie = `${await sessionCookie(t.deps, teacher.id)}; doorstep_csrf=test-csrf`;
  const post = (form: Record<string, string>) =>
    t.app.request(`/families/${family.id}/messages`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "test-csrf", templateKey: "personal", channel: "auto", ...form }),
    });
  return { school, teacher, family, cookie, post };
}

const personal = async () => (await t.deps.db.select().from(messages)).filter((m) => m.templateKey === "personal");
const toFamily = () => t.deps.db.select().from(messageTranslations);

describe("a teacher's free text to a family who reads another language", () => {
  it("Preview shows the translation the family will get, its cost counted on the translated text", async () => {
    const { post } = await setUp();
    mockAzureTranslator({ dictionary: { [ENGLISH]: VIETNAMESE } });
    const page = await (await post({ body: ENGLISH, sourceLanguage: "en", action: "preview" })).text();
    expect(page).toContain("The family gets this machine translation");
    expect(page).toContain(VIETNAMESE);
    // Vietnamese is UCS-2: the English text alone would be one GSM-7 segment.
    expect(page).toMatch(/\d SMS segment\(s\), UCS-2/);
    expect(page).toContain("Send the translation");
    expect(page).toContain("Send as written");
    expect(await personal()).toHaveLength(0); // a preview writes nothing
  });

  it("the live preview while typing calls no engine", async () => {
    const { family, cookie } = await setUp();
    const calls = mockAzureTranslator();
    const res = await t.app.request(
      `/families/${family.id}/messages/preview?templateKey=personal&body=${encodeURIComponent(ENGLISH)}&sourceLanguage=en`,
      { headers: { cookie } },
    );
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(0);
  });

  it("is sent in the family's language, with what the teacher wrote kept beside it, and reaches Twilio translated", async () => {
    const { family, teacher, post } = await setUp();
    mockAzureTranslator({ dictionary: { [ENGLISH]: VIETNAMESE } });
    const twilio = mockTwilio();
    const res = await post({ body: ENGLISH, sourceLanguage: "en", action: "send" });
    expect(res.status).toBe(303);
    const [message] = await personal();
    expect(message!.body).toBe(`Maria Gonzalez (Riverside Elementary): ${VIETNAMESE}`);
    expect(message!.language).toBe("vi");
    const [row] = await toFamily();
    expect(row).toMatchObject({
      direction: "to_family",
      sourceLanguage: "en",
      targetLanguage: "vi",
      original: ENGLISH,
      text: VIETNAMESE,
      status: "done",
      engine: "azure",
    });
    await t.deps.settle();
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    expect(twilio.map((c) => c.form.Body)).toContain(message!.body);
    const html = await (
      await t.app.request(`/families/${family.id}`, { headers: { cookie: await sessionCookie(t.deps, teacher.id) } })
    ).text();
    expect(html).toContain(`You wrote:`);
    expect(html).toContain(ENGLISH);
    expect(html).toContain("Machine translation, Azure Translator");
  });

  it("sends the teacher's edit of the translation exactly, keeping the machine's text", async () => {
    const { post } = await setUp();
    mockAzureTranslator({ dictionary: { [ENGLISH]: VIETNAMESE } });
    const edited = "Cảm ơn chị Hương đã đón tiếp cô! Thứ Hai cô sẽ gửi bài tập về nhà.";
    expect((await post({ body: ENGLISH, sourceLanguage: "en", action: "send", translatedBody: edited })).status).toBe(
      303,
    );
    const [message] = await personal();
    expect(message!.body).toContain(edited);
    expect((await toFamily())[0]).toMatchObject({ status: "edited", text: edited, machineText: VIETNAMESE });
  });

  it("sends as written when the teacher chooses, and calls no engine", async () => {
    const { post } = await setUp();
    const calls = mockAzureTranslator();
    expect((await post({ body: ENGLISH, sourceLanguage: "en", action: "send_as_written" })).status).toBe(303);
    expect((await personal())[0]!.body).toContain(ENGLISH);
    expect((await toFamily())[0]).toMatchObject({ status: "as_written", original: ENGLISH, text: ENGLISH });
    expect(calls).toHaveLength(0);
  });

  it("is not re-translated when the teacher writes in the family's language", async () => {
    const { post } = await setUp();
    const calls = mockAzureTranslator();
    expect((await post({ body: VIETNAMESE, sourceLanguage: "vi", action: "send" })).status).toBe(303);
    expect((await personal())[0]!.body).toContain(VIETNAMESE);
    expect(await toFamily()).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it("when the engine is down, sends nothing as if translated: the page says why, keeps the text, offers as written", async () => {
    const { post } = await setUp();
    mockAzureTranslator({ script: [503, 503] });
    const res = await post({ body: ENGLISH, sourceLanguage: "en", action: "send" });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Could not translate into Vietnamese");
    expect(page).toContain("Nothing was sent");
    expect(page).toContain(ENGLISH); // the teacher's words are still in the box
    expect(page).toContain("Send as written");
    expect(await personal()).toHaveLength(0);
    expect(await t.deps.db.select().from(outbox)).toHaveLength(0);
  });

  it("with no engine configured, goes as written and the preview says so", async () => {
    const { post } = await setUp({});
    const page = await (await post({ body: ENGLISH, sourceLanguage: "en", action: "preview" })).text();
    expect(page).toContain("No translation service is configured: the family gets your text as written");
    expect((await post({ body: ENGLISH, sourceLanguage: "en", action: "send" })).status).toBe(303);
    expect((await toFamily())[0]).toMatchObject({ status: "as_written", statusReason: "not_configured" });
  });
});

describe("POST /api/v1/messages with free text", () => {
  it("translates by default and returns both texts", async () => {
    const { family, teacher } = await setUp();
    mockAzureTranslator({ dictionary: { [ENGLISH]: VIETNAMESE } });
    const res = await t.api("POST", "/messages", { familyId: family.id, educatorId: teacher.id, body: ENGLISH });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: "queued",
      language: "vi",
      original: ENGLISH,
      translation: { status: "done", sourceLanguage: "en", targetLanguage: "vi", engine: "azure" },
    });
    expect(res.body.body).toContain(VIETNAMESE);
  });

  it("answers 503 translation_unavailable and writes nothing when the engine fails; translate: false sends as written", async () => {
    const { family, teacher } = await setUp();
    mockAzureTranslator({ script: [401] });
    const res = await t.api("POST", "/messages", { familyId: family.id, educatorId: teacher.id, body: ENGLISH });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("translation_unavailable");
    expect(await personal()).toHaveLength(0);
    const asWritten = await t.api("POST", "/messages", {
      familyId: family.id,
      educatorId: teacher.id,
      body: ENGLISH,
      translate: false,
    });
    expect(asWritten.status).toBe(202);
    expect(asWritten.body.translation).toMatchObject({ status: "as_written" });
  });

  it("refuses a bad sourceLanguage by name", async () => {
    const { family, teacher } = await setUp();
    const res = await t.api("POST", "/messages", {
      familyId: family.id,
      educatorId: teacher.id,
      body: ENGLISH,
      sourceLanguage: "klingon",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.sourceLanguage).toMatch(/must be one of/);
  });
});

describe("the monthly budget", () => {
  it("warns coordinators past 80 % on the delivery page, and says what 100 % means", async () => {
    const { school } = await setUp({ ...AZURE_TRANSLATOR_ENV, TRANSLATION_MONTHLY_CHAR_CAP: "1000" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const delivery = async () =>
      (await t.app.request("/delivery", { headers: { cookie: await sessionCookie(t.deps, coordinator.id) } })).text();
    const month = t.clock.now().toISOString().slice(0, 7);
    await t.deps.db.insert(translationUsage).values({ month, chars: 500, updatedAt: t.clock.now() });
    expect(await delivery()).not.toContain("Machine translation:");
    await t.deps.db.update(translationUsage).set({ chars: 850 }).where(eq(translationUsage.month, month));
    expect(await delivery()).toContain("Machine translation: 850 of 1,000 characters this month (85 %)");
    await t.deps.db.update(translationUsage).set({ chars: 1000 }).where(eq(translationUsage.month, month));
    expect(await delivery()).toContain("Machine translation is off until next month");
  });
});
