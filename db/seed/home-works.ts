import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type IdPrefix, newId } from "../../src/domain/ids";
import { seededRandom } from "../../src/domain/random";
import { schoolYearOf } from "../../src/domain/school-year";
import type { Db } from "../client";
import { chunk } from "../raw-batch";
import {
  contacts,
  educatorCommitments,
  educators,
  eventInvitations,
  events,
  families,
  schools,
  siteCoordinators,
  studentEducators,
  students,
  trainingAttendance,
  trainings,
  visitEducators,
  visitSlots,
  visitStudents,
  visits,
} from "../schema";
import { DAY_MS, expand, localTime, MINUTE_MS, shuffle } from "./context";
import { type DemoLanguage, NAMES } from "./names";
import { DEMO_TIMEZONE, EMAIL_DOMAIN } from "./staff";

/**
 * The demo's HOME WORKS! 2+2 school, "Maple Grove Elementary": a coordinator and six teachers,
 * two site coordinators, ≥ 50 % of classroom teachers agreed, two mandatory trainings this school
 * year (one teacher missed the second), 24 households with round-1 visits (Home Visit Evaluation
 * Form on most) and some round-2 visits, and two family dinners — so /fidelity shows real-looking
 * HOME WORKS! numbers. Its own PRNG: adding it changes nothing else in the district. Phones use
 * area code 847 (the other schools use 312/773/630/217) in the fictional 555-01xx block.
 */
const TEACHERS = [
  { name: "Carmen Rivera", languages: ["en", "es"], grades: ["K", "1"] },
  { name: "Tom Becker", languages: ["en"], grades: ["2"] },
  { name: "Amina Yusuf", languages: ["en", "so"], grades: ["3"] },
  { name: "Lan Nguyen", languages: ["en", "vi"], grades: ["4"] },
  { name: "Paul Hanson", languages: ["en"], grades: ["5"] },
  { name: "Luz Morales", languages: ["en", "es"], grades: ["1", "2"] },
] as const;
/** Classroom teachers' commitment this year: 4 of 6 agreed (67 %, the seed asks ≥ 50 %). */
const COMMITMENT = ["agreed", "agreed", "agreed", "agreed", "supports", "declined"] as const;
const LANGUAGE_MIX: Partial<Record<DemoLanguage, number>> = { es: 9, en: 5, so: 3, vi: 3, ar: 2, ht: 2 };
const HOPES = [
  "Hopes and dreams: {child} will read chapter books to the little brother by summer.",
  "Hopes and dreams: {child} wants to be a veterinarian.",
  "Hopes and dreams: the family wants {child} to keep speaking the home language.",
  "Hopes and dreams: {child} makes friends more easily this year.",
];
const STRATEGIES = [
  "Reading together 15 minutes a night; we left two library books.",
  "Math games with playing cards (adding to 20).",
  "Sight-word cards on the fridge.",
  "Asking 'what happened first, next, last' after a story.",
];
const NEXT_STEPS = [
  "Round 2 in the spring to look at reading progress together.",
  "Invite the family to the next family dinner.",
  "Send the word list by text every Monday.",
];

