import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { twilioSignature } from "../../src/auth/twilio-signature";
import worker from "../../workers/cloudflare";

const auth = { authorization: `Bearer ${env.ADMIN_API_TOKEN}`, "content-type": "application/json" };

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`http://doorstep.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("the Worker in workerd with D1", () => {
  it("answers /healthz once D1 answers", async () => {
    const res = await call("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("answers /readyz by writing a heartbeat row to D1", async () => {
    const res = await call("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    const row = await env.DB.prepare("select beat_at from heartbeats where id = 'readyz'").first<{ beat_at: number }>();
    expect(row?.beat_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it("writes a read's access-audit row after the response, within the request's waitUntil", async () => {
    const before = await env.DB.prepare("select count(*) as n from audit_log where action = 'family.view'").first<{
      n: number;
    }>();
    const school = await call("/api/v1/schools", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Audit Elementary", timezone: "America/Chicago", programModel: "hvp" }),
    });
    const { id: schoolId } = (await school.json()) as { id: string };
    const created = await call("/api/v1/families", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        schoolId,
        language: "es",
        channel: "sms",
        contacts: [{ name: "Rosa Diaz", phone: "(312) 555-0161" }],
        students: [{ firstName: "Luis", lastName: "Diaz", grade: "2" }],
      }),
    });
    const { id } = (await created.json()) as { id: string };
    expect((await call(`/api/v1/families/${id}`, { headers: auth })).status).toBe(200);
    const after = await env.DB.prepare("select count(*) as n from audit_log where action = 'family.view'").first<{
      n: number;
    }>();
    expect(after!.n - before!.n).toBe(1);
  });

  it("creates a family through the API and reads it back", async () => {
    const school = await call("/api/v1/schools", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Workers Elementary", timezone: "America/Chicago", programModel: "hvp" }),
    });
    expect(school.status).toBe(201);
    const { id: schoolId } = (await school.json()) as { id: string };

    const created = await call("/api/v1/families", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        schoolId,
        language: "so",
        channel: "sms",
        contacts: [{ name: "Hodan Ali", phone: "(312) 555-0160" }],
        students: [{ firstName: "Ayaan", lastName: "Ali", grade: "1" }],
      }),
    });
    expect(created.status).toBe(201);
    const family = (await created.json()) as { id: string; contacts: { phone: string }[] };
    expect(family.contacts[0]!.phone).toBe("+13125550160");

    const read = await call(`/api/v1/families/${family.id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: family.id, displayName: "Ali family", language: "so" });
  });

  it("runs the scheduled jobs: an expired session is purged, a live one kept", async () => {
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(
        "insert into districts (id, name, timezone, created_at, updated_at) values ('dst_w', 'D', 'UTC', ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "insert into schools (id, district_id, name, timezone, program_model, created_at, updated_at) values ('sch_w', 'dst_w', 'S', 'UTC', 'pthv', ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "insert into educators (id, school_id, name, email, role, created_at, updated_at) values ('edu_w', 'sch_w', 'E', 'e@w.example.org', 'educator', ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "insert into sessions (id, educator_id, expires_at, created_at, last_seen_at) values ('old', 'edu_w', ?, ?, ?), ('live', 'edu_w', ?, ?, ?)",
      ).bind(now - 1000, now, now, now + 3_600_000, now, now),
    ]);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(now), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const { results } = await env.DB.prepare("select id from sessions order by id").all<{ id: string }>();
    expect(results.map((r: { id: string }) => r.id)).toEqual(["live"]);
  });
});

describe("security on D1", () => {
  it("queues a sign-in link in the staff outbox, sends it after the answer, and limits requests per address", async () => {
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(
        "insert into districts (id, name, timezone, created_at, updated_at) values ('dst_s', 'D', 'UTC', ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "insert into schools (id, district_id, name, timezone, program_model, created_at, updated_at) values ('sch_s', 'dst_s', 'S', 'UTC', 'pthv', ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "insert into educators (id, school_id, name, email, role, created_at, updated_at) values ('edu_s', 'sch_s', 'E', 'signin@w.example.org', 'educator', ?, ?)",
      ).bind(now, now),
    ]);
    const page = await call("/login");
    const [, cookieName, csrf] = /((?:__Host-)?doorstep_csrf)=([^;]+)/.exec(page.headers.get("set-cookie")!)!;
    const ask = () =>
      call("/login", {
        method: "POST",
        headers: {
          cookie: `${cookieName}=${csrf}`,
          "content-type": "application/x-www-form-urlencoded",
          "cf-connecting-ip": "198.51.100.20",
        },
        body: new URLSearchParams({ email: "signin@w.example.org", _csrf: csrf! }),
      });
    const first = await ask();
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    // `call` waited for waitUntil: the link was made and sent after the answer.
    const { results } = await env.DB.prepare("select kind, state, body from staff_mail").all<{
      kind: string;
      state: string;
      body: string;
    }>();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ kind: "login_link", state: "done" });
    expect(results[0]!.body).not.toContain("token=");
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it("refuses an oversized body before reading it", async () => {
    const res = await call("/login", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024) },
      body: "x",
    });
    expect(res.status).toBe(413);
  });

  it("gives every request an id: in the X-Request-Id header and the error body, a caller's well-formed one kept", async () => {
    const res = await call("/api/v1/families/no-such-family", { headers: auth });
    expect(res.status).toBe(404);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await res.json()) as { error: { requestId: string } }).error.requestId).toBe(id);
    const kept = await call("/api/v1/families/no-such-family", { headers: { ...auth, "x-request-id": "cf-edge-1" } });
    expect(kept.headers.get("x-request-id")).toBe("cf-edge-1");
  });
});

