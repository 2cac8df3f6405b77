import { and, eq } from "drizzle-orm";
import { runRawBatch } from "../../../db/client";
import { type RawStatement, rawOfQuery } from "../../../db/raw-batch";
import { auditLog, districts, educators, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import type { CsvTable } from "../../domain/roster/csv";
import { ONE_ROSTER_REQUIRED, parseOneRoster } from "../../domain/roster/oneroster";
import { parseSpreadsheet } from "../../domain/roster/spreadsheet";
import type { Roster, RosterKind, RowError } from "../../domain/roster/types";
import { ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { schoolScope } from "../queries";
import { pacer } from "./pace";
import { type Deactivation, type ImportDefaults, planSchool } from "./plan-school";
import { type CsvSource, readCsvTable } from "./read-csv";

type Common = {
  commit: boolean;
  /** Apply even though some rows are not imported (they are listed; the rest is applied). */
  acceptErrors?: boolean;
  defaults?: Partial<ImportDefaults>;
};
export type ImportInput =
  | (Common & {
      format: "oneroster";
      files: Record<string, CsvSource>;
      /** For schools the file brings that Doorstep does not have yet (district admins only). */
      programModel?: "pthv" | "homeworks" | "ptlt" | "hvp";
      /** IANA zone of the district, needed once: when a new deployment's district is created. */
      timezone?: string;
    })
  | (Common & { format: "spreadsheet"; text: CsvSource; schoolId: string });

type KindResult = {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  errors: Omit<RowError, "kind">[];
};
export type ImportResult = {
  committed: boolean;
  /** Rows of the files that are not (in a dry run: would not be) imported; each is in the errors. */
  notImported: number;
  /** A commit was asked for with rows not imported and without acceptErrors: nothing was written. */
  acceptanceNeeded: boolean;
  /** The district this import created (a new deployment), or null. */
  districtCreated: { name: string; timezone: string } | null;
  /** Everyone the apply deactivates, by name (a dry run lists whom it would). */
  deactivations: (Deactivation & { school: string })[];
} & Record<RosterKind, KindResult>;

const KINDS = ["schools", "educators", "families", "contacts", "students"] as const;
/** Rows validated between turns of the event loop (a phone check is ~20–50 µs). */
const ROWS_PER_TURN = 100;

/**
 * Brings a roster in. A dry run (the default) reports what would change, every row that would
 * not be imported (file, line, the column at fault) and whom an apply would deactivate; nothing
 * is written. `commit` applies it, one atomic batch per school, so a failure leaves that
 * school's previous roster intact — but only if no row is left out, or `acceptErrors` says the
 * coordinator has seen the list. Re-importing the same file changes nothing. Coordinators import
 * for their own school only; rows of other schools in the file are counted as not imported.
 * On a new deployment a district admin's OneRoster file creates the district itself.
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
    roster = await parseSpreadsheet(
      await readCsvTable("spreadsheet.csv", input.text),
      { externalId: school.externalId ?? school.id, name: school.name },
      new Map(staff.map((e) => [e.email, e.id])),
      pacer(ROWS_PER_TURN),
    );
  } else {
    const missing = ONE_ROSTER_REQUIRED.filter((name) => input.files[name] === undefined);
    if (missing.length)
      throw new ValidationError({
        files: `${missing.join(", ")} missing: a OneRoster import needs ${ONE_ROSTER_REQUIRED.join(", ")}`,
      });
    const tables = {} as Record<(typeof ONE_ROSTER_REQUIRED)[number], CsvTable>;
    for (const name of ONE_ROSTER_REQUIRED) tables[name] = await readCsvTable(name, input.files[name]!);
    roster = await parseOneRoster(tables, pacer(ROWS_PER_TURN));
  }

  const result: ImportResult = {
    committed: false,
    notImported: 0,
    acceptanceNeeded: false,
    districtCreated: null,
    deactivations: [],
    ...(Object.fromEntries(
      KINDS.map((k) => [k, { created: 0, updated: 0, unchanged: 0, deactivated: 0, errors: [] }]),
    ) as unknown as Record<RosterKind, KindResult>),
  };
  const notImported = new Set(roster.errors.filter((e) => e.line >= 2).map((e) => `${e.file}:${e.line}`));
  const schoolErrors: RowError[] = [];

  // The district: the deployment's, or — on a new deployment, for a district admin's OneRoster
  // file — the one orgs.csv names, created in the zone the import is given.
  let districtRow =
    ctx.actor.role === "district_admin" && ctx.actor.districtId
      ? (await db.select().from(districts).where(eq(districts.id, ctx.actor.districtId)))[0]
      : undefined;
  let newDistrict: typeof districts.$inferInsert | null = null;
  if (!districtRow && ctx.actor.role === "district_admin" && input.format === "oneroster") {
    const timezone = input.timezone || roster.district?.timezone;
    if (!timezone)
      throw new ValidationError({
        timezone: "is required to create the district on a new deployment (an IANA zone such as America/Chicago)",
      });
    if (!isTimeZone(timezone)) throw new ValidationError({ timezone: `"${timezone}" is not an IANA time zone` });
    newDistrict = {
      id: newId("dst", now.getTime()),
      name: roster.district?.name ?? "District",
      timezone,
      createdAt: now,
      updatedAt: now,
    };
    districtRow = newDistrict as typeof districts.$inferSelect;
    result.districtCreated = { name: newDistrict.name, timezone };
  }

  type Planned = {
    school: typeof schools.$inferSelect;
    externalId: string;
    created: boolean;
    linked: boolean;
    plan: Awaited<ReturnType<typeof planSchool>>;
  };
  const planned: Planned[] = [];
  for (const rs of roster.schools) {
    let school =
      inScope.find((s) => s.externalId === rs.externalId) ??
      inScope.find((s) => s.id === rs.externalId) ??
      inScope.find((s) => !s.externalId && s.name.toLowerCase() === rs.name.toLowerCase());
    let created = false;
    if (!school && districtRow && input.format === "oneroster") {
      // New schools are created in the district's zone with the import's program model (PTHV
      // unless told), and can be adjusted afterwards.
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
      const rows = [...roster.students, ...roster.educators].filter((r) => r.schoolExternalId === rs.externalId);
      for (const r of rows) notImported.add(`${r.row.file}:${r.row.line}`);
      schoolErrors.push({
        file: "orgs.csv",
        line: rs.line,
        kind: "schools",
        message: `${rs.name} (${rs.externalId}) is not a Doorstep school you can import for; its ${rows.length} students and staff rows were not imported — add the school or ask a district admin`,
      });
      continue;
    }
    const linked = !created && input.format === "oneroster" && school.externalId !== rs.externalId;
    const plan = await planSchool(
      db,
      { ...school, externalId: rs.externalId },
      { ...roster, schools: [rs] },
      defaults,
      now,
    );
    planned.push({ school, externalId: rs.externalId, created, linked, plan });
  }
  // Guardians who came only with students of a school not imported are not imported either.
  const plannedIds = new Set(planned.map((p) => p.externalId));
  const brought = new Set(
    roster.students.filter((s) => plannedIds.has(s.schoolExternalId)).flatMap((s) => s.guardianIds),
  );
  for (const g of roster.guardians) if (!brought.has(g.externalId)) notImported.add(`${g.row.file}:${g.row.line}`);

  for (const e of [...roster.errors, ...schoolErrors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line))
    result[e.kind].errors.push({ file: e.file, line: e.line, message: e.message });
  result.notImported = notImported.size;
  for (const { created, linked, plan, school } of planned) {
    result.schools[created ? "created" : linked ? "updated" : "unchanged"]++;
    for (const kind of ["educators", "families", "contacts", "students"] as const) {
      for (const k of ["created", "updated", "unchanged", "deactivated"] as const)
        result[kind][k] += plan.counts[kind][k];
    }
    result.deactivations.push(...plan.deactivations.map((d) => ({ ...d, school: school.name })));
  }

  if (!input.commit) return result;
  if (result.notImported > 0 && !input.acceptErrors) {
    result.acceptanceNeeded = true;
    return result;
  }
  for (const [i, { school, externalId, created, linked, plan }] of planned.entries()) {
    const statements: RawStatement[] = [
      ...(i === 0 && newDistrict ? [rawOfQuery(db.insert(districts).values(newDistrict))] : []),
      ...(created ? [rawOfQuery(db.insert(schools).values(school))] : []),
      ...(linked
        ? [rawOfQuery(db.update(schools).set({ externalId, updatedAt: now }).where(eq(schools.id, school.id)))]
        : []),
      ...plan.statements,
      rawOfQuery(
        db.insert(auditLog).values(
          auditRow(ctx.actor, now, {
            action: "roster.import",
            subjectType: "school",
            subjectId: school.id,
            detail: { counts: plan.counts, notImported: result.notImported },
          }),
        ),
      ),
    ];
    // One atomic batch per school, of raw statements: on Node the native connection keeps the
    // few distinct multi-row inserts prepared (db/native-batches.ts); on D1 and Turso the driver runs them.
    await runRawBatch(db, statements);
  }
  result.committed = true;
  return result;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
