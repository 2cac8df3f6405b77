import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, messages, messageTranslations, translationUsage } from "../../db/schema";
import { signId } from "../../src/auth/signed-ids";
import { runJob } from "../../src/jobs";
import { translatePending } from "../../src/services/translation/translate-pending";
import { AZURE_TRANSLATOR_ENV, mockAzureTranslator } from "../support/azure-translator";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

const VIETNAMESE = "Thưa cô, tuần sau cháu phải đi khám răng nên nghỉ học thứ Ba.";
const ENGLISH = "Dear teacher, next week my child has a dentist appointment, so will miss school on Tuesday.";

let t: TestApp;
afterEach(() => t?.close());

async function setUp(env: Record<string, string> = AZURE_TRANSLATOR_ENV) {
  t = await createTestApp({ ...PROVIDER_ENV, ...env }, { realProviders: true });
  mockTwilio();
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id, { languages: ["en"] });
  const { family, contact } = await makeFamily(t.deps, school.id, {
    teachers: [teacher.id],
    language: "vi",
    displayName: "Tran family",
    contact: { phone: "+12175550196", name: "Huong Tran" },
  });
  return { school, teacher, family, contact };
}

const translations = () => t.deps.db.select().from(messageTranslations);
const familyPage = async (familyId: string, educatorId: string) => {
  const res = await t.app.request(`/families/${familyId}`, {
    headers: { cookie: await sessionCookie(t.deps, educatorId) },
  });
  return res.text();
};

