/**
 * `npm run bench`: builds a synthetic district in a temporary SQLite file and times the
 * scoped family list (the home page's query) against a hand-written SQL baseline measured in
 * the same run. Results are ratios, so they mean the same on a slow or a fast machine.
 */
import { sql } from "drizzle-orm";
import { contacts, families, studentEducators, students } from "../db/schema";
import { fixedClock } from "../src/clock";
import type { Actor } from "../src/context";
import { newId } from "../src/domain/ids";
import { schoolYearOf } from "../src/domain/school-year";
import { listFamilies } from "../src/services/families";
import { benchDeps, benchDistrict, measure } from "./support";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 20_000);
const TEACHERS_PER_SCHOOL = 40;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const NOW = new Date("2026-11-02T15:00:00Z");

const { deps, done } = await benchDeps("family-list", {}, { clock: fixedClock(NOW) });
const { db } = deps;

console.log(`Building ${FAMILIES} families in 2 schools…`);
const {
  districtId,
  schoolIds,
  teachers: teacherIds,
} = await benchDistrict(db, {
  schools: 2,
  teachersPerSchool: TEACHERS_PER_SCHOOL,
  timeZone: "America/Chicago",
  now: NOW,
});
const year = schoolYearOf(NOW, "America/Chicago");
for (let start = 0; start < FAMILIES; start += 500) {
  const fam: (typeof families.$inferInsert)[] = [];
  const con: (typeof contacts.$inferInsert)[] = [];
  const stu: (typeof students.$inferInsert)[] = [];
  const asg: (typeof studentEducators.$inferInsert)[] = [];
  for (let i = start; i < Math.min(start + 500, FAMILIES); i++) {
    const school = i % 2;
    const familyId = newId("fam");
    fam.push({
      id: familyId,
      schoolId: schoolIds[school]!,
      // Every 50th household is a García, so the search bench finds a page's worth.
      displayName: i % 50 === 0 ? `García ${i}` : `Family ${String((i * 7919) % FAMILIES).padStart(6, "0")}`,
      language: "es",
      channel: "sms",
      timezone: "America/Chicago",
    });
    con.push({
      id: newId("con"),
      familyId,
      name: `Guardian ${i}`,
      phone: `+1217555${String(i % 10000).padStart(4, "0")}`,
    });
    for (let k = 0; k < 2; k++) {
      const studentId = newId("stu");
      stu.push({ id: studentId, familyId, schoolId: schoolIds[school]!, firstName: `Kid${i}${k}`, grade: "3" });
      asg.push({ studentId, educatorId: teacherIds[school]![(i + k) % TEACHERS_PER_SCHOOL]!.id, schoolYear: year });
    }
  }
  await db.batch(
    [
      db.insert(families).values(fam),
      db.insert(contacts).values(con.slice(0, 250)),
      db.insert(contacts).values(con.slice(250)),
      db.insert(students).values(stu.slice(0, 250)),
      db.insert(students).values(stu.slice(250, 500)),
      db.insert(students).values(stu.slice(500, 750)),
      db.insert(students).values(stu.slice(750)),
      db.insert(studentEducators).values(asg.slice(0, 300)),
      db.insert(studentEducators).values(asg.slice(300, 600)),
      db.insert(studentEducators).values(asg.slice(600)),
    ].filter(Boolean) as never,
  );
}
await db.run(sql`analyze`);

const teacher = teacherIds[0]![0]!;
const coordinator: Actor = {
  type: "educator",
  educatorId: "edu_bench",
  role: "coordinator",
  schoolId: schoolIds[0]!,
  districtId,
  name: "C",
  timeZone: "America/Chicago",
};
const educator: Actor = { ...coordinator, educatorId: teacher.id, role: "educator" };

/**
 * The baseline does the same work as the service — a page of 50 households with their
 * contacts, children, teachers and latest visit — in ONE hand-written SQL statement.
 */
