import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { CadenceQuery } from "../../schemas/cadence";
import { queueAccessAudit } from "../../services/audit";
import {
  cadenceReport,
  type DashboardFilter,
  districtDashboard,
  schoolDashboard,
  schoolDashboardAccess,
} from "../../services/cadence";
import { familyHandoverOfSchool } from "../../services/families";
import { listSchools } from "../../services/schools";
import { visitRegister } from "../../services/visits";
import { DashboardPage } from "../../views/pages/dashboard";
import { DistrictDashboardPage } from "../../views/pages/district-dashboard";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";
import { csvResponse } from "./csv";

/** /dashboard (one school; admins switch with ?school=) and its audited CSV exports. */
export const dashboardRoutes = new Hono<AppEnv>()
  .use("/dashboard", requireSignedIn)
  .use("/dashboard.csv", requireSignedIn)
  .use("/dashboard/visits.csv", requireSignedIn)
  .use("/dashboard/district", requireSignedIn)
  .get("/dashboard/district", async (c) => {
    const data = await districtDashboard(serviceContext(c));
    return c.html(
      <DistrictDashboardPage t={translator(c)} actor={educatorActor(c)} csrfToken={c.get("csrfToken")} data={data} />,
    );
  })
  .get("/dashboard", async (c) => {
    const { filter, data, names } = await loadSchoolDashboard(c);
    const actor = educatorActor(c);
    // District admins switch schools on the page itself.
    const schools = actor.role === "district_admin" ? await listSchools(serviceContext(c)) : undefined;
    return c.html(
      <DashboardPage
        t={translator(c)}
        actor={actor}
        csrfToken={c.get("csrfToken")}
        data={data}
        names={names}
        filter={filter}
        schools={schools}
      />,
    );
  })
  .get("/dashboard.csv", async (c) => {
    // Every family of the page's view (the page lists only the most overdue).
    const ctx = serviceContext(c);
    const filter = dashboardFilter(c);
    const schoolId = await schoolOf(c);
    const school = await schoolDashboardAccess(ctx, schoolId);
    const report = await cadenceReport(ctx, { ...filter, schoolId });
    const people = await familyHandoverOfSchool(ctx, school);
    queueAccessAudit(ctx, {
      action: "export.cadence",
      subjectType: "school",
      subjectId: schoolId,
      detail: { rows: report.families.length, ...filter },
    });
    const header = [
      "family_id",
      "family",
      "status",
      "last_touch_at",
      "next_due_on",
      "cadence_days",
      "days_overdue",
      "conversations",
      "family_initiated_conversations",
      // Who to hand the family to, and how to reach them (issue 20: a list a person can work from).
      "language",
      "educators",
      "guardian",
      "guardian_phone",
      "guardian_email",
      "other_guardians",
    ];
    const rows = report.families.map((f) => [
      f.familyId,
      people.get(f.familyId)?.name ?? "",
      f.status,
      f.lastTouchAt,
      f.nextDueAt,
      f.cadenceDays,
      f.daysOverdue,
      f.conversations,
      f.familyInitiatedConversations,
      people.get(f.familyId)?.language ?? "",
      people.get(f.familyId)?.educators ?? "",
      people.get(f.familyId)?.guardian ?? "",
      people.get(f.familyId)?.guardianPhone ?? "",
      people.get(f.familyId)?.guardianEmail ?? "",
      people.get(f.familyId)?.otherGuardians ?? "",
    ]);
    return csvResponse(`cadence-${schoolId}.csv`, header, rows);
  })
  .get("/dashboard/visits.csv", async (c) => {
    const ctx = serviceContext(c);
    const schoolId = await schoolOf(c);
    const school = await schoolDashboardAccess(ctx, schoolId);
    const register = await visitRegister(ctx, schoolId);
    const people = await familyHandoverOfSchool(ctx, school);
    queueAccessAudit(ctx, {
      action: "export.visit_register",
      subjectType: "school",
      subjectId: schoolId,
      detail: { rows: register.rows.length, schoolYear: register.schoolYear },
    });
    const header = [
      "visit_id",
      "family_id",
      "family",
      "round",
      "status",
      "starts_at_local",
      "location",
      "educators",
      "attested_by",
      "students",
      "plan_channel",
      "plan_cadence_days",
      "language",
      "guardian",
      "guardian_phone",
      "guardian_email",
      "duration_minutes",
    ];
    const rows = register.rows.map((r) => [
      r.visitId,
      r.familyId,
      r.family,
      r.round,
      r.status,
      r.startsAtLocal,
      r.location,
      r.educators,
      r.attested,
      r.students,
      r.planChannel,
      r.planCadenceDays,
      people.get(r.familyId)?.language ?? "",
      people.get(r.familyId)?.guardian ?? "",
      people.get(r.familyId)?.guardianPhone ?? "",
      people.get(r.familyId)?.guardianEmail ?? "",
      r.durationMinutes,
    ]);
    return csvResponse(`visit-register-${schoolId}-${register.schoolYear}.csv`, header, rows);
  });

/** The page and its CSV show the same thing: one school's dashboard under the query's filters. */
async function loadSchoolDashboard(c: Context<AppEnv>) {
  const ctx = serviceContext(c);
  const filter = dashboardFilter(c);
  const data = await schoolDashboard(ctx, await schoolOf(c), filter);
  const names = new Map(data.overdue.map((f) => [f.familyId, f.name]));
  return { filter, data, names };
}

/**
 * The filters from the query string, checked by the API's own schema (CadenceQuery); on the
 * page an unknown language or round is ignored rather than shown as an error page.
 */
function dashboardFilter(c: Context<AppEnv>): DashboardFilter {
  return {
    educatorId: c.req.query("educator") || undefined,
    language: valid(CadenceQuery.shape.language, c.req.query("language")),
    round: valid(CadenceQuery.shape.round, c.req.query("round")),
  };
}

/** The school asked for, else the signed-in person's own school (an admin's too), else the first in scope. */
async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  const own = c.get("actor")?.type === "educator" ? educatorActor(c).schoolId : undefined;
  return (
    (schools.find((s) => s.id === c.req.query("school")) ?? schools.find((s) => s.id === own) ?? schools[0])?.id ?? ""
  );
}

function valid<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
