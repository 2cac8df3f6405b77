import { and, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { auditLog, districts, educators, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { parseOneRoster } from "../../domain/roster/oneroster";
import { parseSpreadsheet } from "../../domain/roster/spreadsheet";
import type { Roster, RosterKind, RowError } from "../../domain/roster/types";
import { ValidationError } from "../../errors";
import { auditRow } from "../record-audit";
import { requireRole } from "../require-role";
import { schoolScope } from "../scope";
import { type ImportDefaults, planSchool } from "./plan-school";

export type ImportInput =
  | {
      format: "oneroster";
      files: Record<string, string>;
      commit: boolean;
      defaults?: Partial<ImportDefaults>;
      /** For schools the file brings that Doorstep does not have yet (district admins only). */
      programModel?: "pthv" | "homeworks" | "ptlt" | "hvp";
    }
  | { format: "spreadsheet"; text: string; schoolId: string; commit: boolean; defaults?: Partial<ImportDefaults> };

type KindResult = {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  errors: Omit<RowError, "kind">[];
};
export type ImportResult = { committed: boolean } & Record<RosterKind, KindResult>;

/**
 * Brings a school's roster in. A dry run (the default) reports what would change and every row
 * error with file and line; nothing is written. `commit` applies it, one atomic batch per
 * school, so a failure leaves that school's previous roster intact. Re-importing the same
 * file changes nothing. Coordinators import for their own school only; rows of other schools
 * in the file are refused, named in the errors.
 */
export async function importRoster(ctx: ServiceContext, input: ImportInput): Promise<ImportResult> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "import rosters");
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const inScope = await db.select().from(schools).where(schoolScope(ctx.actor));
  const defaults: ImportDefaults = {
    language: input.defaults?.language ?? "en",
    channel: input.defaults?.channel ?? "sms",
  };

  let roster: Roster;
  if (input.format === "spreadsheet") {
    const school = inScope.find((s) => s.id === input.schoolId);
    if (!school) throw new ValidationError({ schoolId: "is not a school you can import for" });
    const staff = await db
      .select({ id: educators.id, email: educators.email })
      .from(educators)
      .where(and(eq(educators.schoolId, school.id), eq(educators.active, true)));
    roster = parseSpreadsheet(
      input.text,
      { externalId: school.externalId ?? school.id, name: school.name },
      new Map(staff.map((e) => [e.email, e.id])),
    );
    roster.schools = [{ externalId: school.externalId ?? school.id, name: school.name }];
  } else {
    roster = parseOneRoster(input.files);
  }

  const result: ImportResult = {
    committed: input.commit,
    ...(Object.fromEntries(
      (["schools", "educators", "families", "contacts", "students"] as const).map((k) => [
        k,
        { created: 0, updated: 0, unchanged: 0, deactivated: 0, errors: [] },
      ]),
    ) as unknown as Record<RosterKind, KindResult>),
  };
  for (const e of roster.errors) result[e.kind].errors.push({ file: e.file, line: e.line, message: e.message });

  // A district admin's OneRoster file may bring new schools: they are created in the district's
  // zone with the import's program model (PTHV unless told), and can be adjusted afterwards.
  const districtRow =
    ctx.actor.role === "district_admin" && ctx.actor.districtId
      ? (await db.select().from(districts).where(eq(districts.id, ctx.actor.districtId)))[0]
      : undefined;
  for (const rs of roster.schools) {
    let school =
      inScope.find((s) => s.externalId === rs.externalId) ??
      inScope.find((s) => s.id === rs.externalId) ??
      inScope.find((s) => !s.externalId && s.name.toLowerCase() === rs.name.toLowerCase());
    let created = false;
    if (!school && districtRow && input.format === "oneroster") {
      school = {
        id: newId("sch", now.getTime()),
        districtId: districtRow.id,
        name: rs.name,
        timezone: districtRow.timezone,
        programModel: input.programModel ?? "pthv",
        defaultLanguage: defaults.language,
        defaultChannel: defaults.channel,
        settings: {},
        externalId: rs.externalId,
        createdAt: now,
        updatedAt: now,
      };
      created = true;
    }
    if (!school) {
      result.schools.errors.push({
        file: "orgs.csv",
        line: 0,
        message: `${rs.name} (${rs.externalId}) is not a Doorstep school you can import for; add it or ask a district admin`,
      });
      continue;
    }
    const linked = !created && input.format === "oneroster" && school.externalId !== rs.externalId;
    result.schools[created ? "created" : linked ? "updated" : "unchanged"]++;
    const plan = await planSchool(
      db,
      { ...school, externalId: rs.externalId },
      { ...roster, schools: [rs] },
      defaults,
      now,
    );
    for (const kind of ["educators", "families", "contacts", "students"] as const) {
      for (const k of ["created", "updated", "unchanged", "deactivated"] as const)
        result[kind][k] += plan.counts[kind][k];
    }
    if (!input.commit) continue;
    const statements: BatchItem<"sqlite">[] = [
      ...(created ? [db.insert(schools).values(school)] : []),
      ...(linked
        ? [db.update(schools).set({ externalId: rs.externalId, updatedAt: now }).where(eq(schools.id, school.id))]
        : []),
      ...plan.statements,
      db.insert(auditLog).values(
        auditRow(ctx.actor, now, {
          action: "roster.import",
          subjectType: "school",
          subjectId: school.id,
          detail: { counts: plan.counts },
        }),
      ),
    ];
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
  return result;
}
