import { eq, inArray } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { contacts, messages, outbox } from "../../db/schema";
import { dispatchDue, RECONCILE_WINDOW_MS, UNKNOWN_GIVE_UP_MS } from "../../src/messaging/dispatcher";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mswServer } from "../support/msw";
import { mockTwilioAccount, sendGridKeys } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, SENDGRID_SEND_URL, type TestApp, TWILIO_MESSAGES_URL } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

/**
 * The dispatcher under faults: a Twilio slow enough that a run outlasts its lease, a second
 * dispatcher, STOPs and 21610s in the middle of a run, 429s, and sends whose outcome is unknown
 * with provider lookups that answer, answer "none", or fail.
 */
let t: TestApp;
afterEach(() => t?.close());

const EVENING = "2026-11-03T03:30:00Z"; // 21:30 in Chicago: queued for the morning
const MORNING = "2026-11-03T14:00:00Z"; // 08:00

async function schoolWithFamilies(count: number, options: { email?: boolean } = {}) {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez" });
  const families = [];
  for (let i = 0; i < count; i++) {
    families.push(
      await makeFamily(t.deps, school.id, {
        contact: { phone: `+1217556${String(i).padStart(4, "0")}`, email: options.email ? `p${i}@example.org` : null },
      }),
    );
  }
  return { school, teacher, families };
}

/** An event invitation to the whole school, queued in the evening (nothing leaves before 08:00). */
async function inviteSchoolInTheEvening(schoolId: string) {
  t.clock.set(EVENING);
  const created = await t.api("POST", "/events", {
    schoolId,
    kind: "family_dinner",
    title: "Family Dinner",
    startsAt: "2026-11-20T17:30:00-06:00",
    location: "the cafeteria",
    audience: { all: true },
  });
  expect(created.status).toBe(201);
  await t.deps.settle();
  t.clock.set(MORNING);
  return created.body as { invited: number };
}

const outMessages = () => t.deps.db.select().from(messages).where(eq(messages.direction, "out"));
const messageRow = async (id: string) => (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const outboxRow = async (id: string) => (await t.deps.db.select().from(outbox).where(eq(outbox.messageId, id)))[0]!;

/** What each provider request was, by the message it carried (To + Body identify it). */
async function requestsByTemplate(requests: Record<string, string>[]) {
  const rows = await outMessages();
  const keyOf = new Map(rows.map((m) => [`${m.address}\n${m.body}`, m.templateKey]));
  return requests.map((r) => ({ to: r.To!, templateKey: keyOf.get(`${r.To}\n${r.Body}`) ?? "?" }));
}

describe("fenced leases", () => {
  it("a run that outlasts its lease sends nothing the next run re-claimed: each family gets each text once", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { school } = await schoolWithFamilies(8);
    expect((await inviteSchoolInTheEvening(school.id)).invited).toBe(8);

    // While the first run's first request is open, 3 minutes pass (a slow Twilio, SMS_MPS=1):
    // its leases (2 min) run out and a second dispatcher (the cron, another process) starts.
    let second: Promise<Awaited<ReturnType<typeof dispatchDue>>> | undefined;
    const twilio = mockTwilioAccount({
      delayMs: 30,
      answer: (_form, index) => {
        if (index === 0) {
          t.clock.advance(3 * 60_000);
          second = dispatchDue({ deps: t.deps }, t.clock.now());
        }
        return undefined;
      },
    });
    const first = await dispatchDue({ deps: t.deps }, t.clock.now());
    const other = await second!;

    const perMessage = new Map<string, number>();
    for (const r of twilio.requests)
      perMessage.set(`${r.To}\n${r.Body}`, (perMessage.get(`${r.To}\n${r.Body}`) ?? 0) + 1);
    expect([...perMessage.values()].filter((n) => n > 1)).toEqual([]);
    expect(twilio.requests).toHaveLength(16); // 8 welcomes + 8 invitations, each once
    expect(first.lost).toBeGreaterThan(0); // the first run found rows it no longer held, and left them
    // The one open when the leases ran out: sent by the first run, adopted by the second from
    // Twilio's message list (reconciliation), not sent again.
    expect(first.sent + other.sent).toBe(16);
    expect(other.reconciled).toBe(1);
    const rows = await outMessages();
    expect(rows.map((m) => m.status).sort()).toEqual(Array(16).fill("sent"));
    const queue = await t.deps.db.select().from(outbox);
    expect(queue.every((o) => o.state === "done")).toBe(true);
  });
});

