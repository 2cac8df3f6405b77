/** A roster as read from a file, before it meets the database. Ids are the SIS's own. */
export type RosterKind = "schools" | "educators" | "families" | "contacts" | "students";
/** One problem with one row: file, 1-based line (header = 1), and a message naming the field. */
export type RowError = { file: string; line: number; message: string; kind: RosterKind };
/** Where a row came from, so a record that is not imported can still be named by its row. */
export type RowRef = { file: string; line: number };

export type RosterDistrict = { externalId: string; name: string; timezone: string | null };
export type RosterSchool = { externalId: string; name: string; line: number };
export type RosterEducator = {
  externalId: string;
  schoolExternalId: string;
  name: string;
  email: string;
  phone: string | null;
  role: "educator" | "coordinator";
  row: RowRef;
};
export type RosterGuardian = {
  externalId: string;
  name: string;
  relationship: string | null;
  phone: string | null;
  email: string | null;
  language: string | null;
  channel: "sms" | "email" | null;
  row: RowRef;
};
export type RosterStudent = {
  externalId: string;
  schoolExternalId: string;
  firstName: string;
  lastName: string | null;
  grade: string;
  guardianIds: string[];
  educatorIds: string[];
  row: RowRef;
};
/**
 * External ids that rows which failed validation refer to. Those records are left exactly as
 * they are — a typo in a row must never deactivate the student, guardian or teacher it names.
 * `assignments`: students whose class list is incomplete (a bad enrollment row), so their
 * teacher assignments are not pruned.
 */
export type Held = {
  students: Set<string>;
  guardians: Set<string>;
  educators: Set<string>;
  assignments: Set<string>;
};
export type Roster = {
  district: RosterDistrict | null;
  schools: RosterSchool[];
  educators: RosterEducator[];
  students: RosterStudent[];
  guardians: RosterGuardian[];
  errors: RowError[];
  held: Held;
};

export const emptyHeld = (): Held => ({
  students: new Set(),
  guardians: new Set(),
  educators: new Set(),
  assignments: new Set(),
});
