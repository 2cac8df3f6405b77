/**
 * The demo district's PTLT school (HOME WORKS!' Parent Teacher Learning Team, seed 001): one
 * classroom whose families attend three team meetings a year (per-family attendance on the
 * checklist) and one 20-minute parent–teacher conference, booked from slots the teacher
 * published over two evenings. PTLT keeps one round of home visits (the teacher with the
 * coordinator as partner): nine of the twelve families were visited this autumn. Its own PRNG,
 * so the rest of the district is unchanged.
 */

import { newId } from "../../src/domain/ids";
import { seededRandom } from "../../src/domain/random";
import { schoolYearOf } from "../../src/domain/school-year";
import type { Db } from "../client";
import {
  conferenceSlots,
  contacts,
  educators,
  eventInvitations,
  events,
  families,
  schools,
  studentEducators,
  students,
  trainingAttendance,
  trainings,
  visitEducators,
  visitStudents,
  visits,
} from "../schema";
import { DAY_MS, localTime } from "./context";
import { DEMO_TIMEZONE } from "./staff";

const ZONE = DEMO_TIMEZONE;
/** Household, language, channel: the class roster (St. Louis area code, fictional 555-01xx numbers). */
const CLASS: [string, string, "sms" | "email"][] = [
  ["Brooks", "en", "sms"],
  ["Hernández", "es", "sms"],
  ["Morales", "es", "sms"],
  ["Nguyen", "vi", "sms"],
  ["Haddad", "ar", "sms"],
  ["Warsame", "so", "sms"],
  ["Vang", "hmn", "sms"],
  ["Chen", "zh-Hans", "email"],
  ["Ahmadi", "prs", "sms"],
  ["Kovalenko", "uk", "sms"],
  ["Okafor", "en", "sms"],
  ["Jean-Baptiste", "ht", "sms"],
];

export type DemoCounts = {
  districts: number;
  schools: number;
  educators: number;
  families: number;
  contacts: number;
  students: number;
  visits: number;
  messages: number;
};

