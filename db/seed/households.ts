import { GRADES } from "../../src/domain/enums";
import type { Random } from "../../src/domain/random";
import { schoolYearOf } from "../../src/domain/school-year";
import type { contacts, families, StudentProgramFlags, studentEducators, students } from "../schema";
import { DAY_MS, expand, type SeedContext, shuffle, weighted } from "./context";
import { type DemoLanguage, NAMES, WOMEN_KEEP_OWN_SURNAME } from "./names";
import type { ChildRef } from "./phrases";
import type { DemoSchool, SchoolKey } from "./staff";

type Grade = (typeof GRADES)[number];

export type DemoChild = ChildRef & { id: string; teacherId: string; grade: Grade };
export type DemoContact = { id: string; phone: string | null; email: string | null };
export type DemoFamily = {
  id: string;
  school: DemoSchool;
  language: DemoLanguage;
  channel: "sms" | "email";
  contacts: DemoContact[];
  children: DemoChild[];
};

export type HouseholdRows = {
  families: (typeof families.$inferInsert)[];
  contacts: (typeof contacts.$inferInsert)[];
  students: (typeof students.$inferInsert)[];
  studentEducators: (typeof studentEducators.$inferInsert)[];
};

/** 60 households; each school's mix leans toward the languages its staff speak, as real ones do. */
const LANGUAGE_MIX: Record<SchoolKey, Partial<Record<DemoLanguage, number>>> = {
  riverside: { es: 9, en: 5, vi: 5, so: 4, "zh-Hans": 3, ht: 2, pt: 2, ar: 2 },
  lincoln: { es: 5, en: 5, hmn: 5, ar: 4, "zh-Hans": 2, vi: 2, ko: 2, so: 1, pt: 1, ht: 1 },
};
/** Households with no mobile number on file: the school reaches them by email only. */
const EMAIL_ONLY_PER_SCHOOL = 3;

/** Chicago-area codes; with the fictional 555-0100…0199 block that is 400 possible numbers. */
const AREA_CODES = ["312", "773", "630", "217"];
const EMAIL_DOMAINS = ["example.org", "example.com", "example.net"];

const FIRST_GUARDIAN = [
  ["mother", 62],
  ["father", 20],
  ["grandmother", 9],
  ["aunt", 5],
  ["guardian", 4],
] as const;
const SECOND_GUARDIAN: Record<string, string> = {
  mother: "father",
  father: "mother",
  grandmother: "aunt",
  aunt: "grandmother",
  guardian: "guardian",
};
const FEMALE_RELATIONSHIPS = new Set(["mother", "grandmother", "aunt"]);