describe("a family's text in the staff language", () => {
  it("is translated after routing (never in the webhook), shown under the original with its engine", async () => {
    const { family, teacher } = await setUp();
    const calls = mockAzureTranslator({ dictionary: {} });
    await postInboundSms(t, inboundPayload("+12175550196", VIETNAMESE));

    const [row] = await translations();
    expect(row).toMatchObject({ direction: "to_staff", sourceLanguage: "vi", targetLanguage: "en", status: "done" });
    expect(row!.engine).toBe("azure");
    expect(row!.text).toBe(`[vi→en] ${VIETNAMESE}`);
    // The source is the contact's language, always given; only the text crosses, no ids or numbers.
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ from: "vi", to: "en", text: VIETNAMESE });
    expect(calls[0]!.url).not.toContain("+1217");
    expect([...calls[0]!.headers.values()].join(" ")).not.toMatch(/fam_|msg_|\+1217|Tran/);

    const [message] = await t.deps.db.select().from(messages);
    expect(message!.body).toBe(VIETNAMESE); // the original is the record
    const html = await familyPage(family.id, teacher.id);
    expect(html).toContain(`[vi→en] ${VIETNAMESE}`);
    expect(html).toContain("Machine translation, Azure Translator");
    expect(html).toContain('lang="vi"');
  });

  it("keeps names and numbers away from the engine and puts them back", async () => {
    const { family } = await setUp();
    const calls = mockAzureTranslator();
    await postInboundSms(t, inboundPayload("+12175550196", `Huong đây, gọi cho tôi lúc 4:30 nhé, số 217-555-0111`));
    expect(calls[0]!.text).not.toContain("Huong");
    expect(calls[0]!.text).not.toContain("4:30");
    expect(calls[0]!.text).not.toContain("217-555-0111");
    const [row] = await translations();
    expect(row!.text).toContain("Huong");
    expect(row!.text).toContain("4:30");
    expect(row!.text).toContain("217-555-0111");
    expect(family.id).toBeTruthy();
  });

  it("sends no keyword, digit answer, emoji or English text to an engine", async () => {
    await setUp();
    const calls = mockAzureTranslator();
    for (const body of ["HELP", "2", "👍", "۱"]) await postInboundSms(t, inboundPayload("+12175550196", body));
    expect(calls).toHaveLength(0);
    expect(await translations()).toHaveLength(0);
  });

  it("pays once for the same words: the second 'Cảm ơn cô' comes from the cache", async () => {
    await setUp();
    const calls = mockAzureTranslator({ dictionary: { "Cảm ơn cô": "Thank you, teacher" } });
    await postInboundSms(t, inboundPayload("+12175550196", "Cảm ơn cô"));
    t.clock.advance(60_000);
    await postInboundSms(t, inboundPayload("+12175550196", "Cảm ơn cô"));
    expect(calls).toHaveLength(1);
    const rows = await translations();
    expect(rows.map((r) => [r.status, r.text, r.chars])).toEqual([
      ["done", "Thank you, teacher", 9],
      ["done", "Thank you, teacher", 0],
    ]);
    const [usage] = await t.deps.db.select().from(translationUsage);
    expect(usage!.chars).toBe(9);
  });

  it("backs off on 503 and 429 (Retry-After honoured), then translates when the engine is back", async () => {
    await setUp();
    const calls = mockAzureTranslator({ script: [503, { status: 429, retryAfter: 600 }] });
    await postInboundSms(t, inboundPayload("+12175550196", VIETNAMESE));
    let [row] = await translations();
    expect(row).toMatchObject({ status: "pending", attempts: 1, leaseOwner: null });
    expect(row!.statusReason).toMatch(/^unavailable/);
    const firstRetry = row!.nextAttemptAt!.getTime();
    expect(firstRetry).toBeGreaterThan(t.clock.now().getTime());
    // Not due yet: a run now claims nothing and calls no engine.
    expect(await runJob({ deps: t.deps }, "translate", t.clock.now())).toMatchObject({ claimed: 0 });
    expect(calls).toHaveLength(1);

    t.clock.set(new Date(firstRetry));
    await runJob({ deps: t.deps }, "translate", t.clock.now());
    [row] = await translations();
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row!.statusReason).toMatch(/^rate_limited/);
    expect(row!.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(firstRetry + 600_000);

    t.clock.set(row!.nextAttemptAt!);
    await runJob({ deps: t.deps }, "translate", t.clock.now());
    [row] = await translations();
    expect(row).toMatchObject({ status: "done", attempts: 3, text: `[vi→en] ${VIETNAMESE}` });
    expect(calls).toHaveLength(3);
  });

  it("never translates one text twice when two runs overlap on a slow engine", async () => {
    await setUp();
    const calls = mockAzureTranslator({ script: ["slow", "slow", "slow"] });
    // Queue three texts without translating (the translate job is what we race).
    for (const body of ["Con bị ốm hôm nay", "Cô ơi, bài tập ở đâu?", "Hẹn gặp cô thứ Năm"]) {
      await t.deps.db.insert(messageTranslations).values({
        id: `trn_${body.length}${Math.random()}`,
        messageId: await storeInbound(body),
        direction: "to_staff",
        sourceLanguage: "vi",
        targetLanguage: "en",
        status: "pending",
        nextAttemptAt: t.clock.now(),
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
    }
    calls.length = 0;
    const [a, b] = await Promise.all([translatePending({ deps: t.deps }), translatePending({ deps: t.deps })]);
    expect(a.claimed + b.claimed).toBe(3);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.text)).size).toBe(3);
    expect((await translations()).every((r) => r.status === "done")).toBe(true);
  });

  it("stops at the monthly cap: the engine never receives more, staff see the original and why", async () => {
    const { family, teacher } = await setUp({ ...AZURE_TRANSLATOR_ENV, TRANSLATION_MONTHLY_CHAR_CAP: "70" });
    const calls = mockAzureTranslator();
    await postInboundSms(t, inboundPayload("+12175550196", VIETNAMESE)); // 63 characters
    t.clock.advance(60_000);
    await postInboundSms(t, inboundPayload("+12175550196", "Cô ơi, bài tập ở đâu?"));
    expect(calls).toHaveLength(1);
    const rows = await translations();
    expect(rows.map((r) => r.status)).toEqual(["done", "over_cap"]);
    const [usage] = await t.deps.db.select().from(translationUsage);
    expect(usage!.chars).toBeLessThanOrEqual(70);
    const html = await familyPage(family.id, teacher.id);
    expect(html).toContain("Not translated: this month&#39;s translation limit is reached");
  });

  it("with no engine configured, invents nothing: the original, and the reason", async () => {
    const { family, teacher } = await setUp({});
    await postInboundSms(t, inboundPayload("+12175550196", VIETNAMESE));
    const [row] = await translations();
    expect(row).toMatchObject({ status: "failed", text: null });
    const html = await familyPage(family.id, teacher.id);
    expect(html).toContain(VIETNAMESE);
    expect(html).toContain("Not translated: no translation service is configured");
  });

  it("is returned with each message by GET /api/v1/families/:id/messages", async () => {
    const { family } = await setUp();
    mockAzureTranslator({ dictionary: { [VIETNAMESE]: ENGLISH } });
    await postInboundSms(t, inboundPayload("+12175550196", VIETNAMESE));
    const res = await t.api("GET", `/families/${family.id}/messages`);
    expect(res.status).toBe(200);
    expect(res.body.messages[0]).toMatchObject({
      body: VIETNAMESE,
      translation: { direction: "to_staff", status: "done", text: ENGLISH, engine: "azure", sourceLanguage: "vi" },
    });
  });
});