/** Writes the PTLT school into the district and adds what it wrote to `counts`. */
export async function addPtltSchool<T extends DemoCounts>(
  db: Db,
  now: Date,
  districtId: string,
  counts: T,
): Promise<T> {
  const rng = seededRandom("doorstep-demo-ptlt");
  const setupAt = new Date(now.getTime() - 120 * DAY_MS);
  const id = (prefix: Parameters<typeof newId>[0], at: Date = setupAt) => newId(prefix, at.getTime(), rng.next);
  const stamp = { createdAt: setupAt, updatedAt: setupAt };
  const schoolYear = schoolYearOf(now, ZONE);

  const schoolId = id("sch");
  const coordinatorId = id("edu");
  const teacherId = id("edu");
  const familyRows = CLASS.map(([surname, language, channel]) => ({
    id: id("fam"),
    schoolId,
    displayName: `${surname} family`,
    language,
    channel,
    timezone: ZONE,
    ...stamp,
  }));
  const contactRows = familyRows.map((f, i) => ({
    id: id("con"),
    familyId: f.id,
    name: `Guardian ${CLASS[i]![0]}`,
    relationship: "parent",
    language: f.language,
    phone: f.channel === "sms" ? `+131455501${String(50 + i).padStart(2, "0")}` : null,
    email: f.channel === "email" ? `${CLASS[i]![0].toLowerCase()}.family@example.com` : null,
    ...stamp,
  }));
  const studentRows = familyRows.map((f, i) => ({
    id: id("stu"),
    familyId: f.id,
    schoolId,
    firstName: ["Ava", "Mateo", "Lucía", "Minh", "Yara", "Hodan", "Pa", "Wei", "Sahar", "Taras", "Chidi", "Widline"][
      i
    ]!,
    lastInitial: CLASS[i]![0][0]!,
    grade: "K" as const,
    ...stamp,
  }));

  // Three team meetings, all held this autumn (attendance taken), so the per-family "3 a year"
  // line has families who made all three and families who missed one.
  const meetings = [-80, -45, -10].map((day, n) => ({
    id: id("evt"),
    schoolId,
    schoolYear,
    kind: "team_meeting" as const,
    title: `Parent Teacher Learning Team meeting ${n + 1}`,
    startsAt: localTime(now, day, 17, 30, ZONE),
    durationMinutes: 75,
    location: "Library",
    translations: {},
    ...stamp,
  }));
  const meetingInvitations = meetings.flatMap((m, n) =>
    familyRows.map((f) => {
      const held = m.startsAt < now;
      const came = held && rng.chance(n === 0 ? 0.9 : 0.75);
      return {
        id: id("inv"),
        eventId: m.id,
        familyId: f.id,
        rsvp: held ? (came ? ("yes" as const) : ("no" as const)) : rng.chance(0.5) ? ("yes" as const) : null,
        respondedAt: held || rng.chance(0.5) ? setupAt : null,
        attended: held ? came : null,
        ...stamp,
      };
    }),
  );

  // The conference: 20-minute slots, 16:00–18:00 on two evenings, one held three days ago (two of
  // its three booked families came) and one later this week; six families booked.
  // PTLT runs in 2+2 schools: the teacher has the HOME WORKS! training on record (ptlt.training).
  const trainingId = id("trg");
  const conferenceId = id("evt");
  const evenings = [-3, 4].map((day) => localTime(now, day, 16, 0, ZONE));
  const slotStarts = evenings.flatMap((start) =>
    Array.from({ length: 6 }, (_, i) => new Date(start.getTime() + i * 20 * 60_000)),
  );
  const conference = {
    id: conferenceId,
    schoolId,
    schoolYear,
    kind: "conference" as const,
    title: "Fall parent–teacher conference",
    startsAt: slotStarts[0]!,
    durationMinutes: 20,
    location: "Room 104",
    translations: { es: { title: "Conferencia de otoño con la maestra" }, vi: { title: "Họp phụ huynh mùa thu" } },
    ...stamp,
  };
  const bookedBy = [1, 3, 4, 5, 7, 8]; // es, vi, ar, so, zh-Hans, prs
  const slotRows = slotStarts.map((startsAt, i) => {
    const familyIndex = bookedBy[i % 2 === 0 ? i / 2 : -1];
    const familyId = familyIndex === undefined ? null : familyRows[familyIndex]!.id;
    return {
      id: id("cfs"),
      eventId: conferenceId,
      educatorId: teacherId,
      position: i + 1,
      startsAt,
      minutes: 20,
      familyId,
      bookedAt: familyId ? new Date(now.getTime() - (i + 1) * 3_600_000 - 7 * DAY_MS) : null,
      attended: familyId && startsAt < now ? i !== 2 : null,
      ...stamp,
    };
  });
  const conferenceInvitations = familyRows.map((f) => ({
    id: id("inv"),
    eventId: conferenceId,
    familyId: f.id,
    ...stamp,
  }));

  // Round-1 home visits: nine families visited 10–70 days ago, the teacher leading.
  const visitRows = familyRows.slice(0, 9).map((f, n) => {
    const startsAt = localTime(now, -10 - n * 7, 17, 0, ZONE);
    const durationMinutes = rng.int(35, 55);
    const completedAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
    const createdAt = new Date(startsAt.getTime() - 9 * DAY_MS);
    return {
      id: id("vis", createdAt),
      familyId: f.id,
      schoolId,
      schoolYear,
      round: 1 as const,
      status: "completed" as const,
      startsAt,
      durationMinutes,
      location: "home" as const,
      planChannel: "sms" as const,
      planCadenceDays: 30,
      completedAt,
      createdByEducatorId: teacherId,
      createdAt,
      updatedAt: completedAt,
    };
  });
  const seatRows = visitRows.flatMap((v) =>
    [
      [teacherId, "lead"],
      [coordinatorId, "partner"],
    ].map(([educatorId, role]) => ({
      visitId: v.id,
      educatorId: educatorId!,
      role: role as "lead" | "partner",
      attestedAt: v.completedAt,
      minutesSpent: v.durationMinutes + 30,
    })),
  );
  const visitStudentRows = visitRows.map((v, n) => ({ visitId: v.id, studentId: studentRows[n]!.id }));

  await db.batch([
    db.insert(schools).values({
      id: schoolId,
      districtId,
      name: "Dewey International Studies",
      timezone: ZONE,
      programModel: "ptlt",
      defaultLanguage: "en",
      defaultChannel: "sms",
      ...stamp,
    }),
    db.insert(educators).values([
      {
        id: coordinatorId,
        schoolId,
        name: "Denise Walker",
        email: "coordinator.dewey@cedarvalley.example.org",
        role: "coordinator",
        languages: ["en"],
        ...stamp,
      },
      {
        id: teacherId,
        schoolId,
        name: "Elena Alvarez",
        email: "elena.alvarez@cedarvalley.example.org",
        role: "educator",
        languages: ["en", "es"],
        ...stamp,
      },
    ]),
    db.insert(trainings).values({
      id: trainingId,
      schoolId,
      schoolYear,
      kind: "mandatory",
      title: "HOME WORKS! teacher training",
      heldOn: localTime(now, -100, 9, 0, ZONE).toISOString().slice(0, 10),
      durationMinutes: 180,
      ...stamp,
    }),
    db.insert(trainingAttendance).values([
      { trainingId, educatorId: teacherId },
      { trainingId, educatorId: coordinatorId },
    ]),
    db.insert(families).values(familyRows),
    db.insert(contacts).values(contactRows),
    db.insert(students).values(studentRows),
    db
      .insert(studentEducators)
      .values(studentRows.map((s) => ({ studentId: s.id, educatorId: teacherId, schoolYear, createdAt: setupAt }))),
    db.insert(events).values([...meetings, conference]),
    db.insert(eventInvitations).values([...meetingInvitations, ...conferenceInvitations]),
    db.insert(conferenceSlots).values(slotRows),
    db.insert(visits).values(visitRows),
    db.insert(visitEducators).values(seatRows),
    db.insert(visitStudents).values(visitStudentRows),
  ]);
  return {
    ...counts,
    schools: counts.schools + 1,
    educators: counts.educators + 2,
    families: counts.families + familyRows.length,
    contacts: counts.contacts + contactRows.length,
    students: counts.students + studentRows.length,
    visits: counts.visits + visitRows.length,
  };
}
