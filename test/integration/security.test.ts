import { eq } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, eventInvitations, loginTokens, messages, staffMail, visits } from "../../db/schema";
import { hashLinkCode } from "../../src/auth/tokens";
import { runJob } from "../../src/jobs";
import { sendStaffMail } from "../../src/messaging/staff-mail";
import type { EmailMessage, EmailProvider, SendResult } from "../../src/providers/messaging/types";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mswServer } from "../support/msw";
import { mockTwilio, sendGridKeys } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";
import { inviteToVisit } from "../support/visits";

/**
 * Issue 17 against the real app (app.request, real SQLite, msw at the provider boundary).
 * The Node-server half (a real socket) is security-node.test.ts.
 */
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV);
});
afterEach(() => t.close());

const MB = 1024 * 1024;

/** A body of `total` bytes produced on demand, counting how much the server pulled. */
function countedBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stats = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled >= total) return controller.close();
      stats.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, stats };
}

function bigRequest(path: string, headers: Record<string, string>, total: number, declareLength: boolean) {
  const { stream, stats } = countedBody(total);
  const init = {
    method: "POST",
    headers: { ...headers, ...(declareLength ? { "content-length": String(total) } : {}) },
    body: stream,
    duplex: "half",
  } as RequestInit;
  return { request: new Request(`http://doorstep.test${path}`, init), stats };
}

/** A browser: keeps cookies, fills in the CSRF field, can say where it comes from. */
function browser(headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      jar.set(name!, rest.join("="));
    }
    return res;
  };
  return {
    jar,
    get: async (path: string) => remember(await t.app.request(path, { headers: { cookie: cookie(), ...headers } })),
    post: async (path: string, form: Record<string, string>) =>
      remember(
        await t.app.request(path, {
          method: "POST",
          headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded", ...headers },
          body: new URLSearchParams({ ...form, _csrf: jar.get("doorstep_csrf") ?? "" }),
        }),
      ),
  };
}

/** An email provider that holds every send until released: shows who waits on it. */
function gatedEmail(): EmailProvider & { released: () => void; calls: EmailMessage[] } {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const calls: EmailMessage[] = [];
  return {
    name: "console",
    calls,
    released: () => open(),
    async send(message): Promise<SendResult> {
      calls.push(message);
      await gate;
      return { providerMessageId: `gated-${calls.length}`, status: "sent" };
    },
  };
}

