import { and, eq, gte, inArray } from "drizzle-orm";
import { auditLog, educators, families, schools, staffMail } from "../../db/schema";
import type { Actor, SystemContext } from "../context";
import { newId } from "../domain/ids";
import { staffMailRow } from "../messaging/staff-mail";
import { cadenceReport } from "../services/cadence";

/**
 * The weekly educator digest: each educator's families that are due in the next 7 days or
 * overdue, with links. Nobody gets an empty email. Run weekly (`npm run job -- cadence-digest`);
 * the Node timer and cron run it only on Mondays, before school, in each school's zone.
 */
export async function cadenceDigest(ctx: SystemContext, now: Date, options: { force?: boolean } = {}) {
  const { db, config, i18n } = ctx.deps;
  const staff = await db
    .select({
      id: educators.id,
      name: educators.name,
      email: educators.email,
      schoolId: schools.id,
      districtId: schools.districtId,
      timeZone: schools.timezone,
    })
    .from(educators)
    .innerJoin(schools, eq(schools.id, educators.schoolId))
    .where(and(eq(educators.active, true), eq(educators.role, "educator")));
  let sent = 0;
  for (const e of staff) {
    if (!options.force && !isMondayMorning(now, e.timeZone)) continue;
    // The timer runs every minute: one digest per educator per week, recorded in the audit log.
    const [recent] = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "cadence.digest"),
          eq(auditLog.subjectId, e.id),
          gte(auditLog.createdAt, new Date(now.getTime() - 6 * 86_400_000)),
        ),
      )
      .limit(1);
    if (recent) continue;
    const actor: Actor = {
      type: "educator",
      educatorId: e.id,
      role: "educator",
      schoolId: e.schoolId,
      districtId: e.districtId,
      name: e.name,
      timeZone: e.timeZone,
    };
    const report = await cadenceReport({ deps: ctx.deps, actor }, {});
    const due = report.families.filter((f) => f.status === "overdue" || f.status === "due_soon");
    if (due.length === 0) continue;
    const names = new Map(
      (
        await db
          .select({ id: families.id, name: families.displayName })
          .from(families)
          .where(
            inArray(
              families.id,
              due.map((d) => d.familyId),
            ),
          )
      ).map((r) => [r.id, r.name]),
    );
    const line = (f: (typeof due)[number]) => {
      const params = { family: names.get(f.familyId), link: `${config.publicBaseUrl}/inbox/${f.familyId}` };
      return f.status === "overdue"
        ? i18n.t("en", "staffMail.digest.overdue", { ...params, days: f.daysOverdue })
        : i18n.t("en", "staffMail.digest.dueSoon", { ...params, date: f.nextDueAt });
    };
    // Queued with its audit row in one batch: the staff outbox retries and dead-letters it.
    await db.batch([
      db.insert(staffMail).values(
        staffMailRow(now, {
          educatorId: e.id,
          kind: "cadence_digest",
          to: e.email,
          subject: i18n.t("en", "staffMail.digest.subject", { count: due.length }),
          body: i18n.t("en", "staffMail.digest.body", { name: e.name, lines: due.map(line).join("\n") }),
          customArgs: { educatorId: e.id },
        }),
      ),
      db.insert(auditLog).values({
        id: newId("aud", now.getTime()),
        actorType: "system",
        action: "cadence.digest",
        subjectType: "educator",
        subjectId: e.id,
        detail: { families: due.length },
        createdAt: now,
      }),
    ]);
    sent++;
  }
  return { sent };
}

/** Monday, 07:00–07:59 in the school's zone: one window per week for the cron to hit. */
function isMondayMorning(now: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "numeric",
    hourCycle: "h23",
  }).formatToParts(now);
  return (
    parts.find((p) => p.type === "weekday")?.value === "Mon" &&
    Number(parts.find((p) => p.type === "hour")?.value) === 7
  );
}
