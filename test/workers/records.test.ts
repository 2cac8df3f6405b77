import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/cloudflare";

/** Records export, access and deletion on D1 inside workerd: the streamed CSV and the one-batch erasure. */
const auth = { authorization: `Bearer ${env.ADMIN_API_TOKEN}`, "content-type": "application/json" };

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`http://doorstep.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("records on D1", () => {
  it("streams a school's messages as CSV, exports the family, deletes it and leaves the counts", async () => {
    const school = await call("/api/v1/schools", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Records Elementary", timezone: "America/Chicago", programModel: "pthv" }),
    });
    const { id: schoolId } = (await school.json()) as { id: string };
    const created = await call("/api/v1/families", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        schoolId,
        language: "es",
        channel: "sms",
        contacts: [{ name: "Marisol Ibarra", phone: "(312) 555-0177", email: "marisol@mailhost.example" }],
        students: [{ firstName: "Iker", lastName: "Ibarra", grade: "2" }],
      }),
    });
    const family = (await created.json()) as { id: string; displayName: string };
    const now = Date.now();
    // 620 messages: more than one keyset page of 500, each a statement's worth of parameters on D1.
    const insert = env.DB.prepare(
      `insert into messages (id, family_id, direction, kind, channel, language, body, status, occurred_at, created_at, updated_at)
       values (?, ?, ?, 'personal', 'sms', 'es', ?, ?, ?, ?, ?)`,
    );
    const statements = Array.from({ length: 620 }, (_, i) =>
      insert.bind(
        `msg_w${String(i).padStart(4, "0")}`,
        family.id,
        i % 2 ? "in" : "out",
        `Marisol mensaje ${i}`,
        i % 2 ? "received" : "delivered",
        now - (620 - i) * 60_000,
        now,
        now,
      ),
    );
    for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
    const countsBefore = await env.DB.prepare("select * from school_counts order by 1, 2, 3").all();
    const touchesBefore = await env.DB.prepare("select count(*) as n from touch_log").first();

    const csv = await call(`/api/v1/records/messages?schoolId=${schoolId}`, { headers: auth });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("x-export-rows")).toBe("620");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(621);
    expect(lines[620]).toContain("Marisol mensaje 619");

    const data = await call(`/api/v1/families/${family.id}/data`, { headers: auth });
    expect(((await data.json()) as { messages: unknown[] }).messages).toHaveLength(620);

    const deleted = await call(`/api/v1/families/${family.id}/deletion`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ confirmName: family.displayName }),
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ messages: 620, contacts: 1, students: 1 });
    const left = await env.DB.prepare(
      "select count(*) as n from messages where family_id = ? and (body != '' or address is not null)",
    )
      .bind(family.id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    const contact = await env.DB.prepare("select name, phone, email from contacts where family_id = ?")
      .bind(family.id)
      .first();
    expect(contact).toEqual({ name: "Deleted contact", phone: null, email: null });
    expect((await env.DB.prepare("select * from school_counts order by 1, 2, 3").all()).results).toEqual(
      countsBefore.results,
    );
    expect(await env.DB.prepare("select count(*) as n from touch_log").first()).toEqual(touchesBefore);
  });
});
