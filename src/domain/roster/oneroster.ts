import { type CsvRow, type CsvTable, linesByValue, widthProblem } from "./csv";
import { channel, email, grade, language, phone } from "./fields";
import {
  emptyHeld,
  type Roster,
  type RosterDistrict,
  type RosterEducator,
  type RosterGuardian,
  type RosterKind,
  type RosterSchool,
  type RosterStudent,
  type RowError,
} from "./types";

/** The four files a OneRoster import needs (demographics.csv is accepted and not read). */
export const ONE_ROSTER_REQUIRED = ["orgs.csv", "users.csv", "classes.csv", "enrollments.csv"] as const;
const GUARDIAN_ROLES = ["parent", "guardian", "relative"];

/**
 * OneRoster 1.1 CSV → Roster. The district and its schools from orgs.csv; teachers, students and
 * guardians (role parent/guardian/relative, linked from students' `agentSourcedIds`) from
 * users.csv; who teaches whom from classes.csv + enrollments.csv. Preferred language and
 * channel come from the extension columns `metadata.language` / `metadata.channel` (the
 * import's defaults fill the gaps when households are planned); a district row may carry
 * `metadata.timezone`. Rows with status `tobedeleted` are treated as absent (so a full sync
 * deactivates them).
 *
 * Every other row is imported or reported — with its file, line and the column at fault — and a
 * reported row is kept out whole: a guardian with a bad email is not half-imported without it.
 * What a failed row refers to is held (see `Held`), so it is never deactivated for a typo.
 */
