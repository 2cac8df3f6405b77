import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { instantToWallTime } from "../../domain/local-time";
import { AppError, fieldsFromZod, ValidationError } from "../../errors";
import { CommitmentSet, PayPeriodQuery, TrainingCreate } from "../../schemas/fidelity";
import { queueAccessAudit } from "../../services/audit";
import {
  compensationLog,
  fidelityOverview,
  fidelityReport,
  recordCommitment,
  recordTraining,
  setSiteCoordinators,
} from "../../services/fidelity";
import { listSchools } from "../../services/schools";
import type { FormError } from "../../views/components/form-error";
import { FidelityPage } from "../../views/pages/fidelity";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";
import { csvResponse } from "./csv";

/**
 * /fidelity — coordinators' and district admins' program-fidelity page (their school; admins
 * pick with ?school=), its CSV, the forms behind its numbers, and the stipend export.
 */
export const fidelityRoutes = new Hono<AppEnv>()
  .use("/fidelity", requireSignedIn)
  .use("/fidelity.csv", requireSignedIn)
  .use("/fidelity/*", requireSignedIn)
  .get("/fidelity", async (c) => render(c))
  .get("/fidelity.csv", async (c) => {
    const ctx = serviceContext(c);
    const schoolId = await schoolOf(c);
    // Same role rule as the page: the report names staff commitment.
    if (ctx.actor.role === "educator") throw new AppError("forbidden", "Only coordinator or district_admin may export");
    const report = await fidelityReport(ctx, schoolId);
    queueAccessAudit(ctx, { action: "export.fidelity", subjectType: "school", subjectId: schoolId });
    return csvResponse(
      `fidelity-${schoolId}-${report.schoolYear}.csv`,
      ["school_year", "program_model", "rule", "target", "actual", "met"],
      [
        ...report.lines.map((l) => [
          report.schoolYear,
          report.programModel,
          l.rule,
          l.target,
          l.actual,
          metCell(l.met),
        ]),
        ...report.pairs.map((p) => [
          report.schoolYear,
          report.programModel,
          `pair reflection: ${p.names}`,
          "100%",
          `${p.reflected} of ${p.visits}`,
          metCell(p.visits === 0 ? null : p.reflected === p.visits),
        ]),
        ...report.surveys.map((s) => [
          report.schoolYear,
          report.programModel,
          `survey response rate: ${s.title}`,
          "",
          s.rate === null ? "not sent" : `${s.responded} of ${s.recipients}`,
          "",
        ]),
      ],
    );
  })
  .get("/fidelity/compensation.csv", async (c) => {
    const ctx = serviceContext(c);
    const parsed = PayPeriodQuery.safeParse({
      schoolId: await schoolOf(c),
      from: c.req.query("from"),
      to: c.req.query("to"),
    });
    if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error));
    const log = await compensationLog(ctx, parsed.data);
    const rows: unknown[][] = log.rows.map((r) => [
      r.educator,
      r.educatorId,
      r.visitId,
      r.role,
      r.visitedAtLocal,
      r.arrangingMinutes,
      r.conductingMinutes,
      r.debriefingMinutes,
      r.totalMinutes,
      r.attested ? "yes" : "no",
    ]);
    for (const total of log.totals) {
      const unlogged = total.unlogged > 0 ? ` (${total.unlogged} with no time logged)` : "";
      rows.push([
        `TOTAL ${total.educator}`,
        total.educatorId,
        `${total.visits} visits${unlogged}`,
        "",
        "",
        "",
        "",
        "",
        total.totalMinutes,
        "",
      ]);
    }
    return csvResponse(
      `compensation-${log.schoolId}-${log.from}-${log.to}.csv`,
      [
        "educator",
        "educator_id",
        "visit_id",
        "role",
        "visited_at_local",
        "arranging_minutes",
        "conducting_minutes",
        "debriefing_minutes",
        "total_minutes",
        "attested",
      ],
      rows,
    );
  })
  .post("/fidelity/trainings", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const schoolId = await schoolOf(c);
    const parsed = TrainingCreate.safeParse({
      schoolId,
      kind: form.kind,
      title: form.title,
      heldOn: form.heldOn,
      durationMinutes: Number(form.durationMinutes),
      educatorIds: ([] as unknown[]).concat(form.educatorIds ?? []).map(String),
    });
    try {
      if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error), "The training was not recorded");
      await recordTraining(serviceContext(c), parsed.data);
    } catch (error) {
      if (error instanceof AppError && error.code === "invalid_request")
        return render(c, { message: error.message, fields: error.fields }, 400);
      throw error;
    }
    return c.redirect(`/fidelity?school=${schoolId}#trainings`, 303);
  })
  .post("/fidelity/staff", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const ctx = serviceContext(c);
    const schoolId = await schoolOf(c);
    const { staff } = await fidelityOverview(ctx, schoolId);
    try {
      // Only changed commitments are written, so the audit log says who changed what.
      for (const s of staff) {
        const value = form[`commitment.${s.id}`];
        if (typeof value !== "string" || value === "" || value === s.commitment) continue;
        const parsed = CommitmentSet.safeParse({ commitment: value });
        if (!parsed.success)
          throw new ValidationError({ [`commitment.${s.id}`]: "must be agreed, supports or declined" });
        await recordCommitment(ctx, { educatorId: s.id, commitment: parsed.data.commitment });
      }
      const chosen = ([] as unknown[]).concat(form.siteCoordinator ?? []).map(String);
      const current = staff.filter((s) => s.siteCoordinator).map((s) => s.id);
      if (chosen.length !== current.length || chosen.some((id) => !current.includes(id)))
        await setSiteCoordinators(ctx, schoolId, chosen);
    } catch (error) {
      if (error instanceof AppError && error.code === "invalid_request")
        return render(c, { message: error.message, fields: error.fields }, 400);
      throw error;
    }
    return c.redirect(`/fidelity?school=${schoolId}#staff`, 303);
  });

const metCell = (met: boolean | null) => (met === null ? "" : met ? "yes" : "no");

async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  return schools.find((s) => s.id === c.req.query("school"))?.id ?? schools[0]?.id ?? "";
}

async function render(c: Context<AppEnv>, error?: FormError, status: 200 | 400 = 200) {
  const ctx = serviceContext(c);
  const schools = await listSchools(ctx);
  const schoolId = await schoolOf(c);
  const data = await fidelityOverview(ctx, schoolId);
  const today = instantToWallTime(ctx.deps.clock.now(), data.school.timezone).slice(0, 10);
  return c.html(
    <FidelityPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      schools={schools}
      data={data}
      today={today}
      error={error}
    />,
    status,
  );
}