describe("order per recipient", () => {
  it("an invitation to 150 new families: every family's welcome reaches Twilio before its invitation", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { school } = await schoolWithFamilies(150);
    expect((await inviteSchoolInTheEvening(school.id)).invited).toBe(150);
    const twilio = mockTwilioAccount();
    const summary = await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(summary.rounds).toBeGreaterThan(1); // drained in rounds, in one call
    const log = await requestsByTemplate(twilio.requests);
    expect(log).toHaveLength(300);
    const violations = [];
    for (const phone of new Set(log.map((r) => r.to))) {
      const order = log.filter((r) => r.to === phone).map((r) => r.templateKey);
      if (order.join(",") !== "welcome,event_invitation") violations.push({ phone, order });
    }
    expect(violations).toEqual([]);
  }, 60_000);
});

describe("fresh consent at send time", () => {
  it("21610 on a number's welcome: the invitation behind it in the same run is not sent", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { school, families } = await schoolWithFamilies(3);
    await inviteSchoolInTheEvening(school.id);
    const blocked = families[1]!.contact.phone!;
    const twilio = mockTwilioAccount({
      answer: (form) => (form.To === blocked ? { status: 400, code: 21610 } : undefined),
    });
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(twilio.requests.filter((r) => r.To === blocked)).toHaveLength(1); // the welcome, refused
    expect(twilio.accepted).toHaveLength(4); // the other two families: welcome + invitation
    const [contact] = await t.deps.db.select().from(contacts).where(eq(contacts.phone, blocked));
    expect(contact!.smsOptedOutAt).not.toBeNull();
    const theirs = (await outMessages()).filter((m) => m.address === blocked);
    expect(theirs.map((m) => m.status).sort()).toEqual(["failed", "undeliverable"]);
  });

  it("a STOP that arrives while the run is sending stops that number's texts claimed in the same run", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { school, families } = await schoolWithFamilies(2);
    await inviteSchoolInTheEvening(school.id);
    const first = families[0]!.contact.phone!;
    const stopper = families[1]!.contact.phone!;
    let stop: Response | undefined;
    const twilio = mockTwilioAccount({
      answer: async (_form, index) => {
        // The family texts STOP while the run is at the first family's welcome (claimed with it).
        if (index === 0) stop = await postInboundSms(t, inboundPayload(stopper, "STOP"), { settle: false });
        return undefined;
      },
    });
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(stop!.status).toBe(200);
    await t.deps.settle();
    const log = await requestsByTemplate(twilio.requests);
    expect(log.filter((r) => r.to === first).map((r) => r.templateKey)).toEqual(["welcome", "event_invitation"]);
    // Only the STOP's own confirmation went to the number that opted out.
    expect(log.filter((r) => r.to === stopper).map((r) => r.templateKey)).toEqual(["opt_out_confirmation"]);
    const held = (await outMessages()).filter((m) => m.address === stopper && m.templateKey !== "opt_out_confirmation");
    expect(held.map((m) => [m.templateKey, m.status, m.statusReason])).toEqual(
      expect.arrayContaining([
        ["welcome", "undeliverable", expect.stringMatching(/^opted out of texts before sending/)],
        ["event_invitation", "undeliverable", expect.stringMatching(/^opted out of texts before sending/)],
      ]),
    );
  });
});

describe("429 from Twilio", () => {
  it("with Retry-After: waits that long and sends again in the same run, without spending an attempt", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { school } = await schoolWithFamilies(1);
    await inviteSchoolInTheEvening(school.id);
    const twilio = mockTwilioAccount({
      answer: (_form, index) => (index === 1 ? { status: 429, code: 20429, retryAfter: "2" } : undefined),
    });
    t.sleeps.length = 0;
    const summary = await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(summary.sent).toBe(2);
    expect(twilio.requests).toHaveLength(3); // welcome, invitation refused, invitation accepted
    expect(t.sleeps.some((ms) => ms >= 2000)).toBe(true); // the pacer held sends for the 2 s asked
    const invitation = (await outMessages()).find((m) => m.templateKey === "event_invitation")!;
    expect(await outboxRow(invitation.id)).toMatchObject({ state: "done", attempts: 1 });
  });
});