describe("sending from the Worker", () => {
  afterEach(() => vi.restoreAllMocks());

  it("queues a message and the dispatcher posts it to Twilio from workerd", async () => {
    const twilioCalls: { url: string; form: URLSearchParams }[] = [];
    const realFetch = globalThis.fetch;
    // Outbound HTTP is mocked at the Worker's fetch: only Twilio's host is answered.
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith("https://twilio.test/")) return realFetch(input, init);
      twilioCalls.push({ url, form: new URLSearchParams(String(init?.body)) });
      return Response.json(
        { sid: `SM${String(twilioCalls.length).padStart(32, "0")}`, status: "queued" },
        { status: 201 },
      );
    });

    const school = await call("/api/v1/schools", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Workers Middle", timezone: "America/Chicago", programModel: "pthv" }),
    });
    const { id: schoolId } = (await school.json()) as { id: string };
    const educator = await call("/api/v1/educators", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ schoolId, name: "Ana Ruiz", email: "ana.ruiz@workers.example.org", role: "educator" }),
    });
    const { id: educatorId } = (await educator.json()) as { id: string };
    const family = await call("/api/v1/families", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        schoolId,
        language: "es",
        channel: "sms",
        contacts: [{ name: "Rosa Díaz", phone: "(312) 555-0161" }],
        students: [{ firstName: "Luis", grade: "6", educatorIds: [educatorId] }],
      }),
    });
    const { id: familyId } = (await family.json()) as { id: string };

    const sent = await call("/api/v1/messages", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ familyId, educatorId, body: "¡Luis leyó muy bien hoy!" }),
    });
    expect(sent.status).toBe(202);
    const result = (await sent.json()) as { id: string; language: string };
    expect(result.language).toBe("es");
    // waitOnExecutionContext (in call()) has awaited the dispatcher the route started.
    expect(twilioCalls.map((c) => c.form.get("To"))).toEqual(["+13125550161", "+13125550161"]);
    expect(twilioCalls[1]!.form.get("Body")).toBe("Ana Ruiz (Workers Middle): ¡Luis leyó muy bien hoy!");
    expect(twilioCalls[1]!.form.get("From")).toBe("+12175550100");
    expect(twilioCalls[1]!.form.get("StatusCallback")).toBe(
      `https://doorstep.test/webhooks/twilio/status?m=${result.id}`,
    );

    const { results } = await env.DB.prepare("select status, provider_message_id from messages where id = ?")
      .bind(result.id)
      .all();
    expect(results).toEqual([{ status: "sent", provider_message_id: "SM00000000000000000000000000000002" }]);

    // The rollup triggers (migration 0010) run on D1: the sent message is the family's last touch.
    const touch = await env.DB.prepare("select family_id, at from touch_log where message_id = ?")
      .bind(result.id)
      .all();
    expect(touch.results).toEqual([{ family_id: familyId, at: expect.any(Number) }]);
    const cadence = await env.DB.prepare("select last_touch_at from family_cadence where family_id = ?")
      .bind(familyId)
      .first<{ last_touch_at: number }>();
    expect(cadence?.last_touch_at).toBe(touch.results[0]!.at);

    // The cadence report reads the rollups in D1 batches (services/queries/read-together.ts).
    const report = await call(`/api/v1/cadence?schoolId=${schoolId}`, { headers: auth });
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({
      summary: { families: 1, noPlan: 1, overdue: 0 },
      families: [{ familyId, status: "no_plan", lastTouchAt: new Date(touch.results[0]!.at as number).toISOString() }],
    });
  });
});

describe("inbound texts on D1", () => {
  it("a burst of 40 texts arriving together is stored in full (group commit within D1's 100 parameters)", async () => {
    const url = "https://doorstep.test/webhooks/twilio/sms";
    const texts = Array.from({ length: 40 }, (_, i) => {
      const sid = `SM${String(i).padStart(32, "b")}`; // unlike the outbound test's SM000…
      return {
        MessageSid: sid,
        SmsSid: sid,
        AccountSid: `AC${"a".repeat(32)}`,
        From: `+1312555${String(2000 + i)}`,
        To: "+12175550100",
        Body: `Hola ${i}`,
        NumMedia: "0",
      };
    });
    const responses = await Promise.all(
      texts.map(async (params) =>
        call("/webhooks/twilio/sms", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": await twilioSignature("workers-twilio-token", url, params),
          },
          body: new URLSearchParams(params).toString(),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const { results } = await env.DB.prepare("select count(*) as n from messages where direction = 'in'").all<{
      n: number;
    }>();
    expect(results[0]!.n).toBe(40);
  });
});
