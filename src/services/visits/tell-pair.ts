import { eq } from "drizzle-orm";
import { families, schools, staffMail, visits } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { visitIcs } from "../../domain/ics";
import { formatVisitTime } from "../../domain/time-format";
import { staffMailRow } from "../../messaging/staff-mail";
import { visitPair } from "../queries";

/** Calendar files use this length until the visit is recorded with its real duration. */
export const DEFAULT_VISIT_MINUTES = 45;

/**
 * Emails both educators through the staff outbox (retried, dead-lettered, recorded; they also
 * see it in Doorstep). Only queues: this runs inside inbound routing, which must never wait on
 * a provider. A scheduled visit comes with an .ics in the school's time zone wording.
 */
export async function tellPair(ctx: SystemContext, visitId: string, what: string, ics: "attach-ics" | null) {
  const { db, config, clock, i18n } = ctx.deps;
  const [row] = await db
    .select({ visit: visits, family: families, school: schools })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(eq(visits.id, visitId));
  if (!row) return;
  const pair = (await visitPair(db, visitId)).map((s) => ({ id: s.educatorId, name: s.name, email: s.email }));
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
  if (pair.length === 0) return;
  const now = clock.now();
  const family = row.family.displayName;
  await db.insert(staffMail).values(
    pair.map((educator) =>
      staffMailRow(now, {
        educatorId: educator.id,
        kind: "visit_update",
        to: educator.email,
        subject: i18n.t("en", "staffMail.visitUpdate.subject", { family, what: what.split(":")[0] }),
        body: i18n.t("en", "staffMail.visitUpdate.body", {
          name: educator.name,
          family,
          what,
          when: when ? i18n.t("en", "staffMail.visitUpdate.when", { time: when }) : "",
          link: `${config.publicBaseUrl}/families/${row.family.id}`,
        }),
        customArgs: { visitId },
        ...(attachment ? { attachments: [attachment] } : {}),
      }),
    ),
  );
}