/** A family reached by email, and one email whose SendGrid call dropped (outcome unknown). */
async function emailWithUnknownOutcome() {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id);
  const { family } = await makeFamily(t.deps, school.id, {
    channel: "email",
    contact: { phone: null, email: "parent@example.org" },
  });
  const sends: unknown[] = [];
  mswServer.use(
    http.post(SENDGRID_SEND_URL, async ({ request }) => {
      sends.push(await request.json());
      if (sends.length === 1) return HttpResponse.error();
      return new HttpResponse(null, { status: 202, headers: { "X-Message-Id": `sg-${sends.length}` } });
    }),
  );
  const res = await t.api("POST", "/messages", {
    familyId: family.id,
    educatorId: teacher.id,
    templateKey: "check_in",
  });
  await t.deps.settle();
  expect((await messageRow(res.body.id)).status).toBe("unknown");
  return { id: res.body.id as string, sends, school, family };
}

/** Runs the dispatcher each time the message's row falls due, until `ms` have passed. */
async function dispatchFor(id: string, ms: number) {
  const end = t.clock.now().getTime() + ms;
  for (let i = 0; i < 200; i++) {
    const row = await outboxRow(id);
    if (row.state !== "pending" || row.nextAttemptAt.getTime() > end) break;
    t.clock.set(row.nextAttemptAt);
    await dispatchDue({ deps: t.deps }, t.clock.now());
  }
}

const ACTIVITY_URL = "https://sendgrid.test/v3/messages";

describe("unknown-outcome emails are settled by SendGrid's evidence", () => {
  it("a deferred event carrying our messageId: adopted, never sent again", async () => {
    const keys = await sendGridKeys();
    t = await createTestApp({ ...PROVIDER_ENV, SENDGRID_EVENT_PUBLIC_KEY: keys.publicKey }, { realProviders: true });
    const { id, sends } = await emailWithUnknownOutcome();
    const body = JSON.stringify([
      { event: "deferred", sg_event_id: "ev-d1", sg_message_id: "sg-x.filter1", messageId: id },
    ]);
    const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
    const posted = await t.app.request("/webhooks/sendgrid/events", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-twilio-email-event-webhook-signature": await keys.sign(timestamp, body),
        "x-twilio-email-event-webhook-timestamp": timestamp,
      },
      body,
    });
    expect(posted.status).toBe(204);
    await dispatchFor(id, 2 * RECONCILE_WINDOW_MS);
    expect(sends).toHaveLength(1);
    expect(await messageRow(id)).toMatchObject({ status: "sent", providerMessageId: "sg-x.filter1" });
    expect((await outboxRow(id)).state).toBe("done");
  });

  it("Email Activity API finds it by our messageId: adopted, never sent again", async () => {
    t = await createTestApp({ ...PROVIDER_ENV, SENDGRID_EMAIL_ACTIVITY: "1" }, { realProviders: true });
    const queries: URLSearchParams[] = [];
    mswServer.use(
      http.get(ACTIVITY_URL, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        const id = /unique_args\['messageId'\]="([^"]+)"/.exec(queries.at(-1)!.get("query") ?? "")?.[1];
        return HttpResponse.json({
          messages: [{ msg_id: `sg-found.${id}`, to_email: "parent@example.org", status: "delivered" }],
        });
      }),
    );
    const { id, sends } = await emailWithUnknownOutcome();
    await dispatchFor(id, 2 * RECONCILE_WINDOW_MS);
    expect(queries[0]!.get("query")).toBe(`unique_args['messageId']="${id}"`);
    expect(sends).toHaveLength(1);
    expect(await messageRow(id)).toMatchObject({ status: "delivered", providerMessageId: `sg-found.${id}` });
  });

  it("Email Activity API says it has none: sent again once, after the window", async () => {
    t = await createTestApp({ ...PROVIDER_ENV, SENDGRID_EMAIL_ACTIVITY: "1" }, { realProviders: true });
    mswServer.use(http.get(ACTIVITY_URL, () => HttpResponse.json({ messages: [] })));
    const { id, sends } = await emailWithUnknownOutcome();
    await dispatchFor(id, RECONCILE_WINDOW_MS - 60_000);
    expect(sends).toHaveLength(1); // inside the window: waits for a late event
    await dispatchFor(id, 24 * 60 * 60_000);
    expect(sends).toHaveLength(2);
    expect((await messageRow(id)).status).toBe("sent");
  });

  it("a failing lookup is not 'none': never resent, shown as outcome unknown, dead-lettered after a day", async () => {
    t = await createTestApp({ ...PROVIDER_ENV, SENDGRID_EMAIL_ACTIVITY: "1" }, { realProviders: true });
    let lookups = 0;
    mswServer.use(
      http.get(ACTIVITY_URL, () => {
        lookups++;
        return HttpResponse.json({ errors: [{ message: "internal" }] }, { status: 500 });
      }),
    );
    const { id, sends, school, family } = await emailWithUnknownOutcome();
    await dispatchFor(id, 2 * 60 * 60_000);
    expect(sends).toHaveLength(1);
    const waiting = await messageRow(id);
    expect(waiting.status).toBe("unknown");
    expect(waiting.statusReason).toMatch(/Email Activity could not be read.*500/);
    const backoff = await outboxRow(id);
    expect(backoff.nextAttemptAt.getTime() - t.clock.now().getTime()).toBeGreaterThan(3 * 60_000); // backs off

    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const page = await t.app.request("/delivery", { headers: { cookie: await sessionCookie(t.deps, coordinator.id) } });
    const html = await page.text();
    expect(html).toContain("Outcome unknown");
    expect(html).toContain(family.displayName);
    expect(html).toContain("Email Activity could not be read");

    await dispatchFor(id, UNKNOWN_GIVE_UP_MS);
    expect(sends).toHaveLength(1);
    expect(lookups).toBeGreaterThan(3);
    const dead = await messageRow(id);
    expect(dead.status).toBe("dead_letter");
    expect(dead.statusReason).toMatch(/^outcome unknown after 2\d h .*check with the family/);
    expect((await outboxRow(id)).state).toBe("dead");
  });

  it("an email waiting for its outcome does not hold the family's next email", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { id, sends, family } = await emailWithUnknownOutcome();
    const educatorId = (await messageRow(id)).educatorId;
    const next = await t.api("POST", "/messages", { familyId: family.id, educatorId, body: "See you Tuesday!" });
    await t.deps.settle();
    expect(sends).toHaveLength(2);
    expect((await messageRow(next.body.id)).status).toBe("sent");
    expect((await messageRow(id)).status).toBe("unknown");
  });

  it("without the Email Activity API and with no event: never guessed at — dead-lettered, not resent", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const { id, sends } = await emailWithUnknownOutcome();
    await dispatchFor(id, UNKNOWN_GIVE_UP_MS + 60 * 60_000);
    expect(sends).toHaveLength(1);
    expect(await messageRow(id)).toMatchObject({ status: "dead_letter" });
    expect((await messageRow(id)).statusReason).toMatch(/no event for it and the Email Activity API is not configured/);
  });
});

