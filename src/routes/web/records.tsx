import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { wallTimeToInstant } from "../../domain/local-time";
import { recordTime } from "../../domain/record-times";
import { AppError, ValidationError } from "../../errors";
import { type AuditFilter, allAuditEntries, listAuditEntries } from "../../services/audit";
import { requireRole } from "../../services/auth";
import { deleteFamily } from "../../services/deletion";
import { requireFamilyInScope } from "../../services/queries";
import { exportFamilyData, exportMessages, familyHistory } from "../../services/records";
import { getRetention, updateRetention } from "../../services/retention";
import { listSchools } from "../../services/schools";
import { AuditLogPage, type AuditQuery } from "../../views/pages/audit-log";
import { historyEntry, historyHead, historyTail } from "../../views/pages/family-history";
import { DeleteFamilyPage, RecordsPage } from "../../views/pages/records";
import { RetentionSettingsPage } from "../../views/pages/retention-settings";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";
import { csvStreamResponse, textStream } from "./csv-stream";
import { RECORD_COLUMNS, recordCells } from "./record-columns";

/**
 * Records requests, deletion on request, the audit reader and the retention schedule (issue 22).
 * Large exports stream: the services hand back rows page by page and these routes write them
 * as the client reads.
 */
export const recordsRoutes = new Hono<AppEnv>()
  .use("/records", requireSignedIn)
  .use("/records/*", requireSignedIn)
  .use("/settings/retention", requireSignedIn)
  .use("/families/:id/history", requireSignedIn)
  .use("/families/:id/data.json", requireSignedIn)
  .use("/families/:id/delete", requireSignedIn)
  .get("/records", async (c) => {
    const ctx = serviceContext(c);
    requireRole(ctx.actor, ["coordinator", "district_admin"], "export records");
    return c.html(
      <RecordsPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        schools={await listSchools(ctx)}
      />,
    );
  })
  .get("/records/messages.csv", async (c) => {
    const ctx = serviceContext(c);
    const zone = educatorActor(c).timeZone;
    const range = dateRange(c, zone);
    const records = await exportMessages(ctx, {
      familyId: c.req.query("family") || undefined,
      educatorId: c.req.query("educator") || undefined,
      schoolId: c.req.query("school") || undefined,
      ...range,
    });
    return csvStreamResponse("messages.csv", RECORD_COLUMNS, records.total, records.rows, recordCells);
  })
  .get("/families/:id/history", async (c) => {
    const ctx = serviceContext(c);
    const t = translator(c);
    const history = await familyHistory(ctx, c.req.param("id"));
    let n = 0;
    const printed = recordTime(ctx.deps.clock.now(), history.timeZone);
    const body = textStream(
      historyHead(t, history),
      history.rows,
      (row) => historyEntry(t, row, ++n, history.total, history.timeZone),
      historyTail(t, history.total, printed),
    );
    return new Response(body, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "x-export-rows": String(history.total),
        "cache-control": "no-store",
      },
    });
  })
  .get("/families/:id/data.json", async (c) => {
    const data = await exportFamilyData(serviceContext(c), c.req.param("id"));
    return c.json(data, 200, {
      "content-disposition": `attachment; filename="family-${data.household.id}.json"`,
      "cache-control": "no-store",
    });
  })
  .get("/families/:id/delete", async (c) => {
    const ctx = serviceContext(c);
    requireRole(ctx.actor, ["district_admin"], "delete a family");
    const family = await requireFamilyInScope(ctx, c.req.param("id"));
    return c.html(
      <DeleteFamilyPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        familyId={family.id}
        familyName={family.displayName}
      />,
    );
  })
  .post("/families/:id/delete", async (c) => {
    const ctx = serviceContext(c);
    const familyId = c.req.param("id");
    const form = await c.req.parseBody();
    const confirmName = typeof form.confirmName === "string" ? form.confirmName : "";
    const page = (props: Partial<Parameters<typeof DeleteFamilyPage>[0]> & { familyName: string }) =>
      c.html(
        <DeleteFamilyPage
          t={translator(c)}
          actor={educatorActor(c)}
          csrfToken={c.get("csrfToken")}
          familyId={familyId}
          {...props}
        />,
        props.error ? 400 : 200,
      );
    try {
      const done = await deleteFamily(ctx, { familyId, confirmName });
      return page({ familyName: confirmName.trim(), done });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const family = await requireFamilyInScope(ctx, familyId);
      return page({ familyName: family.displayName, error: { message: error.message, fields: error.fields } });
    }
  })
  .get("/records/audit", async (c) => {
    const ctx = serviceContext(c);
    const query = auditQuery(c);
    const { entries, next } = await listAuditEntries(ctx, auditFilter(c, query), {
      after: c.req.query("after") || undefined,
    });
    return c.html(
      <AuditLogPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        query={query}
        entries={entries}
        next={next}
      />,
    );
  })
  .get("/records/audit.csv", async (c) => {
    const ctx = serviceContext(c);
    const filter = auditFilter(c, auditQuery(c));
    // Checks the role and the filter before the download starts (an error mid-stream is no page).
    await listAuditEntries(ctx, filter, { limit: 1 });
    const header = [
      "at_utc",
      "actor_type",
      "actor_id",
      "actor",
      "action",
      "subject_type",
      "subject_id",
      "subject",
      "detail",
    ];
    return csvStreamResponse("audit-log.csv", header, null, allAuditEntries(ctx, filter), (e) => [
      e.at.toISOString(),
      e.actorType,
      e.actorId,
      e.actorName,
      e.action,
      e.subjectType,
      e.subjectId,
      e.subjectName,
      e.detail ? JSON.stringify(e.detail) : "",
    ]);
  })
  .get("/settings/retention", async (c) => {
    const { schedule, customised } = await getRetention(serviceContext(c));
    return c.html(
      <RetentionSettingsPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        schedule={schedule}
        customised={customised}
        saved={c.req.query("saved") === "1"}
      />,
    );
  })
  .post("/settings/retention", async (c) => {
    const ctx = serviceContext(c);
    const form = await c.req.parseBody();
    try {
      await updateRetention(ctx, form);
      return c.redirect("/settings/retention?saved=1", 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { schedule, customised } = await getRetention(ctx);
      return c.html(
        <RetentionSettingsPage
          t={translator(c)}
          actor={educatorActor(c)}
          csrfToken={c.get("csrfToken")}
          schedule={schedule}
          customised={customised}
          error={{ message: error.message, fields: error.fields }}
        />,
        400,
      );
    }
  });

/** `from`/`to` dates (YYYY-MM-DD, `to` inclusive) as instants at midnight in the staff member's school zone. */
function dateRange(c: Context<AppEnv>, timeZone: string): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  for (const field of ["from", "to"] as const) {
    const value = c.req.query(field);
    if (!value) continue;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
    if (!day || Number.isNaN(day.getTime())) {
      // The message names the field too: the HTML error page shows the message, not the fields.
      throw new ValidationError(
        { [field]: "must be a date like 2026-09-01" },
        `${field} must be a date like 2026-09-01`,
      );
    }
    if (field === "to") day.setUTCDate(day.getUTCDate() + 1);
    const instant = wallTimeToInstant(`${day.toISOString().slice(0, 10)}T00:00`, timeZone);
    if (!instant) throw new AppError("invalid_request", `Bad ${field} date`);
    range[field] = instant;
  }
  return range;
}

function auditQuery(c: Context<AppEnv>): AuditQuery {
  const q = (name: string) => (c.req.query(name) ?? "").trim();
  return { actor: q("actor"), family: q("family"), action: q("action"), from: q("from"), to: q("to") };
}

function auditFilter(c: Context<AppEnv>, query: AuditQuery): AuditFilter {
  return {
    actorId: query.actor || undefined,
    familyId: query.family || undefined,
    action: query.action || undefined,
    ...dateRange(c, educatorActor(c).timeZone),
  };
}
