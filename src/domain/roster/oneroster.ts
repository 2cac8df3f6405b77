import { readCsv } from "./csv";
import { channel, email, grade, language, phone } from "./fields";
import type { Roster, RosterEducator, RosterGuardian, RosterStudent, RowError } from "./types";

/**
 * OneRoster 1.1 CSV → Roster. Schools from orgs.csv (type school); teachers, students and
 * guardians (role parent/guardian/relative, linked from students' `agentSourcedIds`) from
 * users.csv; who teaches whom from classes.csv + enrollments.csv. Preferred language and
 * channel come from the extension columns `metadata.language` / `metadata.channel` (the
 * import's defaults fill the gaps when households are planned). Rows with status `tobedeleted` are treated as absent (so a full sync
 * deactivates them). Every problem is reported with its file and line.
 */
export function parseOneRoster(files: Record<string, string>): Roster {
  const errors: RowError[] = [];
  const need = (name: string) => {
    const text = files[name];
    if (text === undefined) errors.push({ file: name, line: 0, message: `${name} is missing`, kind: "schools" });
    return text === undefined ? [] : readCsv(text);
  };
  const live = (row: Record<string, string>) => (row.status ?? "").toLowerCase() !== "tobedeleted";

  const schools = need("orgs.csv")
    .filter(({ row }) => live(row) && (row.type ?? "").toLowerCase() === "school")
    .map(({ row }) => ({ externalId: row.sourcedId!, name: row.name ?? row.sourcedId! }));

  const educators: RosterEducator[] = [];
  const guardians: RosterGuardian[] = [];
  const studentRows: { line: number; row: Record<string, string> }[] = [];
  for (const { line, row } of need("users.csv")) {
    if (!live(row)) continue;
    const role = (row.role ?? "").toLowerCase();
    const name = [row.givenName, row.familyName].filter(Boolean).join(" ").trim();
    const kind =
      role === "student" ? "students" : role === "teacher" || role === "administrator" ? "educators" : "contacts";
    const err = (message: string) =>
      errors.push({ file: "users.csv", line, message: `${row.sourcedId}: ${message}`, kind });
    if (role === "teacher" || role === "administrator") {
      const mail = email(row.email);
      if ("error" in mail || !mail.value) {
        err("error" in mail ? mail.error : "a teacher needs an email address to sign in");
        continue;
      }
      const tel = phone(row.phone);
      educators.push({
        externalId: row.sourcedId!,
        schoolExternalId: (row.orgSourcedIds ?? "").split(",")[0]!.trim(),
        name: name || mail.value,
        email: mail.value,
        phone: "error" in tel ? null : tel.value,
        role: role === "administrator" ? "coordinator" : "educator",
      });
    } else if (role === "student") {
      studentRows.push({ line, row });
    } else if (role === "parent" || role === "guardian" || role === "relative") {
      const tel = phone(row.sms || row.phone);
      const mail = email(row.email);
      const lang = language(row["metadata.language"], null);
      const ch = channel(row["metadata.channel"], null);
      for (const r of [tel, mail, lang, ch]) if ("error" in r) err(r.error);
      const guardian: RosterGuardian = {
        externalId: row.sourcedId!,
        name: name || "Guardian",
        relationship: role === "relative" ? "relative" : role,
        phone: "error" in tel ? null : tel.value,
        email: "error" in mail ? null : mail.value,
        language: "error" in lang ? null : lang.value,
        channel: "error" in ch ? null : ch.value,
      };
      if (!guardian.phone && !guardian.email)
        err("has no usable phone or email; they can be reached only once one is added");
      guardians.push(guardian);
    }
  }

  const classSchool = new Map(
    need("classes.csv")
      .filter(({ row }) => live(row))
      .map(({ row }) => [row.sourcedId!, row.schoolSourcedId ?? ""]),
  );
  const teachersOfClass = new Map<string, string[]>();
  const classesOfStudent = new Map<string, string[]>();
  for (const { line, row } of need("enrollments.csv")) {
    if (!live(row)) continue;
    const klass = row.classSourcedId ?? "";
    if (!classSchool.has(klass)) {
      errors.push({ file: "enrollments.csv", line, message: `class ${klass} is not in classes.csv`, kind: "students" });
      continue;
    }
    const map = (row.role ?? "").toLowerCase() === "teacher" ? teachersOfClass : classesOfStudent;
    const key = map === teachersOfClass ? klass : row.userSourcedId!;
    const value = map === teachersOfClass ? row.userSourcedId! : klass;
    map.set(key, [...(map.get(key) ?? []), value]);
  }

  const students: RosterStudent[] = [];
  for (const { line, row } of studentRows) {
    const g = grade((row.grades ?? "").split(",")[0] ?? "");
    if ("error" in g) {
      errors.push({ file: "users.csv", line, message: `${row.sourcedId}: ${g.error}`, kind: "students" });
      continue;
    }
    const classes = classesOfStudent.get(row.sourcedId!) ?? [];
    students.push({
      externalId: row.sourcedId!,
      schoolExternalId: (row.orgSourcedIds ?? "").split(",")[0]!.trim(),
      firstName: row.givenName || "Student",
      lastName: row.familyName || null,
      grade: g.value,
      guardianIds: (row.agentSourcedIds ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      educatorIds: [...new Set(classes.flatMap((c) => teachersOfClass.get(c) ?? []))],
    });
  }
  return { schools, educators, students, guardians, errors };
}