export function buildHouseholds(
  ctx: SeedContext,
  schools: DemoSchool[],
): { families: DemoFamily[]; rows: HouseholdRows } {
  const { rng } = ctx;
  // Families were imported from the roster at the start of the school year.
  const rosterAt = new Date(ctx.nowMs - 100 * DAY_MS);
  const stamp = { createdAt: rosterAt, updatedAt: rosterAt };
  const schoolYear = schoolYearOf(ctx.now, schools[0]!.timezone);
  const rows: HouseholdRows = { families: [], contacts: [], students: [], studentEducators: [] };
  const nextPhone = phoneAllocator(rng);
  const nextEmail = emailAllocator(rng);
  // Surnames are drawn without replacement so no two households share a display name.
  const surnames = new Map<DemoLanguage, string[]>();
  const takeSurname = (language: DemoLanguage) => {
    if (!surnames.has(language)) surnames.set(language, shuffle(rng, NAMES[language].surnames));
    return surnames.get(language)!.shift() ?? rng.pick(NAMES[language].surnames);
  };

  const demoFamilies: DemoFamily[] = [];
  for (const school of schools) {
    const languages = shuffle(rng, expand(LANGUAGE_MIX[school.key] as Record<DemoLanguage, number>));
    const channels = shuffle(rng, [
      ...Array<"email">(EMAIL_ONLY_PER_SCHOOL).fill("email"),
      ...Array<"sms">(languages.length - EMAIL_ONLY_PER_SCHOOL).fill("sms"),
    ]);
    languages.forEach((language, i) => {
      const channel = channels[i]!;
      const names = NAMES[language];
      const surname = takeSurname(language);
      const family: DemoFamily = { id: ctx.id("fam", rosterAt), school, language, channel, contacts: [], children: [] };
      rows.families.push({
        id: family.id,
        schoolId: school.id,
        displayName: `${surname} family`,
        language,
        channel,
        timezone: school.timezone,
        ...stamp,
      });

      // Guardians: one, sometimes two.
      const first = weighted(rng, FIRST_GUARDIAN);
      const relationships = rng.chance(0.5) ? [first, SECOND_GUARDIAN[first]!] : [first];
      for (const relationship of relationships) {
        const female = FEMALE_RELATIONSHIPS.has(relationship) || (relationship === "guardian" && rng.chance(0.5));
        const given = rng.pick(female ? names.women : names.men);
        const ownSurname = female && WOMEN_KEEP_OWN_SURNAME.has(language) ? rng.pick(names.surnames) : surname;
        const email = channel === "email" || rng.chance(0.25) ? nextEmail(given, ownSurname) : null;
        const phone = channel === "sms" ? nextPhone() : null;
        const contact: DemoContact = { id: ctx.id("con", rosterAt), phone, email };
        // The first guardian is who the school writes to; the family may answer from either.
        family.contacts.push(contact);
        const name = `${given} ${ownSurname}`;
        rows.contacts.push({ ...contact, familyId: family.id, name, relationship, ...stamp });
      }

      // Children: one to three, each in a different teacher's class (and so a different grade).
      const count = Math.min(
        weighted(rng, [
          [1, 45],
          [2, 40],
          [3, 15],
        ]),
        school.teachers.length,
      );
      const teachers = shuffle(rng, school.teachers).slice(0, count);
      const taken = new Set<string>();
      for (const teacher of teachers) {
        const male = rng.chance(0.5);
        let firstName = rng.pick(male ? names.boys : names.girls);
        while (taken.has(firstName)) firstName = rng.pick(male ? names.boys : names.girls);
        taken.add(firstName);
        const grade = rng.pick(teacher.grades);
        const id = ctx.id("stu", rosterAt);
        family.children.push({ id, name: firstName, male, teacherId: teacher.id, grade });
        rows.students.push({
          id,
          familyId: family.id,
          schoolId: school.id,
          firstName,
          lastInitial: surname[0]!.toUpperCase(),
          grade,
          programFlags: programFlags(rng, language, grade),
          ...stamp,
        });
        rows.studentEducators.push({ studentId: id, educatorId: teacher.id, schoolYear, createdAt: rosterAt });
      }
      // Eldest first: the eldest child's teacher leads the family's visit.
      family.children.sort((a, b) => GRADES.indexOf(b.grade) - GRADES.indexOf(a.grade));
      demoFamilies.push(family);
    });
  }
  return { families: demoFamilies, rows };
}

/** HOME WORKS!-style prioritization flags; only the flags that apply are stored. */
function programFlags(rng: Random, language: DemoLanguage, grade: string): StudentProgramFlags {
  const flags: StudentProgramFlags = {};
  if (language !== "en" && rng.chance(0.6)) flags.englishLearner = true;
  if (rng.chance(0.12)) flags.belowGradeLevel = true;
  if (rng.chance(0.08)) flags.attendanceConcern = true;
  if (grade === "K" && rng.chance(0.3)) flags.noPreK = true;
  return flags;
}

/** Unique numbers, all in the NANP block reserved for fiction (NXX-555-0100…0199). */
function phoneAllocator(rng: Random): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const phone = `+1${rng.pick(AREA_CODES)}55501${String(rng.int(0, 99)).padStart(2, "0")}`;
      if (!used.has(phone)) {
        used.add(phone);
        return phone;
      }
    }
  };
}

/** given.surname@example.(org|com|net), ASCII-folded, with a number when the name repeats. */
function emailAllocator(rng: Random): (given: string, surname: string) => string {
  const used = new Set<string>();
  return (given, surname) => {
    const base = `${given}.${surname}`
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, "");
    let local = base;
    while (used.has(local)) local = `${base}${rng.int(2, 99)}`;
    used.add(local);
    return `${local}@${rng.pick(EMAIL_DOMAINS)}`;
  };
}
