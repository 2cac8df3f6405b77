import { type CsvTable, linesByValue, widthProblem } from "./csv";
import { channel, email, grade, language, phone } from "./fields";
import { emptyHeld, type Roster, type RosterGuardian, type RosterStudent, type RowError } from "./types";

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
 *
 * A row is imported whole or not at all: any problem in it (every one is reported, each naming
 * its column) keeps the whole row out, and the student it names is held as it is. Two rows with
 * the same student_id are both refused — which one is right is for the school to say.
 */
export async function parseSpreadsheet(
  table: CsvTable,
  school: { externalId: string; name: string },
  teacherIdByEmail: Map<string, string>,
  /** Called once a row; the caller may give the event loop a turn (validating phones is slow). */
  pace: (rows: number) => Promise<void> = async () => {},
): Promise<Roster> {
  const file = table.file;
  const errors: RowError[] = [];
  const held = emptyHeld();
  const missing = SPREADSHEET_HEADERS.slice(0, 4).filter((h) => !table.header.includes(h));
  if (missing.length)
    errors.push({ file, line: 1, message: `missing columns: ${missing.join(", ")}`, kind: "students" });
  const idLines = linesByValue(table.rows, (r) => r.row.student_id);

  type Candidate = { student: RosterStudent; guardians: RosterGuardian[] };
  const accepted: Candidate[] = [];
  for (const r of table.rows) {
    await pace(1);
    const { line, row } = r;
    const problems: { message: string; kind: "students" | "contacts" }[] = [];
    const problem = (message: string, kind: "students" | "contacts" = "students") => problems.push({ message, kind });
    const width = widthProblem(table, r);
    if (width) problem(`the row ${width}`);
    const studentId = row.student_id?.trim();
    if (!studentId) problem("student_id is required (it keeps re-imports from creating the student twice)");
    const others = studentId ? idLines.get(studentId)!.filter((l) => l !== line) : [];
    if (others.length)
      problem(
        `student_id ${studentId} is also on line ${others.join(", ")}; one student, one row (neither was imported)`,
      );
    const g = grade(row.grade ?? "");
    if ("error" in g) problem(g.error);
    const teacherEmail = row.teacher_email?.trim().toLowerCase();
    const teacherId = teacherEmail ? teacherIdByEmail.get(teacherEmail) : undefined;
    if (teacherEmail && !teacherId) problem(`teacher_email ${teacherEmail} is not an educator of ${school.name}`);

    const guardians: RosterGuardian[] = [];
    for (const n of [1, 2]) {
      const col = (f: string) => `guardian${n}_${f}`;
      const field = (f: string) => row[col(f)];
      const given = ["name", "relationship", "phone", "email", "language", "channel"].some((f) => field(f)?.trim());
      if (!given) continue;
      const tel = phone(field("phone"), col("phone"));
      const mail = email(field("email"), col("email"));
      const lang = language(field("language"), null, col("language"));
      const ch = channel(field("channel"), null, col("channel"));
      for (const v of [tel, mail, lang, ch]) if ("error" in v) problem(v.error, "contacts");
      if ("error" in tel || "error" in mail || "error" in lang || "error" in ch) continue;
      const key = tel.value || mail.value;
      if (!key) {
        problem(
          `${col("phone")} or ${col("email")} is required to reach ${field("name")?.trim() || "this guardian"}`,
          "contacts",
        );
        continue;
      }
      guardians.push({
        externalId: `sheet:${key}`,
        name: field("name")?.trim() || "Guardian",
        relationship: field("relationship")?.trim() || null,
        phone: tel.value,
        email: mail.value,
        language: lang.value,
        channel: ch.value,
        row: { file, line },
      });
    }
    if (guardians.length === 0 && !problems.some((p) => p.kind === "contacts"))
      problem(
        "guardian1_phone or guardian1_email is required: a family needs a guardian Doorstep can reach",
        "contacts",
      );

    if (problems.length || !studentId || "error" in g) {
      for (const p of problems) errors.push({ file, line, message: p.message, kind: p.kind });
      if (studentId) held.students.add(studentId);
      continue;
    }
    accepted.push({
      student: {
        externalId: studentId,
        schoolExternalId: school.externalId,
        firstName: row.student_first_name?.trim() || "Student",
        lastName: row.student_last_name?.trim() || null,
        grade: g.value,
        guardianIds: guardians.map((x) => x.externalId),
        educatorIds: teacherId ? [teacherId] : [],
        row: { file, line },
      },
      guardians,
    });
  }
  // The same phone on two rows is one guardian: the first row that names them describes them.
  const guardians = new Map<string, RosterGuardian>();
  for (const c of accepted)
    for (const x of c.guardians) if (!guardians.has(x.externalId)) guardians.set(x.externalId, x);
  return {
    district: null,
    schools: [{ ...school, line: 0 }],
    educators: [],
    students: accepted.map((c) => c.student),
    guardians: [...guardians.values()],
    errors,
    held,
  };
}