describe("correcting a translation", () => {
  it("is offered to bilingual educators only; the correction is kept with who and when, the machine's text beside it", async () => {
    const { school, family, teacher } = await setUp();
    mockAzureTranslator({ dictionary: { [VIETNAMESE]: "Teacher, next week tooth doctor." } });
    await postInboundSms(t, inboundPayload("+12175550196", VIETNAMESE));
    const [message] = await t.deps.db.select().from(messages);

    expect(await familyPage(family.id, teacher.id)).not.toContain("Correct this translation");
    const bilingual = await makeEducator(t.deps, school.id, { languages: ["en", "vi"], role: "coordinator" });
    expect(await familyPage(family.id, bilingual.id)).toContain("Correct this translation");

    const post = async (educatorId: string, text: string) => {
      const cookie = `${await sessionCookie(t.deps, educatorId)}; doorstep_csrf=test-csrf`;
      return t.app.request(`/messages/${message!.id}/translation`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: "test-csrf", text, returnTo: `/families/${family.id}` }).toString(),
      });
    };
    const refused = await post(teacher.id, "Anything");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Only educators who read Vietnamese can correct this translation");
    expect((await post(bilingual.id, "   ")).status).toBe(400);
    const res = await post(bilingual.id, ENGLISH);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/families/${family.id}?corrected=1`);

    const [row] = await translations();
    expect(row).toMatchObject({
      status: "corrected",
      text: ENGLISH,
      machineText: "Teacher, next week tooth doctor.",
      correctedByEducatorId: bilingual.id,
    });
    const [message2] = await t.deps.db.select().from(messages);
    expect(message2!.body).toBe(VIETNAMESE);
    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "translation.correct"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(bilingual.id);
    expect(await familyPage(family.id, teacher.id)).toContain(`Corrected by ${bilingual.name}`);
  });
});

/** An inbound message stored directly (for racing the job alone). */
async function storeInbound(body: string): Promise<string> {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const now = t.clock.now();
  await t.deps.db.insert(messages).values({
    id,
    direction: "in",
    kind: "personal",
    channel: "sms",
    language: "vi",
    body,
    status: "received",
    occurredAt: now,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

describe("an email reply", () => {
  it("is translated the same way: after the webhook answers, from the contact's language", async () => {
    t = await createTestApp(
      { ...PROVIDER_ENV, ...AZURE_TRANSLATOR_ENV, SENDGRID_INBOUND_SECRET: "inbound-secret-0123456789" },
      { realProviders: true },
    );
    const calls = mockAzureTranslator({ dictionary: { "¡Todo bien! Lucía está feliz.": "All good! Lucía is happy." } });
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, {
      teachers: [teacher.id],
      channel: "email",
      language: "es",
      contact: { email: "rosa@example.org", name: "Rosa Díaz" },
    });
    const token = await signId(t.deps.config.sessionSecret, "thread", family.id);
    const form = new FormData();
    form.set("to", `Riverside <reply+${token}@in.doorstep.test>`);
    form.set("from", "Rosa Díaz <rosa@example.org>");
    form.set("subject", "Re: Checking in");
    form.set("text", "¡Todo bien! Lucía está feliz.\n\nOn Mon, Nov 2, 2026 at 9:00 AM Maria wrote:\n> Hola");
    form.set("headers", "Message-ID: <tr-1@mail.example.org>");
    const res = await t.app.request("/webhooks/sendgrid/inbound/inbound-secret-0123456789", {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(200);
    await t.deps.settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ from: "es", to: "en" });
    expect((await translations())[0]).toMatchObject({ status: "done", text: "All good! Lucía is happy." });
  });
});