export async function parseOneRoster(
  tables: Record<(typeof ONE_ROSTER_REQUIRED)[number], CsvTable>,
  /** Called once a row; the caller may give the event loop a turn (validating phones is slow). */
  pace: (rows: number) => Promise<void> = async () => {},
): Promise<Roster> {
  const errors: RowError[] = [];
  const held = emptyHeld();
  const report = (file: string, line: number, kind: RosterKind, message: string) =>
    errors.push({ file, line, message, kind });
  const live = (r: CsvRow) => (r.row.status ?? "").toLowerCase() !== "tobedeleted";
  /** Checks shared by every file: column count, a sourcedId, and no sourcedId twice. */
  const rowsOf = (table: CsvTable, kind: RosterKind, idColumn = "sourcedId") => {
    const rows = table.rows.filter(live);
    const ids = linesByValue(rows, (r) => r.row[idColumn]);
    return rows.map((r) => {
      const problems: string[] = [];
      const width = widthProblem(table, r);
      if (width) problems.push(`the row ${width}`);
      const id = r.row[idColumn];
      if (!id) problems.push(`${idColumn} is required`);
      const others = id ? ids.get(id)!.filter((l) => l !== r.line) : [];
      if (others.length) problems.push(`${idColumn} ${id} is also on line ${others.join(", ")} (neither was imported)`);
      const fail = (message: string) => report(table.file, r.line, kind, id ? `${id}: ${message}` : message);
      return { ...r, id: id ?? "", problems, fail };
    });
  };

  // orgs.csv: one district, its schools.
  const orgs = tables["orgs.csv"];
  let district: RosterDistrict | null = null;
  const schools: RosterSchool[] = [];
  for (const r of rowsOf(orgs, "schools")) {
    const type = (r.row.type ?? "").toLowerCase();
    if (type === "district" && district)
      r.problems.push("a second district: a Doorstep deployment serves one district");
    else if (type !== "district" && type !== "school")
      r.problems.push(`type "${r.row.type ?? ""}" is not imported (Doorstep takes the district and its schools)`);
    if (r.problems.length) {
      for (const p of r.problems) r.fail(p);
      continue;
    }
    const name = r.row.name || r.id;
    if (type === "district") district = { externalId: r.id, name, timezone: r.row["metadata.timezone"] || null };
    else schools.push({ externalId: r.id, name, line: r.line });
  }
  const schoolIds = new Set(schools.map((s) => s.externalId));
  const schoolOf = (raw: string | undefined): { value: string } | { error: string } => {
    const first = (raw ?? "").split(",")[0]!.trim();
    if (!first) return { error: "orgSourcedIds is required (the user's school)" };
    return schoolIds.has(first) ? { value: first } : { error: `orgSourcedIds "${first}" is not a school in orgs.csv` };
  };

  // users.csv
  const users = tables["users.csv"];
  const educators: RosterEducator[] = [];
  const guardianRows = new Map<string, RosterGuardian>();
  const studentRows: ReturnType<typeof rowsOf> = [];
  for (const r of rowsOf(users, "students")) {
    await pace(1);
    const role = (r.row.role ?? "").toLowerCase();
    const name = [r.row.givenName, r.row.familyName].filter(Boolean).join(" ").trim();
    const kind: RosterKind =
      role === "student" ? "students" : role === "teacher" || role === "administrator" ? "educators" : "contacts";
    const fail = (message: string) => report(users.file, r.line, kind, r.id ? `${r.id}: ${message}` : message);
    if (role === "student") {
      studentRows.push({ ...r, fail });
      continue;
    }
    const problems = [...r.problems];
    if (role === "teacher" || role === "administrator") {
      const mail = email(r.row.email);
      const tel = phone(r.row.phone);
      const school = schoolOf(r.row.orgSourcedIds);
      if ("error" in mail) problems.push(mail.error);
      else if (!mail.value) problems.push("email is required: a teacher signs in with it");
      for (const v of [tel, school]) if ("error" in v) problems.push(v.error);
      if (problems.length || "error" in mail || !mail.value || "error" in tel || "error" in school) {
        for (const p of problems) fail(p);
        if (r.id) held.educators.add(r.id);
        continue;
      }
      educators.push({
        externalId: r.id,
        schoolExternalId: school.value,
        name: name || mail.value,
        email: mail.value,
        phone: tel.value,
        role: role === "administrator" ? "coordinator" : "educator",
        row: { file: users.file, line: r.line },
      });
    } else if (GUARDIAN_ROLES.includes(role)) {
      const tel = phone(r.row.sms || r.row.phone, r.row.sms ? "sms" : "phone");
      const mail = email(r.row.email);
      const lang = language(r.row["metadata.language"], null, "metadata.language");
      const ch = channel(r.row["metadata.channel"], null, "metadata.channel");
      for (const v of [tel, mail, lang, ch]) if ("error" in v) problems.push(v.error);
      if (!("error" in tel) && !("error" in mail) && !tel.value && !mail.value)
        problems.push("sms, phone or email is required: Doorstep could not reach them");
      if (problems.length || "error" in tel || "error" in mail || "error" in lang || "error" in ch) {
        for (const p of problems) fail(p);
        if (r.id) held.guardians.add(r.id);
        continue;
      }
      guardianRows.set(r.id, {
        externalId: r.id,
        name: name || "Guardian",
        relationship: role === "relative" ? "relative" : role,
        phone: tel.value,
        email: mail.value,
        language: lang.value,
        channel: ch.value,
        row: { file: users.file, line: r.line },
      });
    } else {
      for (const p of problems) fail(p);
      fail(
        `role "${r.row.role ?? ""}" is not one Doorstep imports (teacher, administrator, student, parent, guardian, relative)`,
      );
    }
  }

  // classes.csv + enrollments.csv: who teaches whom.
  const classes = tables["classes.csv"];
  const classSchool = new Map<string, string>();
  for (const r of rowsOf(classes, "students")) {
    if (!r.problems.length && !schoolIds.has(r.row.schoolSourcedId ?? ""))
      r.problems.push(`schoolSourcedId "${r.row.schoolSourcedId ?? ""}" is not a school in orgs.csv`);
    if (r.problems.length) for (const p of r.problems) r.fail(p);
    else classSchool.set(r.id, r.row.schoolSourcedId!);
  }
  const teacherIds = new Set(educators.map((e) => e.externalId));
  const studentIds = new Set(studentRows.map((s) => s.id));
  const teachersOfClass = new Map<string, string[]>();
  const classesOfStudent = new Map<string, string[]>();
  const enrollments = tables["enrollments.csv"];
  for (const r of rowsOf(enrollments, "students")) {
    const klass = r.row.classSourcedId ?? "";
    const user = r.row.userSourcedId ?? "";
    const asTeacher = (r.row.role ?? "").toLowerCase() === "teacher";
    if (!classSchool.has(klass)) r.problems.push(`class ${klass} is not in classes.csv`);
    if (asTeacher ? !teacherIds.has(user) && !held.educators.has(user) : !studentIds.has(user))
      r.problems.push(`userSourcedId "${user}" is not a ${asTeacher ? "teacher" : "student"} in users.csv`);
    if (r.problems.length) {
      // An enrollment is not a record of its own; its problem is reported without the id prefix.
      for (const p of r.problems) report(enrollments.file, r.line, "students", p);
      if (!asTeacher && user) held.assignments.add(user);
      continue;
    }
    const map = asTeacher ? teachersOfClass : classesOfStudent;
    const key = asTeacher ? klass : user;
    map.set(key, [...(map.get(key) ?? []), asTeacher ? user : klass]);
  }

  // Students last: they need their guardians and classes.
  const students: RosterStudent[] = [];
  const linked = new Set<string>();
  const guardiansOfFailed = new Map<string, string[]>();
  for (const r of studentRows) {
    await pace(1);
    const problems = [...r.problems];
    const g = grade((r.row.grades ?? "").split(",")[0] ?? "", "grades");
    if ("error" in g) problems.push(g.error);
    const school = schoolOf(r.row.orgSourcedIds);
    if ("error" in school) problems.push(school.error);
    const agents = (r.row.agentSourcedIds ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = agents.filter((a) => !guardianRows.has(a) && !held.guardians.has(a));
    if (unknown.length)
      problems.push(`agentSourcedIds ${unknown.join(", ")}: not a parent, guardian or relative in users.csv`);
    const reachable = agents.filter((a) => guardianRows.has(a));
    if (agents.length === 0) problems.push("agentSourcedIds is empty: a family needs a guardian Doorstep can reach");
    else if (reachable.length === 0 && unknown.length === 0)
      problems.push(`agentSourcedIds: none of ${agents.join(", ")} could be imported (see their rows)`);
    if (problems.length || "error" in g || "error" in school) {
      for (const p of problems) r.fail(p);
      if (r.id) held.students.add(r.id);
      for (const a of reachable) guardiansOfFailed.set(a, [...(guardiansOfFailed.get(a) ?? []), r.id]);
      continue;
    }
    for (const a of reachable) linked.add(a);
    const classesOf = classesOfStudent.get(r.id) ?? [];
    const teachers = [...new Set(classesOf.flatMap((c) => teachersOfClass.get(c) ?? []))];
    // A teacher whose own row failed is still this student's teacher: keep what is assigned.
    if (teachers.some((t) => held.educators.has(t))) held.assignments.add(r.id);
    students.push({
      externalId: r.id,
      schoolExternalId: school.value,
      firstName: r.row.givenName || "Student",
      lastName: r.row.familyName || null,
      grade: g.value,
      guardianIds: reachable,
      educatorIds: teachers.filter((t) => !held.educators.has(t)),
      row: { file: users.file, line: r.line },
    });
  }
  // A guardian reaches Doorstep only through a student; one no student brings is reported too.
  const guardians: RosterGuardian[] = [];
  for (const g of guardianRows.values()) {
    if (linked.has(g.externalId)) {
      guardians.push(g);
      continue;
    }
    const via = guardiansOfFailed.get(g.externalId);
    report(
      g.row.file,
      g.row.line,
      "contacts",
      via
        ? `${g.externalId}: not imported because their student ${via.join(", ")} was not`
        : `${g.externalId}: no student lists them in agentSourcedIds`,
    );
    held.guardians.add(g.externalId);
  }
  return { district, schools, educators, students, guardians, errors, held };
}
