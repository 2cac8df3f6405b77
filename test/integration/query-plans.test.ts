import type { InStatement } from "@libsql/client";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachedRunnerOf, libsqlClientOf, useRawBatchRunner } from "../../db/client";
import { runJob } from "../../src/jobs";
import { districtDashboard } from "../../src/services/cadence/district-dashboard";
import { schoolDashboard } from "../../src/services/cadence/school-dashboard";
import { listFamilies } from "../../src/services/families/list-families";
import { makeEducator, makeSchool } from "../support/factories";
import { mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

/**
 * Query plans that do not depend on luck (issue 19): on a database big enough that the planner's
 * choices matter, every statement the hot paths really run — the inbound webhook and its
 * routing (contact lookup by number, conversation, the HELP keyword path), the dispatcher's
 * claim, the dashboards' counts, the family list — is put through EXPLAIN QUERY PLAN, before
 * and after ANALYZE (which `PRAGMA optimize` runs on its own, see src/jobs/optimize-database.ts).
 * A full SCAN of a big table fails the test: the issue saw the keyword path switch to one after
 * ANALYZE (383 ms per HELP at 1M messages).
 */
const SCHOOLS = 10;
const FAMILIES = 3_000;
const MESSAGES = 20_000;
const BIG = ["messages", "contacts", "families", "outbox"];

let t: TestApp;
let schoolId: string;
let districtId: string;
/** Every statement run while recording, with its arguments. */
let recorded: { sql: string; args: unknown[] }[] = [];
let recording = false;

beforeAll(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true });
  // A district: families spread over schools, so that "the families of one school" is selective.
  const schools = [];
  for (let i = 0; i < SCHOOLS; i++) schools.push(await makeSchool(t.deps));
  const school = schools[0]!;
  schoolId = school.id;
  districtId = school.districtId;
  await makeEducator(t.deps, school.id);
  const schoolIds = schools.map((s) => s.id);
  const now = t.clock.now().getTime();
  const { db } = t.deps;
  // Rows made by SQLite itself; most outbox rows settled long ago, as in production: building them through the services would take minutes.
  await db.run(sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${FAMILIES})
    insert into families (id, school_id, display_name, language, channel, timezone, active, created_at, updated_at)
    select printf('fam_q%06d', i), json_extract(${JSON.stringify(schoolIds)}, '$[' || cast(i % ${SCHOOLS} as integer) || ']'), printf('Family %06d', i), 'es', 'sms', 'America/Chicago', 1, ${now}, ${now} from n`);
  await db.run(sql`insert into contacts (id, family_id, name, phone, active, created_at, updated_at)
    select replace(id, 'fam_', 'con_'), id, 'Guardian', '+1312' || printf('%07d', cast(substr(id, 6) as integer)), 1, ${now}, ${now} from families where id like 'fam_q%'`);
  await db.run(sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${MESSAGES})
    insert into messages (id, family_id, contact_id, direction, kind, channel, language, body, address, status,
      conversation_id, initiated_by, occurred_at, created_at, updated_at)
    select printf('msg_q%07d', i), printf('fam_q%06d', 1 + i % ${FAMILIES}), printf('con_q%06d', 1 + i % ${FAMILIES}),
      case when i % 3 = 0 then 'in' else 'out' end, 'personal', 'sms', 'es', 'Hello', printf('+1312%07d', 1 + i % ${FAMILIES}),
      case when i % 3 = 0 then 'received' else 'sent' end, printf('cnv_q%06d', i / 4), 'educator',
      ${now} - i * 60000, ${now} - i * 60000, ${now} - i * 60000 from n`);
  await db.run(sql`insert into outbox (id, message_id, state, attempts, next_attempt_at, created_at, updated_at)
    select replace(id, 'msg_', 'obx_'), id, case when rowid % 100 = 0 then 'dead' when rowid % 50 = 1 then 'pending' else 'done' end,
      1, occurred_at + 86400000, occurred_at, occurred_at from messages
    where direction = 'out' and id like 'msg_q%'`);
  record();
}, 120_000);
afterAll(() => t?.close());

/** Wraps the libsql client and the native raw-batch runners so every statement is noted. */
function record() {
  const client = libsqlClientOf(t.deps.db)!;
  const note = (statement: InStatement) => {
    if (!recording) return;
    if (typeof statement === "string") recorded.push({ sql: statement, args: [] });
    else recorded.push({ sql: statement.sql, args: (statement.args ?? []) as unknown[] });
  };
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  client.execute = ((statement: InStatement) => {
    note(statement);
    return execute(statement as never);
  }) as typeof client.execute;
  client.batch = ((statements: InStatement[], mode?: never) => {
    for (const s of statements) note(s);
    return batch(statements, mode);
  }) as typeof client.batch;
  for (const mode of ["read", "write"] as const) {
    const runner = attachedRunnerOf(t.deps.db, mode);
    if (!runner) continue;
    useRawBatchRunner(t.deps.db, mode, (statements, m) => {
      for (const s of statements) note(s as InStatement);
      return runner(statements, m);
    });
  }
}

