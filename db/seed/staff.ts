import type { GRADES, PROGRAM_MODEL_KEYS } from "../../src/domain/enums";
import type { districts, educators, schools } from "../schema";
import { DAY_MS, type SeedContext } from "./context";

export const DEMO_TIMEZONE = "America/Chicago";
export const EMAIL_DOMAIN = "cedarvalley.example.org";

type Grade = (typeof GRADES)[number];
export type SchoolKey = "riverside" | "lincoln";

export type DemoTeacher = { id: string; name: string; languages: readonly string[]; grades: readonly Grade[] };
export type DemoSchool = {
  id: string;
  key: SchoolKey;
  programModel: (typeof PROGRAM_MODEL_KEYS)[number];
  timezone: string;
  teachers: DemoTeacher[];
};

export type StaffRows = {
  districts: (typeof districts.$inferInsert)[];
  schools: (typeof schools.$inferInsert)[];
  educators: (typeof educators.$inferInsert)[];
};

type StaffSpec = { name: string; email?: string; languages: readonly string[] };

/**
 * Two schools on different program models, so both presets can be tried side by side:
 * Riverside runs Parent Teacher Home Visits, Lincoln Park runs Home Visit Partnerships.
 * Each teacher takes a band of grades, so siblings in different grades have different
 * teachers — the case where two teachers must coordinate one combined visit.
 * The first teacher and the coordinator emails are relied on by tests and docs.
 */
const SCHOOL_SPECS = [
  {
    key: "riverside",
    name: "Riverside Elementary",
    programModel: "pthv",
    coordinator: { name: "Rosa Delgado", email: "coordinator.riverside", languages: ["en", "es"] },
    teachers: [
      { name: "Maria Gonzalez", languages: ["en", "es"], grades: ["K", "1"] },
      { name: "Linh Tran", languages: ["en", "vi"], grades: ["2"] },
      { name: "Sarah Mitchell", languages: ["en"], grades: ["3"] },
      { name: "Hodan Abdi", languages: ["en", "so"], grades: ["4", "5"] },
    ],
  },
  {
    key: "lincoln",
    name: "Lincoln Park Elementary",
    programModel: "hvp",
    coordinator: { name: "David Kim", email: "coordinator.lincoln", languages: ["en", "ko"] },
    teachers: [
      { name: "James Carter", languages: ["en"], grades: ["K", "1"] },
      { name: "Mai Vang", languages: ["en", "hmn"], grades: ["2", "3"] },
      { name: "Rania Saleh", languages: ["en", "ar"], grades: ["4", "5"] },
    ],
  },
] as const;

/** The district office has no school row of its own; the admin is attached to the first school. */
const DISTRICT_ADMIN: StaffSpec = { name: "Patricia Owens", email: "admin", languages: ["en"] };

export function buildStaff(ctx: SeedContext): { rows: StaffRows; schools: DemoSchool[] } {
  // The district was set up before the school year began.
  const setupAt = new Date(ctx.nowMs - 120 * DAY_MS);
  const stamp = { createdAt: setupAt, updatedAt: setupAt };
  const rows: StaffRows = { districts: [], schools: [], educators: [] };

  const districtId = ctx.id("dst", setupAt);
  rows.districts.push({ id: districtId, name: "Cedar Valley Unified", timezone: DEMO_TIMEZONE, ...stamp });

  const addEducator = (schoolId: string, role: "educator" | "coordinator" | "district_admin", spec: StaffSpec) => {
    const id = ctx.id("edu", setupAt);
    const local = spec.email ?? spec.name.toLowerCase().replaceAll(" ", ".");
    const email = `${local}@${EMAIL_DOMAIN}`;
    rows.educators.push({ id, schoolId, name: spec.name, email, role, languages: [...spec.languages], ...stamp });
    return id;
  };

  const demoSchools: DemoSchool[] = [];
  for (const spec of SCHOOL_SPECS) {
    const id = ctx.id("sch", setupAt);
    rows.schools.push({
      id,
      districtId,
      name: spec.name,
      timezone: DEMO_TIMEZONE,
      programModel: spec.programModel,
      defaultLanguage: "en",
      defaultChannel: "sms",
      ...stamp,
    });
    if (spec.key === "riverside") addEducator(id, "district_admin", DISTRICT_ADMIN);
    addEducator(id, "coordinator", spec.coordinator);
    const teachers = spec.teachers.map((t) => ({ ...t, id: addEducator(id, "educator", t) }));
    demoSchools.push({ id, key: spec.key, programModel: spec.programModel, timezone: DEMO_TIMEZONE, teachers });
  }
  return { rows, schools: demoSchools };
}
