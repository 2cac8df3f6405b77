import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/cloudflare";

/** A school-wide event invitation on D1 inside workerd: the bulk enqueue within 100 bound parameters. */
const auth = { authorization: `Bearer ${env.ADMIN_API_TOKEN}`, "content-type": "application/json" };

/** `background: false` returns without waiting for the dispatcher the send kicks (it paces 130 texts). */
async function call(path: string, init: RequestInit = {}, { background = true } = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`http://doorstep.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, env, ctx);
  if (background) await waitOnExecutionContext(ctx);
  return response;
}

describe("event invitations on D1", () => {
  it("invites 130 households — more than one read of 90 and many 4-row inserts — each exactly once", {
    timeout: 30_000,
  }, async () => {
    const school = await call("/api/v1/schools", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Bulk Elementary", timezone: "America/Chicago", programModel: "pthv" }),
    });
    const { id: schoolId } = (await school.json()) as { id: string };
    const now = Date.now();
    const families = env.DB.prepare(
      `insert into families (id, school_id, display_name, language, channel, timezone, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'America/Chicago', ?, ?)`,
    );
    const contacts = env.DB.prepare(
      `insert into contacts (id, family_id, name, phone, email, created_at, updated_at) values (?, ?, 'Guardian', ?, ?, ?, ?)`,
    );
    const statements = Array.from({ length: 130 }, (_, i) => {
      const id = `fam_w${String(i).padStart(4, "0")}`;
      return [
        families.bind(id, schoolId, `Family ${i}`, i % 3 ? "es" : "vi", i % 2 ? "email" : "sms", now, now),
        contacts.bind(
          `con_w${String(i).padStart(4, "0")}`,
          id,
          `+1312555${String(i).padStart(4, "0")}`,
          `f${i}@x.example`,
          now,
          now,
        ),
      ];
    }).flat();
    for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));

    const created = await call(
      "/api/v1/events",
      {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          schoolId,
          kind: "family_dinner",
          title: "Family Dinner",
          startsAt: "2027-06-01T17:30:00-05:00",
          location: "the cafeteria",
          audience: { all: true },
        }),
      },
      { background: false },
    );
    expect(created.status).toBe(201);
    const { id: eventId, invited } = (await created.json()) as { id: string; invited: number };
    expect(invited).toBe(130);
    const rows = await env.DB.prepare(
      "select template_key, channel, count(*) as n from messages where event_id = ? group by 1, 2 order by 1, 2",
    )
      .bind(eventId)
      .all();
    // 65 families by text: a welcome each before the invitation; 65 by email.
    expect(rows.results).toEqual([
      { template_key: "event_invitation", channel: "email", n: 65 },
      { template_key: "event_invitation", channel: "sms", n: 65 },
      { template_key: "welcome", channel: "sms", n: 65 },
    ]);
    const outbox = await env.DB.prepare(
      "select count(*) as n from outbox o join messages m on m.id = o.message_id where m.event_id = ?",
    )
      .bind(eventId)
      .first();
    expect(outbox).toEqual({ n: 195 });
    const invitations = await env.DB.prepare(
      "select count(distinct link_code) as n from event_invitations where event_id = ?",
    )
      .bind(eventId)
      .first();
    expect(invitations).toEqual({ n: 130 });
  });
});