describe("unknown-outcome texts", () => {
  it("Twilio's message list failing is not 'not found': the text is not resent", async () => {
    t = await createTestApp(PROVIDER_ENV, { realProviders: true });
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { contact: { email: null } });
    let posts = 0;
    mswServer.use(
      http.post(TWILIO_MESSAGES_URL, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        posts++;
        if (posts === 2) return HttpResponse.error(); // the check-in's answer is lost
        return HttpResponse.json(
          { sid: `SM${String(posts).padStart(32, "0")}`, status: "queued", to: form.get("To") },
          { status: 201 },
        );
      }),
      http.get(TWILIO_MESSAGES_URL, () => HttpResponse.json({ message: "Service unavailable" }, { status: 503 })),
    );
    const res = await t.api("POST", "/messages", {
      familyId: family.id,
      educatorId: teacher.id,
      templateKey: "check_in",
    });
    await t.deps.settle();
    const id = res.body.id as string;
    expect((await messageRow(id)).status).toBe("unknown");
    await dispatchFor(id, 3 * 60 * 60_000);
    expect(posts).toBe(2);
    expect((await messageRow(id)).statusReason).toMatch(/Twilio's message list could not be read/);
    await dispatchFor(id, UNKNOWN_GIVE_UP_MS);
    expect(posts).toBe(2);
    expect(await messageRow(id)).toMatchObject({ status: "dead_letter" });
    const left = await t.deps.db
      .select()
      .from(outbox)
      .where(inArray(outbox.state, ["pending", "leased"]));
    expect(left).toEqual([]);
  });
});
