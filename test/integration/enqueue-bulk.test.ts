import { asc, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runRawBatch } from "../../db/client";
import { contacts, educators, events, families, messages, outbox, schools } from "../../db/schema";
import type { Deps } from "../../src/context";
import { prepareOutbound } from "../../src/messaging/enqueue";
import { type BulkOutboundRequest, insertsFor, prepareOutboundBulk } from "../../src/messaging/enqueue-bulk";
import { ensureDeploymentDistrict } from "../../src/services/schools/district";
import { createTestApp, type TestApp } from "../support/test-app";

/**
 * The bulk path (broadcasts, event invitations) must write exactly the rows that one single
 * send per family, one after another, writes. Two databases are seeded alike — families in
 * every situation the single path handles — and the rows compared one by one.
 */
const ENV = { SMS_QUIET_HOURS: "21:00-08:00" };
let single: TestApp;
let bulk: TestApp;
beforeEach(async () => {
  single = await createTestApp(ENV);
  bulk = await createTestApp(ENV);
});
afterEach(() => {
  single.close();
  bulk.close();
});

const HOUR = 3_600_000;

/** The same world in any database: fixed ids, so rows can be compared. */
async function seed(deps: Deps) {
  const { db } = deps;
  const now = deps.clock.now();
  const districtId = await ensureDeploymentDistrict(db, "America/Chicago", now);
  await db.insert(schools).values({
    id: "sch_1",
    districtId,
    name: "Riverside Elementary",
    timezone: "America/Chicago",
    programModel: "pthv",
  });
  await db
    .insert(educators)
    .values({ id: "edu_1", schoolId: "sch_1", name: "Maria Gonzalez", email: "m@example.org", role: "educator" });
  await db.insert(events).values({
    id: "evt_1",
    schoolId: "sch_1",
    schoolYear: "2026-27",
    kind: "family_dinner",
    title: "Family Dinner",
    startsAt: new Date("2026-11-20T23:30:00Z"),
    location: "the cafeteria",
    translations: { es: { title: "Cena familiar" } },
  });
  const family = (id: string, language: string, extra: Partial<typeof families.$inferInsert> = {}) => ({
    id,
    schoolId: "sch_1",
    displayName: id,
    language,
    channel: "sms" as const,
    timezone: "America/Chicago",
    ...extra,
  });
  await db.insert(families).values([
    family("fam_a_new", "es"), // first text to this number: welcome first
    family("fam_b_texted", "so"), // texted yesterday: no welcome, same conversation
    family("fam_c_email", "vi", { channel: "email" }),
    family("fam_d_optout", "pt"), // opted out of texts: falls back to email
    family("fam_e_nobody", "ht"), // no active contact: undeliverable row, no outbox row
    family("fam_f_shared", "ko"), // shares a number with fam_g: one welcome between them
    family("fam_g_shared", "ko"),
    family("fam_h_fallback", "de"), // no German templates: English, fallback recorded
    family("fam_i_pacific", "en", { timezone: "America/Los_Angeles" }), // 07:00 there: quiet hours
    family("fam_j_undeliverable", "ar"), // its number only ever had an undeliverable row: still first
    family("fam_k_old", "zh-Hans"), // last conversation long ago: a new one
  ]);
  const contact = (id: string, familyId: string, extra: Partial<typeof contacts.$inferInsert> = {}) => ({
    id,
    familyId,
    name: id,
    ...extra,
  });
  await db
    .insert(contacts)
    .values([
      contact("con_a", "fam_a_new", { phone: "+12175550101" }),
      contact("con_b", "fam_b_texted", { phone: "+12175550102" }),
      contact("con_c", "fam_c_email", { email: "c@example.org" }),
      contact("con_d", "fam_d_optout", { phone: "+12175550104", email: "d@example.org", smsOptedOutAt: now }),
      contact("con_e", "fam_e_nobody", { phone: "+12175550105", active: false }),
      contact("con_f", "fam_f_shared", { phone: "+12175550106" }),
      contact("con_g", "fam_g_shared", { phone: "+12175550106", language: "es" }),
      contact("con_h", "fam_h_fallback", { phone: "+12175550108" }),
      contact("con_i", "fam_i_pacific", { phone: "+12175550109" }),
      contact("con_j", "fam_j_undeliverable", { phone: "+12175550110" }),
      contact("con_k1", "fam_k_old", { email: "k@example.org", channel: "email" }),
      contact("con_k2", "fam_k_old", { phone: "+12175550111" }),
    ]);
  const past = (id: string, familyId: string, at: number, extra: Partial<typeof messages.$inferInsert>) => ({
    id,
    familyId,
    direction: "out" as const,
    kind: "personal" as const,
    channel: "sms" as const,
    language: "en",
    body: "Earlier",
    status: "sent" as const,
    occurredAt: new Date(now.getTime() - at),
    createdAt: new Date(now.getTime() - at),
    updatedAt: new Date(now.getTime() - at),
    ...extra,
  });
  await db.insert(messages).values([
    past("msg_b1", "fam_b_texted", 24 * HOUR, {
      address: "+12175550102",
      conversationId: "cnv_b",
      initiatedBy: "educator",
    }),
    past("msg_j1", "fam_j_undeliverable", 48 * HOUR, { address: "+12175550110", status: "undeliverable" }),
    past("msg_k1", "fam_k_old", 30 * 24 * HOUR, {
      address: "+12175550111",
      conversationId: "cnv_k",
      initiatedBy: "family",
      direction: "in",
      status: "received",
    }),
  ]);
  return (await db.select({ id: families.id }).from(families).orderBy(asc(families.id))).map((f) => f.id);
}