/** Resolves to the promise's value, or to "still waiting" if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms = 3000): Promise<T | "still waiting"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"still waiting">((resolve) => {
    timer = setTimeout(() => resolve("still waiting"), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("body limits before any parsing", () => {
  it("an anonymous 50 MB multipart POST /login is a 413 without reading it", async () => {
    const declared = bigRequest("/login", { "content-type": "multipart/form-data; boundary=x" }, 50 * MB, true);
    const res = await t.app.request(declared.request);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("larger than 64 KB");
    expect(declared.stats.pulled).toBeLessThan(1 * MB);

    // Streamed without a length: read only up to the limit, then refused.
    const streamed = bigRequest("/login", { "content-type": "multipart/form-data; boundary=x" }, 50 * MB, false);
    expect((await t.app.request(streamed.request)).status).toBe(413);
    expect(streamed.stats.pulled).toBeLessThan(1 * MB);
  });

  it("an unsigned 50 MB Twilio webhook is a 413 before its signature is even checked", async () => {
    const { request, stats } = bigRequest(
      "/webhooks/twilio/sms",
      { "content-type": "application/x-www-form-urlencoded" },
      50 * MB,
      false,
    );
    const res = await t.app.request(request);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    expect(stats.pulled).toBeLessThan(1 * MB);
  });

  it("an authenticated 50 MB import is a 413 naming the limit, not a 400", async () => {
    const { request, stats } = bigRequest(
      "/api/v1/imports",
      { authorization: `Bearer ${t.deps.config.adminApiToken}`, "content-type": "multipart/form-data; boundary=x" },
      50 * MB,
      true,
    );
    const res = await t.app.request(request);
    expect(res.status).toBe(413);
    // The roster upload's own cap plus the multipart envelope (routes/middleware.ts BODY_LIMITS).
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("33 MB");
    expect(stats.pulled).toBeLessThan(1 * MB);
  });
});

describe("sign-in", () => {
  it("answers a known and an unknown address identically, and neither waits for the email", async () => {
    const school = await makeSchool(t.deps);
    await makeEducator(t.deps, school.id, { email: "known@school.example.org" });
    const email = gatedEmail();
    t.deps.email = email;
    const b = browser();
    await b.get("/login");
    const known = await within(b.post("/login", { email: "known@school.example.org" }));
    const unknown = await within(b.post("/login", { email: "nobody@school.example.org" }));
    expect(known).not.toBe("still waiting");
    expect(unknown).not.toBe("still waiting");
    const [k, u] = [known as Response, unknown as Response];
    expect(k.status).toBe(u.status);
    expect(await k.text()).toBe(await u.text());
    // After the response the link is queued in the staff outbox, and the send waits on SendGrid.
    const queued = await within(
      (async () => {
        for (;;) {
          const [row] = await t.deps.db.select().from(staffMail);
          if (row && email.calls.length === 1) return row;
          await new Promise((r) => setTimeout(r, 10));
        }
      })(),
    );
    expect(queued).toMatchObject({ kind: "login_link", toAddress: "known@school.example.org", state: "leased" });
    email.released();
    await t.deps.settle();
    expect(email.calls).toHaveLength(1);
    const [sent] = await t.deps.db.select().from(staffMail);
    expect(sent).toMatchObject({ state: "done", providerMessageId: "gated-1" });
    // The stored body no longer carries a live token.
    expect(sent!.body).not.toContain("token=");
  });

  it("limits links per address (5 per 15 minutes), known or not, and per client", async () => {
    const school = await makeSchool(t.deps);
    await makeEducator(t.deps, school.id, { email: "teacher@school.example.org" });
    const b = browser({ "cf-connecting-ip": "198.51.100.7" });
    await b.get("/login");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await b.post("/login", { email: "teacher@school.example.org" })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await b.post("/login", { email: "Teacher@School.example.org" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Too many sign-in requests");
    await t.deps.settle();
    expect(t.email.sent).toHaveLength(5);
    // The same for an address nobody has: the limit says nothing about who works here.
    for (let i = 0; i < 5; i++)
      expect((await b.post("/login", { email: "ghost@school.example.org" })).status).toBe(200);
    expect((await b.post("/login", { email: "ghost@school.example.org" })).status).toBe(429);

    // One client trying many addresses is stopped at 60 per window; another client is not.
    // 14 requests so far from this client; 46 more make 60, all within its budget.
    for (let i = 0; i < 46; i++) expect((await b.post("/login", { email: `a${i}@example.org` })).status).toBe(200);
    expect((await b.post("/login", { email: "fresh@example.org" })).status).toBe(429);
    const other = browser({ "cf-connecting-ip": "203.0.113.50" });
    await other.get("/login");
    expect((await other.post("/login", { email: "fresh@example.org" })).status).toBe(200);
    // The window passes.
    t.clock.advance(15 * 60_000 + 1);
    expect((await b.post("/login", { email: "teacher@school.example.org" })).status).toBe(200);
  });

  it("a new link invalidates the older unused one", async () => {
    const school = await makeSchool(t.deps);
    await makeEducator(t.deps, school.id, { email: "twice@school.example.org" });
    const b = browser();
    await b.get("/login");
    await b.post("/login", { email: "twice@school.example.org" });
    await b.post("/login", { email: "twice@school.example.org" });
    await t.deps.settle();
    const tokens = t.email.sent.map((m) => new URL(/(http:\S+)/.exec(m.text)![1]!).searchParams.get("token")!);
    expect(tokens).toHaveLength(2);
    expect(await t.deps.db.select().from(loginTokens)).toHaveLength(1);
    expect((await b.post("/login/verify", { token: tokens[0]! })).status).toBe(400);
    expect((await b.post("/login/verify", { token: tokens[1]! })).status).toBe(303);
  });

  it("an email without an address is a 400 naming the field", async () => {
    const b = browser();
    await b.get("/login");
    const res = await b.post("/login", { email: "not-an-address" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter your school email address");
  });
});

describe("staff mail through the outbox", () => {
  it("retries a failing SendGrid with backoff, then dead-letters with an audit entry", async () => {
    const real = await createTestApp(PROVIDER_ENV, { realProviders: true });
    try {
      let calls = 0;
      mswServer.use(
        http.post("https://sendgrid.test/v3/mail/send", () => {
          calls++;
          return new HttpResponse("unavailable", { status: 503 });
        }),
      );
      const school = await makeSchool(real.deps);
      await makeEducator(real.deps, school.id, { email: "mail@school.example.org" });
      const res = await real.app.request("/login", { method: "GET" });
      const csrf = /doorstep_csrf=([^;]+)/.exec(res.headers.get("set-cookie")!)![1]!;
      const posted = await real.app.request("/login", {
        method: "POST",
        headers: { cookie: `doorstep_csrf=${csrf}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "mail@school.example.org", _csrf: csrf }),
      });
      expect(posted.status).toBe(200); // the answer does not depend on SendGrid
      await real.deps.settle();
      let [row] = await real.deps.db.select().from(staffMail);
      expect(row).toMatchObject({ state: "pending", attempts: 1 });
      expect(row!.lastError).toContain("503");
      expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(real.clock.now().getTime());
      // Not due yet: nothing is sent.
      expect(await sendStaffMail({ deps: real.deps }, real.clock.now())).toMatchObject({ claimed: 0 });
      for (let attempt = 2; attempt <= 6; attempt++) {
        real.clock.advance(2 * 60 * 60_000);
        await sendStaffMail({ deps: real.deps }, real.clock.now());
      }
      [row] = await real.deps.db.select().from(staffMail);
      expect(row).toMatchObject({ state: "dead", attempts: 6 });
      expect(calls).toBe(6);
      expect(row!.body).not.toContain("token=");
      const audit = await real.deps.db.select().from(auditLog).where(eq(auditLog.action, "staff_mail.dead_letter"));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.subjectId).toBe(row!.id);
    } finally {
      real.close();
    }
  });

  it("routing a family's answer queues the pair's email and never waits on the provider", async () => {
    const email = gatedEmail();
    t.deps.email = email;
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family, contact } = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    await inviteToVisit(t, family.id, [lead.id, partner.id]);
    await t.deps.settle();
    const textsBefore = t.sms.sent.length;
    // The family answers "1" by text: routing schedules the visit, queues the family's
    // confirmation and two staff emails; the confirmation leaves while SendGrid still hangs.
    const answered = within(postInboundSms(t, inboundPayload(contact.phone!, "1"), { settle: false }));
    expect(await answered).not.toBe("still waiting");
    const confirmed = await within(
      (async () => {
        while (t.sms.sent.length === textsBefore) await new Promise((r) => setTimeout(r, 10));
        return t.sms.sent.at(-1)!.body;
      })(),
    );
    expect(confirmed).not.toBe("still waiting");
    const [visit] = await t.deps.db.select().from(visits);
    expect(visit!.status).toBe("scheduled");
    const queued = await t.deps.db.select().from(staffMail).where(eq(staffMail.kind, "visit_update"));
    expect(queued.map((m) => m.toAddress).sort()).toEqual([lead.email, partner.email].sort());
    email.released();
    await t.deps.settle();
    expect(email.calls.filter((m) => m.subject.includes(family.displayName))).toHaveLength(2);
  });
});

describe("cookie-authenticated API writes come from our own origin", () => {
  async function coordinatorWorld() {
    const school = await makeSchool(t.deps);
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const { family } = await makeFamily(t.deps, school.id, { teachers: [coordinator.id] });
    return { school, coordinator, family, cookie: await sessionCookie(t.deps, coordinator.id) };
  }

  it("refuses a JSON POST /api/v1/messages with Origin: evil; stores nothing", async () => {
    const { coordinator, family, cookie } = await coordinatorWorld();
    const send = (headers: Record<string, string>) =>
      t.app.request("/api/v1/messages", {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ familyId: family.id, educatorId: coordinator.id, body: "Hello" }),
      });
    const evil = await send({ origin: "https://evil.doorstep.test" });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
    expect((await send({ "sec-fetch-site": "same-site", origin: "https://evil.doorstep.test" })).status).toBe(403);
    expect((await send({})).status).toBe(403); // a browser always says where it comes from
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
    expect((await send({ origin: "http://doorstep.test" })).status).toBe(202);
    expect((await send({ "sec-fetch-site": "same-origin" })).status).toBe(202);
  });

  it("refuses a multipart import with a coordinator's cookie from a foreign origin; a bearer token is unaffected", async () => {
    const { cookie } = await coordinatorWorld();
    const foreign = await t.app.request("/api/v1/imports", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
      body: new FormData(),
    });
    expect(foreign.status).toBe(403);
    const bearer = await t.app.request("/api/v1/imports", {
      method: "POST",
      headers: { authorization: `Bearer ${t.deps.config.adminApiToken}`, origin: "https://evil.example" },
      body: new FormData(),
    });
    expect(bearer.status).toBe(400); // past the origin check: the import itself says no files
    // Reads are unaffected.
    expect(
      (await t.app.request("/api/v1/families", { headers: { cookie, origin: "https://evil.example" } })).status,
    ).toBe(200);
  });
});

describe("hidden characters in what families and staff write", () => {
  it("shows U+202E and U+200B as visible markers inside an isolate; the stored text is unchanged", async () => {
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { family, contact } = await makeFamily(t.deps, school.id, {
      teachers: [teacher.id],
      displayName: "Smith \u202Eevil\u202C family",
    });
    const words = "pay \u202E0001$ \u200Bnow";
    await postInboundSms(t, inboundPayload(contact.phone!, words));
    const [stored] = await t.deps.db.select().from(messages).where(eq(messages.direction, "in"));
    expect(stored!.body).toBe(words);
    const cookie = await sessionCookie(t.deps, teacher.id);
    for (const path of [`/inbox/${family.id}`, `/families/${family.id}`]) {
      const html = await (await t.app.request(path, { headers: { cookie } })).text();
      expect(html, path).not.toContain("\u202E");
      expect(html, path).not.toContain("\u200B");
      expect(html, path).toContain("[U+202E]");
      expect(html, path).toMatch(/<bdi dir="auto">pay <span class="ctl"[^>]*>\[U\+202E\]<\/span>0001\$ /);
    }
  });
});

describe("Cache-Control: no-store on everything personal", () => {
  it("marks sign-in pages, the API, exports, family link pages and signed-in pages no-store; static scripts stay cacheable", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [coordinator.id] });
    await inviteToVisit(t, family.id, [coordinator.id, partner.id]);
    const [invitation] = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "visit_invitation"));
    const familyLink = /(\/f\/[0-9A-Z]{12})/.exec(invitation!.body)![1]!;
    const cookie = await sessionCookie(t.deps, coordinator.id);
    const bearer = { authorization: `Bearer ${t.deps.config.adminApiToken}` };
    const cases: [string, Record<string, string>][] = [
      ["/login", {}],
      ["/login/verify?token=abc", {}],
      ["/api/v1/families", bearer],
      ["/api/v1/nothing-here", bearer],
      [familyLink, {}],
      ["/e/ZZZZZZZZZZZZ", {}],
      [`/families/${family.id}`, { cookie }],
      ["/inbox", { cookie }],
      ["/dashboard.csv", { cookie }],
      ["/dashboard/visits.csv", { cookie }],
      ["/imports/template.csv", { cookie }],
    ];
    for (const [path, headers] of cases) {
      const res = await t.app.request(path, { headers });
      expect(res.headers.get("cache-control"), `${path} (${res.status})`).toBe("no-store");
    }
    expect((await t.app.request("/assets/compose.js")).headers.get("cache-control")).toBe("public, max-age=300");
  });
});

describe("redirect targets checked before any side effect", () => {
  it("a CR/LF in returnTo is a 400 naming the field, and no message is stored", async () => {
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    const cookie = `${await sessionCookie(t.deps, teacher.id)}; doorstep_csrf=x`;
    const post = (returnTo: string) =>
      t.app.request(`/families/${family.id}/messages`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: "x", templateKey: "personal", body: "Hi", channel: "auto", returnTo }),
      });
    for (const bad of ["/inbox\r\nSet-Cookie: a=b", "//evil.example/x", "/\\evil.example", "https://evil.example/"]) {
      const res = await post(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.text()).toContain("returnTo must be a path on this site");
    }
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
    const good = await post(`/inbox/${family.id}`);
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe(`/inbox/${family.id}?sent=queued`);
  });
});

describe("family link codes", () => {
  it("are stored hashed; a legacy plain code is hashed by the job and still opens its page", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    await inviteToVisit(t, family.id, [lead.id, partner.id]);
    const [invitation] = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "visit_invitation"));
    const code = /\/f\/([0-9A-Z]{12})/.exec(invitation!.body)![1]!;
    const [visit] = await t.deps.db.select().from(visits);
    expect(visit!.linkCode).not.toContain(code);
    expect(visit!.linkCode).toBe(await hashLinkCode(code));
    expect((await t.app.request(`/f/${code}`)).status).toBe(200);

    // A row written before hashing: the job hashes it; the code keeps working.
    await t.deps.db.update(visits).set({ linkCode: "ABCDEFGHJKMN" }).where(eq(visits.id, visit!.id));
    expect(await runJob({ deps: t.deps }, "link-codes", t.clock.now())).toEqual({ hashed: 1 });
    const [after] = await t.deps.db.select().from(visits);
    expect(after!.linkCode).toBe(await hashLinkCode("ABCDEFGHJKMN"));
    expect((await t.app.request("/f/abcdefghjkmn")).status).toBe(200);
    expect(await runJob({ deps: t.deps }, "link-codes", t.clock.now())).toEqual({ hashed: 0 });
    expect(await t.deps.db.select().from(eventInvitations)).toHaveLength(0);
  });

  it("throttles wrong guesses per client: after 20 misses even a right code waits; other clients do not", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    await inviteToVisit(t, family.id, [lead.id, partner.id]);
    const [invitation] = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "visit_invitation"));
    const link = /(\/f\/[0-9A-Z]{12})/.exec(invitation!.body)![1]!;
    const guesser = { "cf-connecting-ip": "192.0.2.66" };
    for (let i = 0; i < 20; i++) {
      const path = i % 2 ? `/f/${String(i).padStart(12, "0")}` : `/e/${String(i).padStart(12, "0")}`;
      expect((await t.app.request(path, { headers: guesser })).status).toBe(404);
    }
    expect((await t.app.request("/f/000000000099", { headers: guesser })).status).toBe(429);
    expect((await t.app.request(link, { headers: guesser })).status).toBe(429);
    expect((await t.app.request(link, { headers: { "cf-connecting-ip": "192.0.2.1" } })).status).toBe(200);
    t.clock.advance(10 * 60_000 + 1);
    expect((await t.app.request(link, { headers: guesser })).status).toBe(200);
  });
});

describe("SendGrid event batches", () => {
  it("refuses a replayed signed batch after the first", async () => {
    const keys = await sendGridKeys();
    const signed = await createTestApp({ ...PROVIDER_ENV, SENDGRID_EVENT_PUBLIC_KEY: keys.publicKey });
    try {
      const body = JSON.stringify([{ event: "processed", sg_event_id: "ev-1", messageId: "msg_unknown" }]);
      const timestamp = String(Math.floor(signed.clock.now().getTime() / 1000));
      const signature = await keys.sign(timestamp, body);
      const post = () =>
        signed.app.request("/webhooks/sendgrid/events", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-twilio-email-event-webhook-signature": signature,
            "x-twilio-email-event-webhook-timestamp": timestamp,
          },
          body,
        });
      expect((await post()).status).toBe(204);
      const replay = await post();
      expect(replay.status).toBe(409);
      expect(((await replay.json()) as { error: { code: string } }).error.code).toBe("replayed");
    } finally {
      signed.close();
    }
  });
});
