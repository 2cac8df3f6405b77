/**
 * Records export at scale (issue 22): one school with 10,000 messages (500 households × 20,
 * both directions, a translation on every inbound text), exported as the streamed CSV through
 * the real route — session, scope, count, audit row, keyset pages of 500, CSV encoding — and
 * read to the end. Baseline, in the same run: ONE bare SELECT of the same 10,000 rows (the same
 * joins, no paging, no CSV). The ratio is what paging, streaming and encoding cost.
 */
import { sql } from "drizzle-orm";
import { educators, families, messages, messageTranslations } from "../db/schema";
import { createApp } from "../src/app";
import { fixedClock } from "../src/clock";
import { newId } from "../src/domain/ids";
import { startSession } from "../src/services/auth";
import { benchDeps, benchDistrict, measure } from "./support";

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 500);
const PER_HOUSEHOLD = 20;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 15);
const NOW = new Date("2026-11-02T15:00:00Z");

const { deps, done } = await benchDeps("records-export", {}, { clock: fixedClock(NOW) });
const { db } = deps;
const { schoolIds, teachers } = await benchDistrict(db, {
  schools: 2,
  teachersPerSchool: 10,
  timeZone: "America/Chicago",
  now: NOW,
});
const coordinatorId = newId("edu");
await db.insert(educators).values({
  id: coordinatorId,
  schoolId: schoolIds[0]!,
  name: "Coordinator",
  email: "coordinator@x.org",
  role: "coordinator",
});

console.log(`Building ${HOUSEHOLDS} households × ${PER_HOUSEHOLD} messages in each of 2 schools…`);
for (const [s, schoolId] of schoolIds.entries()) {
  for (let h = 0; h < HOUSEHOLDS; h += 50) {
    const fam: (typeof families.$inferInsert)[] = [];
    const msg: (typeof messages.$inferInsert)[] = [];
    const trn: (typeof messageTranslations.$inferInsert)[] = [];
    for (let i = h; i < Math.min(h + 50, HOUSEHOLDS); i++) {
      const familyId = newId("fam");
      fam.push({
        id: familyId,
        schoolId,
        displayName: `Family ${s}-${i}`,
        language: "es",
        channel: "sms",
        timezone: "America/Chicago",
      });
      for (let k = 0; k < PER_HOUSEHOLD; k++) {
        const id = newId("msg");
        const inbound = k % 2 === 1;
        msg.push({
          id,
          familyId,
          educatorId: inbound ? null : teachers[s]![i % 10]!.id,
          direction: inbound ? "in" : "out",
          kind: "personal",
          channel: "sms",
          language: "es",
          body: inbound
            ? `Gracias maestra, nos vemos el martes (${i}/${k})`
            : `Hola familia, ¿les queda bien el martes a las 5? (${i}/${k})`,
          status: inbound ? "received" : "delivered",
          occurredAt: new Date(Date.parse("2026-08-20T15:00:00Z") + (k * 86_400_000 + i * 1000)),
          createdAt: NOW,
          updatedAt: NOW,
        });
        if (inbound)
          trn.push({
            id: `trn_${id.slice(4)}`,
            messageId: id,
            direction: "to_staff",
            sourceLanguage: "es",
            targetLanguage: "en",
            text: `Thank you teacher, see you Tuesday (${i}/${k})`,
            status: "done",
            createdAt: NOW,
            updatedAt: NOW,
          });
      }
    }
    await db.insert(families).values(fam);
    for (let c = 0; c < msg.length; c += 200) await db.insert(messages).values(msg.slice(c, c + 200));
    for (let c = 0; c < trn.length; c += 200) await db.insert(messageTranslations).values(trn.slice(c, c + 200));
  }
}
await db.run(sql`analyze`);

const app = createApp(deps);
const { token } = await startSession({ deps }, coordinatorId);
const cookie = `doorstep_session=${token}`;
let exported = 0;
let bytes = 0;

async function exportCsv() {
  const res = await app.request(`/records/messages.csv?school=${schoolIds[0]}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  const reader = res.body!.getReader();
  let lines = 0;
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
  exported = lines - 1;
  bytes = size;
}

function bareSelect() {
  return db.all(sql`
    select m.*, f.display_name, s.name, e.name, ts.text, tf.original
    from messages m join families f on f.id = m.family_id join schools s on s.id = f.school_id
    left join educators e on e.id = m.educator_id
    left join message_translations ts on ts.message_id = m.id and ts.direction = 'to_staff'
    left join message_translations tf on tf.message_id = m.id and tf.direction = 'to_family'
    where f.school_id = ${schoolIds[0]} order by m.family_id, m.occurred_at, m.id`);
}

const subject = await measure("CSV export through the route (streamed, keyset pages of 500)", exportCsv, {
  iterations: ITERATIONS,
  warmups: 2,
});
const baseline = await measure("baseline: one bare SELECT of the same rows", bareSelect, {
  iterations: ITERATIONS,
  warmups: 2,
});
const baselineRows = (await bareSelect()).length;

console.log(
  `\n${exported} rows exported (${(bytes / 1024).toFixed(0)} KiB CSV); baseline returned ${baselineRows} rows; ${ITERATIONS} iterations (ms)\n`,
);
console.log(`${subject.name}\n  p50 ${subject.p50.toFixed(1)}  p95 ${subject.p95.toFixed(1)}`);
console.log(`${baseline.name}\n  p50 ${baseline.p50.toFixed(1)}  p95 ${baseline.p95.toFixed(1)}`);
console.log(
  `  ratio (export / baseline): p50 ${(subject.p50 / baseline.p50).toFixed(2)}×  p95 ${(subject.p95 / baseline.p95).toFixed(2)}×`,
);
done();