/** The hot paths, as production runs them. */
async function hotPaths() {
  const ctx = { deps: t.deps, actor: { type: "api_token" as const, role: "district_admin" as const, districtId } };
  mockTwilio();
  await postInboundSms(t, inboundPayload("+13120000042", "Running late, sorry!"));
  await postInboundSms(t, inboundPayload("+13120000043", "HELP"));
  await postInboundSms(t, inboundPayload("+15555550199", "who is this?"));
  await runJob({ deps: t.deps }, "dispatch", t.clock.now());
  await schoolDashboard(ctx, schoolId);
  await districtDashboard(ctx);
  await listFamilies(ctx, { schoolId, limit: 50 } as never);
}

/** Full scans of big tables (by name or by the alias a statement gives one) in each statement's plan. */
async function fullScans(): Promise<string[]> {
  const client = libsqlClientOf(t.deps.db)!;
  const wasRecording = recording;
  recording = false;
  const found = new Set<string>();
  const seen = new Set<string>();
  for (const { sql: text, args } of recorded) {
    if (!/^\s*(select|update|delete|insert|with)/i.test(text) || seen.has(text)) continue;
    seen.add(text);
    const aliases = new Set(BIG);
    for (const m of text.matchAll(/\b(?:from|join)\s+"?(\w+)"?\s+(?:as\s+)?"?(\w+)"?/gi)) {
      if (BIG.includes(m[1]!) && !/^(on|where|join|left|inner|order|group|limit|set|using)$/i.test(m[2]!))
        aliases.add(m[2]!);
    }
    const plan = await client.execute({ sql: `explain query plan ${text}`, args: args as never });
    for (const row of plan.rows) {
      const detail = String(row.detail);
      const scanned = /^SCAN "?(\w+)"?/.exec(detail)?.[1];
      if (scanned && aliases.has(scanned)) found.add(`${detail}\n    in: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
    }
  }
  recording = wasRecording;
  return [...found];
}

describe("query plans on a large database", () => {
  it("no hot statement scans a big table, without statistics", { timeout: 60_000 }, async () => {
    recorded = [];
    recording = true;
    await hotPaths();
    recording = false;
    expect(recorded.length).toBeGreaterThan(20); // the paths really ran through the recorder
    expect(await fullScans()).toEqual([]);
  });

  it("…nor after ANALYZE, which PRAGMA optimize runs", { timeout: 60_000 }, async () => {
    // The periodic job runs on a database of this size; then full statistics, as a DBA's ANALYZE leaves them.
    expect(await runJob({ deps: t.deps }, "optimize-database", t.clock.now())).toEqual({ optimized: true });
    await t.deps.db.run(sql`ANALYZE`);
    expect((await t.deps.db.all(sql`select 1 from sqlite_stat1 where tbl = 'messages'`)).length).toBeGreaterThan(0);
    recorded = [];
    recording = true;
    await hotPaths();
    recording = false;
    expect(recorded.length).toBeGreaterThan(20);
    expect(await fullScans()).toEqual([]);
  });

  it("the dispatcher's claim keeps its index when the whole outbox is settled, with and without statistics", {
    timeout: 60_000,
  }, async () => {
    // A quiet day: every row done. ANALYZE then says `state = ?` matches them all, and the
    // claim's old shape (an OR of two states) was planned as a full scan of the outbox.
    const { db } = t.deps;
    await db.run(sql`update outbox set state = 'done' where state <> 'done'`);
    for (const statistics of ["analyzed", "none"] as const) {
      if (statistics === "analyzed") await db.run(sql`ANALYZE`);
      else {
        // Statistics dropped, and the planner told to reload them (ANALYZE sqlite_schema).
        await db.run(sql`delete from sqlite_stat1`);
        await db.run(sql`ANALYZE sqlite_schema`);
      }
      recorded = [];
      recording = true;
      const summary = await runJob({ deps: t.deps }, "dispatch", t.clock.now());
      recording = false;
      expect(summary).toMatchObject({ claimed: 0 }); // nothing open: the claim ran and found none
      expect(recorded.some((r) => /update "outbox" set "state"/.test(r.sql))).toBe(true);
      expect({ statistics, scans: await fullScans() }).toEqual({ statistics, scans: [] });
    }
  });
});