export function homeWorksSchool(db: Db, now: Date, districtId: string) {
  const rng = seededRandom("doorstep-demo-homeworks");
  const id = (prefix: IdPrefix, at: Date) => newId(prefix, at.getTime(), rng.next);
  const tz = DEMO_TIMEZONE;
  const nowMs = now.getTime();
  const setupAt = new Date(nowMs - 120 * DAY_MS);
  const stamp = { createdAt: setupAt, updatedAt: setupAt };
  const year = schoolYearOf(now, tz);
  const yearStart = Date.parse(`${year.slice(0, 4)}-07-01T12:00:00Z`);
  const day = (offset: number) => localTime(now, offset, 17, 0, tz);
  const at = (offset: number, hour: number) => localTime(now, offset, hour, rng.int(0, 3) * 15, tz);

  const schoolId = id("sch", setupAt);
  const school = {
    id: schoolId,
    districtId,
    name: "Maple Grove Elementary",
    timezone: tz,
    programModel: "homeworks" as const,
    defaultLanguage: "en",
    defaultChannel: "sms" as const,
    ...stamp,
  };
  const staffRows: (typeof educators.$inferInsert)[] = [];
  const coordinatorId = id("edu", setupAt);
  staffRows.push({
    id: coordinatorId,
    schoolId,
    name: "Grace Okafor",
    email: `coordinator.maplegrove@${EMAIL_DOMAIN}`,
    role: "coordinator",
    languages: ["en"],
    ...stamp,
  });
  const teachers = TEACHERS.map((spec) => {
    const teacherId = id("edu", setupAt);
    staffRows.push({
      id: teacherId,
      schoolId,
      name: spec.name,
      email: `${spec.name.toLowerCase().replaceAll(" ", ".")}.maplegrove@${EMAIL_DOMAIN}`,
      role: "educator",
      languages: [...spec.languages],
      ...stamp,
    });
    return { ...spec, id: teacherId };
  });
  const visiting = teachers.filter((_, i) => COMMITMENT[i] === "agreed");

  // Two site coordinators: the coordinator and the K–1 lead teacher.
  const siteRows = [coordinatorId, teachers[0]!.id].map((educatorId) => ({ schoolId, educatorId, since: setupAt }));
  const commitmentRows = [coordinatorId, ...teachers.map((tc) => tc.id)].map((educatorId, i) => ({
    educatorId,
    schoolYear: year,
    schoolId,
    commitment: i === 0 ? ("agreed" as const) : COMMITMENT[i - 1]!,
    recordedAt: new Date(Math.max(yearStart, nowMs - 110 * DAY_MS)),
  }));

  // Two mandatory trainings this school year; the teacher who declined missed the second.
  const firstOffset = Math.max(Math.ceil((yearStart - nowMs) / DAY_MS) + 14, -100);
  const trainingRows: (typeof trainings.$inferInsert)[] = [];
  const attendanceRows: (typeof trainingAttendance.$inferInsert)[] = [];
  const everyone = [coordinatorId, ...teachers.map((tc) => tc.id)];
  const held = [
    { title: "Mandatory training 1: relationship-building visits", offset: firstOffset, who: everyone },
    {
      title: "Mandatory training 2: academic visits and learning strategies",
      offset: Math.round(firstOffset / 2),
      who: everyone.filter((e) => e !== teachers[5]!.id),
    },
  ];
  for (const h of held) {
    const heldAt = day(h.offset);
    const trainingId = id("trg", heldAt);
    trainingRows.push({
      id: trainingId,
      schoolId,
      schoolYear: schoolYearOf(heldAt, tz),
      kind: "mandatory",
      title: h.title,
      heldOn: heldAt.toISOString().slice(0, 10),
      durationMinutes: 120,
      recordedByEducatorId: coordinatorId,
      createdAt: heldAt,
      updatedAt: heldAt,
    });
    for (const educatorId of h.who) attendanceRows.push({ trainingId, educatorId });
  }

  // Households: one guardian each, one or two children in different classes.
  const familyRows: (typeof families.$inferInsert)[] = [];
  const contactRows: (typeof contacts.$inferInsert)[] = [];
  const studentRows: (typeof students.$inferInsert)[] = [];
  const assignmentRows: (typeof studentEducators.$inferInsert)[] = [];
  const rosterAt = new Date(nowMs - 100 * DAY_MS);
  const households = shuffle(rng, expand(LANGUAGE_MIX as Record<DemoLanguage, number>)).map((language, i) => {
    const names = NAMES[language];
    const surname = names.surnames[i % names.surnames.length]!;
    const familyId = id("fam", rosterAt);
    familyRows.push({
      id: familyId,
      schoolId,
      displayName: `${surname} family`,
      language,
      channel: "sms",
      timezone: tz,
      createdAt: rosterAt,
      updatedAt: rosterAt,
    });
    contactRows.push({
      id: id("con", rosterAt),
      familyId,
      name: `${rng.pick(names.women)} ${surname}`,
      relationship: "mother",
      phone: `+184755501${String(i).padStart(2, "0")}`,
      createdAt: rosterAt,
      updatedAt: rosterAt,
    });
    const classes = shuffle(rng, visiting).slice(0, rng.chance(0.3) ? 2 : 1);
    const children = classes.map((teacher) => {
      const male = rng.chance(0.5);
      const studentId = id("stu", rosterAt);
      const firstName = rng.pick(male ? names.boys : names.girls);
      studentRows.push({
        id: studentId,
        familyId,
        schoolId,
        firstName,
        lastInitial: surname[0]!.toUpperCase(),
        grade: rng.pick(teacher.grades),
        programFlags: language !== "en" && rng.chance(0.6) ? { englishLearner: true } : {},
        createdAt: rosterAt,
        updatedAt: rosterAt,
      });
      assignmentRows.push({ studentId, educatorId: teacher.id, schoolYear: year, createdAt: rosterAt });
      return { id: studentId, firstName, teacher };
    });
    return { familyId, language, children };
  });

  // Visits: 18 round-1 visits done (evaluation form on 16), 2 scheduled, 2 invited, 2 not yet;
  // of the 18, 8 had their round-2 (academic) visit, 4 have it scheduled.
  const visitRows: (typeof visits.$inferInsert)[] = [];
  const seatRows: (typeof visitEducators.$inferInsert)[] = [];
  const visitStudentRows: (typeof visitStudents.$inferInsert)[] = [];
  const slotRows: (typeof visitSlots.$inferInsert)[] = [];
  const addVisit = (
    h: (typeof households)[number],
    round: 1 | 2,
    status: "completed" | "scheduled" | "invited",
    offset: number,
    n: number,
  ) => {
    const lead = h.children[0]!.teacher;
    const partner =
      h.children[1]?.teacher ??
      visiting.find((tc) => tc.id !== lead.id && (tc.languages as readonly string[]).includes(h.language)) ??
      visiting.find((tc) => tc.id !== lead.id)!;
    const startsAt = at(offset, rng.pick([16, 17, 18]));
    const createdAt = new Date(Math.min(startsAt.getTime(), nowMs) - rng.int(5, 10) * DAY_MS);
    const durationMinutes = rng.int(35, 60);
    const completedAt = status === "completed" ? new Date(startsAt.getTime() + durationMinutes * MINUTE_MS) : null;
    const visitId = id("vis", createdAt);
    visitRows.push({
      id: visitId,
      familyId: h.familyId,
      schoolId,
      schoolYear: schoolYearOf(status === "invited" ? createdAt : startsAt, tz),
      round,
      status,
      startsAt: status === "invited" ? null : startsAt,
      durationMinutes: status === "invited" ? null : durationMinutes,
      location: "home",
      privateNotes:
        status === "completed" && round === 1
          ? HOPES[n % HOPES.length]!.replace("{child}", h.children[0]!.firstName)
          : null,
      planChannel: completedAt ? "sms" : null,
      planCadenceDays: completedAt ? 30 : null,
      evaluation:
        completedAt && n % 9 !== 4
          ? {
              focus: n % 5 === 0 ? "partly" : "yes",
              engagement: ["very", "somewhat", "very", "a little"][n % 4]!,
              strategy: STRATEGIES[n % STRATEGIES.length]!,
              nextStep: NEXT_STEPS[n % NEXT_STEPS.length]!,
            }
          : null,
      completedAt,
      createdByEducatorId: lead.id,
      createdAt,
      updatedAt: completedAt ?? createdAt,
    });
    for (const [educatorId, role] of [
      [lead.id, "lead"],
      [partner.id, "partner"],
    ] as const) {
      seatRows.push({
        visitId,
        educatorId,
        role,
        attestedAt: completedAt,
        minutesSpent: completedAt ? durationMinutes + 40 : null,
      });
    }
    for (const child of h.children) visitStudentRows.push({ visitId, studentId: child.id });
    if (status !== "completed") {
      [0, 2].forEach((extra, i) => {
        slotRows.push({
          id: id("slt", createdAt),
          visitId,
          position: i + 1,
          startsAt: at(offset + extra, 17),
          chosenAt: status === "scheduled" && i === 0 ? new Date(createdAt.getTime() + DAY_MS) : null,
          createdAt,
          updatedAt: createdAt,
        });
      });
    }
  };
  households.forEach((h, n) => {
    if (n < 18) {
      const firstOffsetDays = -rng.int(45, 85);
      addVisit(h, 1, "completed", firstOffsetDays, n);
      if (n < 8) addVisit(h, 2, "completed", firstOffsetDays + rng.int(25, 40), n);
      else if (n < 12) addVisit(h, 2, "scheduled", rng.int(3, 20), n);
    } else if (n < 20) addVisit(h, 1, "scheduled", rng.int(2, 14), n);
    else if (n < 22) addVisit(h, 1, "invited", rng.int(4, 12), n);
  });

  // Family dinners (the seed: two a year): one held with attendance taken, one coming up.
  const eventRows: (typeof events.$inferInsert)[] = [];
  const invitationRows: (typeof eventInvitations.$inferInsert)[] = [];
  for (const [offset, title] of [
    [-30, "Fall family dinner"],
    [21, "Winter family dinner"],
  ] as const) {
    const startsAt = localTime(now, offset, 18, 0, tz);
    const createdAt = new Date(startsAt.getTime() - 21 * DAY_MS);
    const eventId = id("evt", createdAt);
    eventRows.push({
      id: eventId,
      schoolId,
      schoolYear: schoolYearOf(startsAt, tz),
      kind: "family_dinner",
      title,
      startsAt,
      durationMinutes: 90,
      location: "Maple Grove cafeteria",
      translations: { es: { title: offset < 0 ? "Cena familiar de otoño" : "Cena familiar de invierno" } },
      createdAt,
      updatedAt: createdAt,
    });
    households.forEach((h, n) => {
      const rsvp = n % 5 === 4 ? "no" : n % 7 === 3 ? "maybe" : "yes";
      invitationRows.push({
        id: id("inv", createdAt),
        eventId,
        familyId: h.familyId,
        rsvp,
        respondedAt: new Date(createdAt.getTime() + DAY_MS),
        attended: offset < 0 ? rsvp === "yes" && n % 6 !== 1 : null,
        createdAt,
        updatedAt: createdAt,
      });
    });
  }

  const counts = {
    schools: 1,
    educators: staffRows.length,
    families: familyRows.length,
    contacts: contactRows.length,
    students: studentRows.length,
    visits: visitRows.length,
  };
  const statements: BatchItem<"sqlite">[] = [
    ...inserts(db, schools, [school]),
    ...inserts(db, educators, staffRows),
    ...inserts(db, siteCoordinators, siteRows),
    ...inserts(db, educatorCommitments, commitmentRows),
    ...inserts(db, trainings, trainingRows),
    ...inserts(db, trainingAttendance, attendanceRows),
    ...inserts(db, families, familyRows),
    ...inserts(db, contacts, contactRows),
    ...inserts(db, students, studentRows),
    ...inserts(db, studentEducators, assignmentRows),
    ...inserts(db, visits, visitRows),
    ...inserts(db, visitEducators, seatRows),
    ...inserts(db, visitStudents, visitStudentRows),
    ...inserts(db, visitSlots, slotRows),
    ...inserts(db, events, eventRows),
    ...inserts(db, eventInvitations, invitationRows),
  ];
  return { statements, counts };
}

function inserts<T extends SQLiteTable>(db: Db, table: T, rows: T["$inferInsert"][]): BatchItem<"sqlite">[] {
  return chunk(rows, 200).map((part) => db.insert(table).values(part));
}
