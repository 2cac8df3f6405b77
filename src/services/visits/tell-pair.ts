import { eq } from "drizzle-orm";
import { educators, families, schools, visitEducators, visits } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { visitIcs } from "../../domain/ics";
import { formatVisitTime } from "../../messaging/templates/format";

/** Calendar files use this length until the visit is recorded with its real duration. */
export const DEFAULT_VISIT_MINUTES = 45;

/**
 * Emails both educators (best effort: they also see it in Doorstep). A scheduled visit comes
 * with an .ics in the school's time zone wording.
 */
export async function tellPair(ctx: SystemContext, visitId: string, what: string, ics: "attach-ics" | null) {
  const { db, email, config, clock, log } = ctx.deps;
  const [row] = await db
    .select({ visit: visits, family: families, school: schools })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(eq(visits.id, visitId));
  if (!row) return;
  const pair = await db
    .select({ name: educators.name, email: educators.email })
    .from(visitEducators)
    .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
    .where(eq(visitEducators.visitId, visitId));
  const when = row.visit.startsAt ? formatVisitTime(row.visit.startsAt, "en", row.school.timezone) : "";
  const attachment =
    ics && row.visit.startsAt
      ? {
          filename: "home-visit.ics",
          type: "text/calendar",
          content: btoa(
            String.fromCharCode(
              ...new TextEncoder().encode(
                visitIcs({
                  uid: visitId,
                  start: row.visit.startsAt,
                  durationMinutes: row.visit.durationMinutes ?? DEFAULT_VISIT_MINUTES,
                  summary: `Home visit: ${row.family.displayName}`,
                  description: `${row.school.name} home visit with ${pair.map((p) => p.name).join(" & ")}. ${config.publicBaseUrl}/families/${row.family.id}`,
                  location:
                    row.visit.location === "home" ? "The family's home" : "A neutral place agreed with the family",
                  now: clock.now(),
                }),
              ),
            ),
          ),
        }
      : null;
  for (const educator of pair) {
    try {
      await email.send({
        to: educator.email,
        subject: `Doorstep: ${row.family.displayName} — ${what.split(":")[0]}`,
        text: `Hello ${educator.name},\n\n${row.family.displayName}: ${what}.${when ? `\nWhen: ${when}` : ""}\n\n${config.publicBaseUrl}/families/${row.family.id}`,
        customArgs: { visitId },
        categories: ["visit_update"],
        ...(attachment ? { attachments: [attachment] } : {}),
      });
    } catch (error) {
      log("warn", "could not email an educator about a visit", { visitId, error: (error as Error).message });
    }
  }
}
