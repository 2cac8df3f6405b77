import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { familyNames, schoolDashboard } from "../../services/dashboard";
import { listSchools } from "../../services/list-schools";
import { recordAudit } from "../../services/record-audit";
import { DashboardPage } from "../../views/pages/dashboard";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** /dashboard (one school; admins switch with ?school=) and the audited CSV export. */
export const dashboardRoutes = new Hono<AppEnv>()
  .use("/dashboard", requireSignedIn)
  .use("/dashboard.csv", requireSignedIn)
  .get("/dashboard", async (c) => {
    const ctx = serviceContext(c);
    const educatorId = c.req.query("educator") || undefined;
    const data = await schoolDashboard(ctx, await schoolOf(c), { educatorId });
    const names = await familyNames(
      ctx,
      data.families.map((f) => f.familyId),
    );
    return c.html(
      <DashboardPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        data={data}
        names={names}
        educatorId={educatorId ?? ""}
      />,
    );
  })
  .get("/dashboard.csv", async (c) => {
    const ctx = serviceContext(c);
    const data = await schoolDashboard(ctx, await schoolOf(c));
    const names = await familyNames(
      ctx,
      data.families.map((f) => f.familyId),
    );
    await recordAudit(ctx, {
      action: "export.cadence",
      subjectType: "school",
      subjectId: data.school.id,
      detail: { rows: data.families.length },
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
    ];
    const rows = data.families.map((f) =>
      [
        f.familyId,
        names.get(f.familyId) ?? "",
        f.status,
        f.lastTouchAt ?? "",
        f.nextDueAt ?? "",
        f.cadenceDays ?? "",
        f.daysOverdue,
        f.conversations,
        f.familyInitiatedConversations,
      ]
        .map(csvCell)
        .join(","),
    );
    return c.body([header.join(","), ...rows].join("\r\n"), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="cadence-${data.school.id}.csv"`,
    });
  });

/** Quotes cells and defuses spreadsheet formulas (a family name starting with "=" stays text). */
function csvCell(value: unknown): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  return (schools.find((s) => s.id === c.req.query("school")) ?? schools[0])?.id ?? "";
}