function requests(familyIds: string[]): BulkOutboundRequest[] {
  return familyIds.map((familyId, i) => ({
    familyId,
    educatorId: "edu_1",
    templateKey: "event_invitation",
    params: {
      event: "Family Dinner",
      time: "2026-11-20T17:30:00-06:00",
      place: "the cafeteria",
      link: `http://doorstep.test/e/CODE${i}`,
      ...(i % 2 === 0 ? { translations: { es: { title: "Cena familiar" } } } : {}),
    },
    eventId: "evt_1",
    idempotencyKey: `event:evt_1:${familyId}`,
  }));
}

/** Every written row in insertion order, without what is random by design (ids of new conversations). */
async function written(deps: Deps) {
  const { db } = deps;
  const rows = await db.all<Record<string, unknown>>(
    sql`select m.rowid as seq, m.*, o.id as outbox_id, o.state, o.attempts, o.next_attempt_at, o.rowid as outbox_seq
        from messages m left join outbox o on o.message_id = m.id order by m.rowid`,
  );
  const known = new Set(["cnv_b", "cnv_k"]);
  return rows.map(
    (row): Record<string, unknown> => ({
      ...row,
      conversation_id:
        row.conversation_id === null ? null : known.has(row.conversation_id as string) ? row.conversation_id : "new",
    }),
  );
}

describe("bulk enqueue (broadcasts)", () => {
  it("writes row for row what one single send per family writes", { timeout: 30_000 }, async () => {
    const ids = await seed(single.deps);
    await seed(bulk.deps);
    for (const request of requests(ids)) {
      const { statements } = await prepareOutbound(single.deps, request);
      await single.deps.db.batch(statements as never);
    }
    const { rows, summaries } = await prepareOutboundBulk(bulk.deps, requests(ids));
    await runRawBatch(bulk.deps.db, insertsFor(bulk.deps, rows));

    const expected = await written(single.deps);
    const actual = await written(bulk.deps);
    expect(actual).toEqual(expected);
    expect(await bulk.deps.db.select().from(outbox)).toHaveLength((await single.deps.db.select().from(outbox)).length);

    // The cases are really there (a seed that stopped covering one would pass vacuously).
    const by = (familyId: string) => actual.filter((r) => r.family_id === familyId && r.event_id === "evt_1");
    expect(by("fam_a_new").map((r) => r.template_key)).toEqual(["welcome", "event_invitation"]);
    expect(by("fam_a_new")[0]!.outbox_seq as number).toBeLessThan(by("fam_a_new")[1]!.outbox_seq as number);
    expect(by("fam_b_texted").at(-1)).toMatchObject({ template_key: "event_invitation", conversation_id: "cnv_b" });
    expect(by("fam_c_email").at(-1)).toMatchObject({ channel: "email" });
    expect(by("fam_d_optout").at(-1)).toMatchObject({ channel: "email", address: "d@example.org" });
    expect(by("fam_e_nobody").at(-1)).toMatchObject({ status: "undeliverable", outbox_id: null });
    expect([...by("fam_f_shared"), ...by("fam_g_shared")].filter((r) => r.template_key === "welcome")).toHaveLength(1);
    expect(by("fam_g_shared").at(-1)).toMatchObject({ language: "es" });
    expect(by("fam_h_fallback").at(-1)).toMatchObject({ language: "en", fallback_from_language: "de" });
    expect(by("fam_i_pacific").at(-1)!.next_attempt_at).toBeGreaterThan(bulk.clock.now().getTime());
    expect(by("fam_a_new").at(-1)!.next_attempt_at).toBe(bulk.clock.now().getTime());
    expect(by("fam_j_undeliverable").map((r) => r.template_key)).toEqual(["welcome", "event_invitation"]);
    expect(by("fam_k_old").at(-1)).toMatchObject({ conversation_id: "new" });
    expect(by("fam_a_new").at(-1)!.body).toContain("Cena familiar");
    expect(by("fam_c_email").at(-1)!.body).toContain("http://doorstep.test/e/CODE2");
    expect(summaries).toHaveLength(ids.length);
    expect(summaries.filter((s) => s.status === "undeliverable")).toHaveLength(1);
  });

  it("writes nothing twice when the same send is prepared and written again", { timeout: 30_000 }, async () => {
    const ids = await seed(bulk.deps);
    const first = await prepareOutboundBulk(bulk.deps, requests(ids));
    await runRawBatch(bulk.deps.db, insertsFor(bulk.deps, first.rows));
    const before = await written(bulk.deps);
    // Prepared before the first write landed (a retried request): same idempotent ids, conflicts ignored.
    await runRawBatch(bulk.deps.db, insertsFor(bulk.deps, first.rows));
    expect(await written(bulk.deps)).toEqual(before);
  });

  it("names the family it cannot find", async () => {
    await seed(bulk.deps);
    await expect(prepareOutboundBulk(bulk.deps, requests(["fam_missing"]))).rejects.toThrow(/Family not found/);
  });
});
