import { readCsv } from "./csv";
import { channel, email, grade, language, phone } from "./fields";
import type { Roster, RosterGuardian, RosterStudent, RowError } from "./types";

/** The template for schools without an SIS export: one row per student, up to two guardians. */
export const SPREADSHEET_HEADERS = [
  "student_id",
  "student_first_name",
  "student_last_name",
  "grade",
  "teacher_email",
  ...[1, 2].flatMap((n) =>
    ["name", "relationship", "phone", "email", "language", "channel"].map((f) => `guardian${n}_${f}`),
  ),
];

/**
 * The simple spreadsheet → Roster for one school. Guardians have no ids here, so a guardian is
 * known by their phone (or email): the same number on two rows is the same person, which is
 * also what joins siblings into one household.
 */
export function parseSpreadsheet(
  text: string,
  school: { externalId: string; name: string },
  teacherIdByEmail: Map<string, string>,
): Roster {
  const file = "spreadsheet.csv";
  const errors: RowError[] = [];
  const guardians = new Map<string, RosterGuardian>();
  const students: RosterStudent[] = [];
  const rows = readCsv(text);
  const missing = SPREADSHEET_HEADERS.slice(0, 4).filter((h) => rows.length > 0 && !(h in rows[0]!.row));
  if (missing.length)
    errors.push({ file, line: 1, message: `missing columns: ${missing.join(", ")}`, kind: "students" });

  for (const { line, row } of rows) {
    const err = (message: string, kind: "students" | "contacts" = "students") =>
      errors.push({ file, line, message, kind });
    if (!row.student_id?.trim()) {
      err("student_id is required (it keeps re-imports from creating the student twice)");
      continue;
    }
    const g = grade(row.grade ?? "");
    if ("error" in g) {
      err(g.error);
      continue;
    }
    const teacherEmail = row.teacher_email?.trim().toLowerCase();
    const teacherId = teacherEmail ? teacherIdByEmail.get(teacherEmail) : undefined;
    if (teacherEmail && !teacherId) err(`teacher_email ${teacherEmail} is not an educator of ${school.name}`);

    const guardianIds: string[] = [];
    for (const n of [1, 2]) {
      const field = (f: string) => row[`guardian${n}_${f}`];
      if (!field("name")?.trim() && !field("phone")?.trim() && !field("email")?.trim()) continue;
      const tel = phone(field("phone"));
      const mail = email(field("email"));
      const lang = language(field("language"), null);
      const ch = channel(field("channel"), null);
      for (const r of [tel, mail, lang, ch]) if ("error" in r) err(`guardian${n}: ${r.error}`, "contacts");
      const key = ("value" in tel && tel.value) || ("value" in mail && mail.value);
      if (!key) {
        err(`guardian${n} has no usable phone or email`, "contacts");
        continue;
      }
      const externalId = `sheet:${key}`;
      guardianIds.push(externalId);
      if (!guardians.has(externalId)) {
        guardians.set(externalId, {
          externalId,
          name: field("name")?.trim() || "Guardian",
          relationship: field("relationship")?.trim() || null,
          phone: "error" in tel ? null : tel.value,
          email: "error" in mail ? null : mail.value,
          language: "error" in lang ? null : lang.value,
          channel: "error" in ch ? null : ch.value,
        });
      }
    }
    students.push({
      externalId: row.student_id.trim(),
      schoolExternalId: school.externalId,
      firstName: row.student_first_name?.trim() || "Student",
      lastName: row.student_last_name?.trim() || null,
      grade: g.value,
      guardianIds,
      educatorIds: teacherId ? [teacherId] : [],
    });
  }
  return { schools: [school], educators: [], students, guardians: [...guardians.values()], errors };
}
