import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, educators, messages, visits } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { TEMPLATES, type TemplateKey, type TemplateSpec } from "../../src/messaging/templates/catalog";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inviteToVisit } from "../support/visits";

/**
 * The catalog carries each template's behaviour (src/messaging/templates/catalog.ts). Each test
 * here changes one property on a catalog entry and shows the dispatcher and the enqueue follow
 * the property, not the template's key: it would fail if they compared keys instead.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const changed: { key: TemplateKey; property: keyof TemplateSpec; had: boolean; value: unknown }[] = [];

async function buildWorld() {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const lead = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez" });
  const partner = await makeEducator(t.deps, school.id, { name: "James Carter" });
  return { school, lead, partner };
}

/** Sets one property of a catalog entry for this test (restored after it). */
function setProperty<P extends keyof TemplateSpec>(key: TemplateKey, property: P, value: TemplateSpec[P]) {
  const entry = TEMPLATES[key] as Record<string, unknown>;
  changed.push({ key, property, had: Object.hasOwn(entry, property), value: entry[property] });
  if (value === undefined) delete entry[property];
  else entry[property] = value;
}

beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true });
  world = await buildWorld();
});
afterEach(() => {
  for (const c of changed.splice(0).reverse()) {
    const entry = TEMPLATES[c.key] as Record<string, unknown>;
    if (c.had) entry[c.property] = c.value;
    else delete entry[c.property];
  }
  return t.close();
});

