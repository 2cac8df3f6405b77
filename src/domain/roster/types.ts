/** A roster as read from a file, before it meets the database. Ids are the SIS's own. */
export type RosterKind = "schools" | "educators" | "families" | "contacts" | "students";
export type RowError = { file: string; line: number; message: string; kind: RosterKind };

export type RosterSchool = { externalId: string; name: string };
export type RosterEducator = {
  externalId: string;
  schoolExternalId: string;
  name: string;
  email: string;
  phone: string | null;
  role: "educator" | "coordinator";
};
export type RosterGuardian = {
  externalId: string;
  name: string;
  relationship: string | null;
  phone: string | null;
  email: string | null;
  language: string | null;
  channel: "sms" | "email" | null;
};
export type RosterStudent = {
  externalId: string;
  schoolExternalId: string;
  firstName: string;
  lastName: string | null;
  grade: string;
  guardianIds: string[];
  educatorIds: string[];
};
export type Roster = {
  schools: RosterSchool[];
  educators: RosterEducator[];
  students: RosterStudent[];
  guardians: RosterGuardian[];
  errors: RowError[];
};