function baselinePage(scope: ReturnType<typeof sql>) {
  return db.all(sql`
    select f.*,
      (select json_group_array(json_object('id', c.id, 'name', c.name, 'phone', c.phone, 'email', c.email))
         from contacts c where c.family_id = f.id and c.active = 1) as contacts,
      (select json_group_array(json_object('id', s.id, 'firstName', s.first_name, 'grade', s.grade,
               'educatorIds', (select json_group_array(se.educator_id) from student_educators se
                               where se.student_id = s.id and se.school_year = ${year})))
         from students s where s.family_id = f.id and s.active = 1) as students,
      (select json_object('id', v.id, 'status', v.status) from visits v
         where v.family_id = f.id order by v.created_at desc limit 1) as latest_visit
    from families f where ${scope} and f.active = 1 order by f.display_name, f.id limit 51`);
}

/** Each timing: 20 warm-up runs, then ITERATIONS measured. */
const WARM = { iterations: ITERATIONS, warmups: 20 };
const rows = [
  [
    await measure(
      "coordinator home page (service: 50 households with contacts, children, visits)",
      () => listFamilies({ deps, actor: coordinator }, { limit: 50 }),
      WARM,
    ),
    await measure(
      "baseline: one hand-written SQL statement for the same page",
      () => baselinePage(sql`f.school_id = ${schoolIds[0]}`),
      WARM,
    ),
  ],
  [
    await measure(
      "educator home page (service: own students' households)",
      () => listFamilies({ deps, actor: educator }, { limit: 50 }),
      WARM,
    ),
    await measure(
      "baseline: one hand-written SQL statement for the same page",
      () =>
        baselinePage(sql`f.id in (select s.family_id from students s join student_educators se on se.student_id = s.id
        where se.educator_id = ${teacher.id} and se.school_year = ${year})`),
      WARM,
    ),
  ],
  [
    // Search folds accents (search_name, kept by triggers) and reads phone digits; the baseline
    // is the accent-sensitive LIKE search it replaced, in one statement over the same page.
    await measure(
      'coordinator search "garcia" (service: folded names, guardians, children)',
      () => listFamilies({ deps, actor: coordinator }, { limit: 50, q: "garcia" }),
      WARM,
    ),
    await measure(
      "baseline: the old accent-sensitive LIKE search (typed García), same rows, one statement",
      () =>
        baselinePage(sql`f.school_id = ${schoolIds[0]} and (f.display_name like '%garcía%'
          or exists (select 1 from contacts c where c.family_id = f.id and (c.name like '%garcía%' or c.phone like '%garcía%' or c.email like '%garcía%'))
          or exists (select 1 from students s where s.family_id = f.id and s.first_name like '%garcía%'))`),
      WARM,
    ),
  ],
  [
    await measure(
      'coordinator search "(217) 555-0142" (service: digits against E.164)',
      () => listFamilies({ deps, actor: coordinator }, { limit: 50, q: "(217) 555-0142" }),
      WARM,
    ),
    await measure(
      "baseline: one statement looking for the digits in the phone column",
      () =>
        baselinePage(
          sql`f.school_id = ${schoolIds[0]} and exists (select 1 from contacts c where c.family_id = f.id and c.phone like '%2175550142%')`,
        ),
      WARM,
    ),
  ],
];

console.log(`\n${FAMILIES} families, ${ITERATIONS} iterations each (ms)\n`);
for (const [subject, baseline] of rows) {
  console.log(`${subject!.name}\n  p50 ${subject!.p50.toFixed(3)}  p95 ${subject!.p95.toFixed(3)}`);
  console.log(`${baseline!.name}\n  p50 ${baseline!.p50.toFixed(3)}  p95 ${baseline!.p95.toFixed(3)}`);
  console.log(
    `  ratio (service / baseline): p50 ${(subject!.p50 / baseline!.p50).toFixed(2)}×  p95 ${(subject!.p95 / baseline!.p95).toFixed(2)}×\n`,
  );
}
done();