async function send(familyId: string, extra: Record<string, unknown>) {
  const res = await t.api("POST", "/messages", { familyId, educatorId: world.lead.id, ...extra });
  if (res.status !== 202) throw new Error(`send refused: ${JSON.stringify(res.body)}`);
  await t.deps.settle();
  return res.body as { id: string; status: string };
}
const dispatch = () => runJob({ deps: t.deps }, "dispatch", t.clock.now());
const messageRow = async (id: string) => (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const emailFamily = () =>
  makeFamily(t.deps, world.school.id, {
    teachers: [world.lead.id, world.partner.id],
    language: "en",
    channel: "email",
    contact: { phone: null, email: "parent@example.org" },
  });
type SentEmail = {
  subject: string;
  content: { type: string; value: string }[];
  attachments?: { filename: string; type: string; content: string }[];
};

describe("the invitation email is rendered once", () => {
  it("names both educators in the thread and in what SendGrid gets, and the two are the same words", async () => {
    const sendgrid = mockSendGrid();
    const { family } = await emailFamily();
    const visitId = await inviteToVisit(t, family.id, [world.lead.id, world.partner.id]);
    await t.deps.settle();

    const [stored] = await t.deps.db.select().from(messages).where(eq(messages.visitId, visitId));
    expect(stored).toMatchObject({ templateKey: "visit_invitation", channel: "email", status: "sent" });
    expect(stored!.body).toContain("Maria Gonzalez & James Carter from Riverside Elementary would love to visit");

    const invitation = sendgrid.map((c) => c.body as SentEmail).find((b) => b.subject === stored!.subject);
    expect(invitation, "an email with the stored subject reached SendGrid").toBeDefined();
    const text = invitation!.content.find((c) => c.type === "text/plain")!.value;
    const html = invitation!.content.find((c) => c.type === "text/html")!.value;
    expect(text).toContain("Maria Gonzalez & James Carter");
    expect(html).toContain("Maria Gonzalez &amp; James Carter");
    // What was sent is what the thread shows, plus only the recipient's own unsubscribe line.
    expect(text.startsWith(`${stored!.body}\n\nStop these emails: http://doorstep.test/u/`)).toBe(true);
    expect(stored!.body).not.toContain("/u/");
  });

  it("sends the stored rendering: a name changed after queueing does not change the email", async () => {
    const sendgrid = mockSendGrid();
    const { family } = await emailFamily();
    t.clock.set("2026-11-03T03:30:00Z");
    const queued = await send(family.id, { templateKey: "check_in", sendAt: "2026-11-03T15:00:00Z" });
    await t.deps.db.update(educators).set({ name: "Renamed Person" }).where(eq(educators.id, world.lead.id));
    t.clock.set("2026-11-03T15:00:00Z");
    await dispatch();
    const row = await messageRow(queued.id);
    expect(row.status).toBe("sent");
    const sent = sendgrid.at(-1)!.body as SentEmail;
    expect(sent.subject).toBe(row.subject);
    expect(sent.subject).toContain("Maria Gonzalez");
    expect(JSON.stringify(sent)).not.toContain("Renamed Person");
  });
});

describe("catalog properties drive the dispatcher", () => {
  it("keywordReply: a text of the template goes at once in quiet hours; without it, it waits for morning", async () => {
    mockTwilio();
    const a = await makeFamily(t.deps, world.school.id);
    const b = await makeFamily(t.deps, world.school.id, { contact: { phone: "+12175550199" } });
    // Texted once in the day (the welcome is behind them), then again at 21:30 in Chicago.
    for (const f of [a, b]) await send(f.family.id, { templateKey: "visit_thank_you" });
    t.clock.set("2026-11-03T03:30:00Z");
    const waits = await send(a.family.id, { templateKey: "check_in" });
    expect((await messageRow(waits.id)).status).toBe("queued");
    setProperty("check_in", "keywordReply", { queue: "keeps" });
    const atOnce = await send(b.family.id, { templateKey: "check_in" });
    expect((await messageRow(atOnce.id)).status).toBe("sent");
  });

  it("sentAfterOptOut: the template still reaches a number that opted out after it was queued", async () => {
    const twilio = mockTwilio();
    const a = await makeFamily(t.deps, world.school.id);
    const b = await makeFamily(t.deps, world.school.id, { contact: { phone: "+12175550166" } });
    t.clock.set("2026-11-03T03:30:00Z"); // both queued for the morning, then both numbers opt out
    const allowed = await send(a.family.id, { templateKey: "check_in" });
    const stopped = await send(b.family.id, { templateKey: "visit_thank_you" });
    for (const c of [a.contact, b.contact])
      await t.deps.db.update(contacts).set({ smsOptedOutAt: t.clock.now() }).where(eq(contacts.id, c.id));
    t.clock.set("2026-11-03T14:00:00Z");

    setProperty("check_in", "sentAfterOptOut", true);
    await dispatch();
    expect((await messageRow(allowed.id)).status).toBe("sent");
    expect((await messageRow(stopped.id)).status).toBe("undeliverable");
    expect(twilio.filter((call) => call.form.To === "+12175550166")).toHaveLength(0);
  });

  it("timeSensitive: a validity window ending at its time, and dropped once the time has passed", async () => {
    const twilio = mockTwilio();
    const { family } = await makeFamily(t.deps, world.school.id);
    const link = "http://doorstep.test/c/ABCDEFGHJKLM";
    const inTwoHours = new Date(t.clock.now().getTime() + 2 * 3_600_000).toISOString();
    await send(family.id, { templateKey: "visit_confirmation", params: { time: inTwoHours, link } });
    expect(twilio.at(-1)!.form.ValidityPeriod).toBeUndefined();

    setProperty("visit_confirmation", "timeSensitive", true);
    await send(family.id, { templateKey: "visit_confirmation", params: { time: inTwoHours, link } });
    expect(twilio.at(-1)!.form.ValidityPeriod).toBe("7200");
    const before = twilio.length;
    const past = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const dropped = await send(family.id, { templateKey: "visit_confirmation", params: { time: past, link } });
    expect(twilio).toHaveLength(before);
    expect(await messageRow(dropped.id)).toMatchObject({ status: "undeliverable" });
    expect((await messageRow(dropped.id)).statusReason).toMatch(/time has passed/);

    // And the reminder without it is sent even for a time that has passed.
    setProperty("visit_reminder", "timeSensitive", undefined);
    const late = await send(family.id, { templateKey: "visit_reminder", params: { time: past } });
    expect((await messageRow(late.id)).status).toBe("sent");
  });

  it("attachments: the visit's .ics goes with the templates that list it, and only those", async () => {
    const sendgrid = mockSendGrid();
    const { family } = await emailFamily();
    const visitId = await inviteToVisit(t, family.id, [world.lead.id, world.partner.id]);
    const startsAt = new Date("2026-11-10T22:30:00Z");
    await t.deps.db.update(visits).set({ status: "scheduled", startsAt }).where(eq(visits.id, visitId));
    const time = startsAt.toISOString();
    const link = "http://doorstep.test/c/ABCDEFGHJKLM";
    const lastEmail = () => sendgrid.at(-1)!.body as SentEmail;

    await send(family.id, { templateKey: "visit_confirmation", params: { time, link }, visitId });
    expect(lastEmail().attachments?.map((a) => a.filename)).toEqual(["home-visit.ics"]);
    expect(atob(lastEmail().attachments![0]!.content)).toContain("DTSTART:20261110T223000Z");

    await send(family.id, { templateKey: "visit_reminder", params: { time }, visitId });
    expect(lastEmail().attachments).toBeUndefined();
    setProperty("visit_reminder", "attachments", ["visit_ics"]);
    await send(family.id, { templateKey: "visit_reminder", params: { time }, visitId });
    expect(lastEmail().attachments?.map((a) => a.filename)).toEqual(["home-visit.ics"]);

    setProperty("visit_confirmation", "attachments", undefined);
    await send(family.id, { templateKey: "visit_confirmation", params: { time, link }, visitId });
    expect(lastEmail().attachments).toBeUndefined();
  });
});
