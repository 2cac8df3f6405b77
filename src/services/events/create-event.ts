import { and, eq, inArray } from "drizzle-orm";
import { boundParameterLimit, runRawBatch } from "../../../db/client";
import { chunk, insertRows, rowsPerStatement } from "../../../db/raw-batch";
import { auditLog, eventInvitations, events, families, studentEducators, students } from "../../../db/schema";
import type { EventTranslations } from "../../../db/schema/events";
import { hashLinkCodesNow, randomCode } from "../../auth/tokens";
import type { ServiceContext } from "../../context";
import { isNightStart } from "../../domain/event-time";
import { newId } from "../../domain/ids";
import { schoolYearOf } from "../../domain/school-year";
import { ValidationError } from "../../errors";
import { insertsFor, prepareOutboundBulk } from "../../messaging/enqueue-bulk";
import type { EventCreate } from "../../schemas/events";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";
import { eventSummary } from "./event-summary";
import { eventTranslations } from "./event-translations";

/** Families per batch: each batch writes whole families (invitation, messages, outbox rows). */
const CHUNK = 250;
const INVITATION_KEYS = ["id", "eventId", "familyId", "linkCode", "createdAt", "updatedAt"] as const;

export const NIGHT_REFUSAL = {
  startsAt: "is at night (between 9 PM and 7 AM school time): tick the box to confirm the time is right",
  confirmNight: "must be true to send an event starting at night",
};

/**
 * A coordinator creates a family dinner, workshop, team meeting or conference and invites a
 * school, a class or chosen households — each in their own language and channel. Invitations
 * are written in chunks of whole families (one batch each: invitation rows, messages, outbox
 * rows), so a large send is never half-written per family; the dispatcher paces the texts to SMS_MPS and the
 * event page shows progress (queued / sent / failed).
 */
export async function createEvent(ctx: ServiceContext, input: EventCreate) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "create events");
  const school = await requireSchoolInScope(ctx, input.schoolId).catch(() => {
    throw new ValidationError({ schoolId: "is not a school you can create events for" });
  });
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const startsAt = new Date(input.startsAt);
  if (startsAt <= now) throw new ValidationError({ startsAt: "is in the past" });
  if (isNightStart(startsAt, school.timezone) && input.confirmNight !== true) throw new ValidationError(NIGHT_REFUSAL);
  const familyIds = await audience(ctx, school.id, school.timezone, input.audience);
  if (familyIds.length === 0) throw new ValidationError({ audience: "matches no household of this school" });

  const readers = await familyLanguages(ctx, familyIds);
  const translations = await eventTranslations(ctx, {
    title: input.title,
    location: input.location,
    entered: input.translations,
    languages: [...new Set([...readers.values()].flatMap((l) => [...l]))],
  });
  const eventId = newId("evt", now.getTime());
  await db.batch([
    db.insert(events).values({
      id: eventId,
      schoolId: school.id,
      schoolYear: schoolYearOf(startsAt, school.timezone),
      kind: input.kind,
      title: input.title,
      startsAt,
      durationMinutes: input.durationMinutes ?? null,
      location: input.location,
      translations,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "event.create",
        subjectType: "event",
        subjectId: eventId,
        detail: { invited: familyIds.length },
      }),
    ),
  ]);
  const educatorId = ctx.actor.type === "educator" ? ctx.actor.educatorId : null;
  const invitations = familyIds.map((familyId) => ({
    id: newId("inv", now.getTime()),
    eventId,
    familyId,
    linkCode: randomCode(),
    createdAt: now,
    updatedAt: now,
  }));
  // All recipients read and each language rendered once (messaging/enqueue-bulk.ts); the
  // rows are the ones a single send per family would write.
  const { rows } = await prepareOutboundBulk(
    ctx.deps,
    invitations.map(({ familyId, linkCode }) => ({
      familyId,
      educatorId,
      templateKey: "event_invitation",
      // The link is in the email; a text keeps to reply digits (a URL would cost a segment).
      params: {
        event: input.title,
        time: input.startsAt,
        place: input.location,
        link: `${ctx.deps.config.publicBaseUrl}/e/${linkCode}`,
        // Only the languages this household reads: the params are stored with every message.
        ...translationsFor(translations, readers.get(familyId)),
      },
      eventId,
      idempotencyKey: `event:${eventId}:${familyId}`,
    })),
  );
  // The family's link carries the code; the row keeps only its hash (auth/tokens.ts).
  const hashes = hashLinkCodesNow(invitations.map((invitation) => invitation.linkCode));
  const stored = invitations.map((invitation, i) => ({ ...invitation, linkCode: hashes[i]! }));
  const perInsert = Math.min(50, rowsPerStatement(INVITATION_KEYS.length, boundParameterLimit(db)));
  for (let i = 0; i < familyIds.length; i += CHUNK) {
    await runRawBatch(db, [
      ...chunk(stored.slice(i, i + CHUNK), perInsert).map((part) =>
        insertRows(eventInvitations, INVITATION_KEYS, part, { tail: "on conflict do nothing" }),
      ),
      ...insertsFor(ctx.deps, rows.slice(i, i + CHUNK)),
    ]);
  }
  return eventSummary(db, eventId);
}

/**
 * The languages each invited household reads: the family's and its contacts' own. Raw
 * statements (90 ids each, within D1's 100 bound parameters) in one read batch: at a
 * school-wide send, drizzle's per-row mapping of this join cost more than SQLite did.
 */
export async function familyLanguages(ctx: ServiceContext, familyIds: string[]): Promise<Map<string, Set<string>>> {
  const readers = new Map<string, Set<string>>();
  const statements = chunk(familyIds, 90).map((ids) => ({
    sql: `select f.id, f.language, c.language as contact_language from families f left join contacts c on c.family_id = f.id where f.id in (${ids.map(() => "?").join(", ")})`,
    args: ids,
  }));
  for (const part of chunk(statements, 40)) {
    for (const result of await runRawBatch(ctx.deps.db, part, "read")) {
      for (const row of result.rows) {
        const id = row.id as string;
        const set = readers.get(id) ?? new Set<string>();
        set.add(row.language as string);
        if (row.contact_language) set.add(row.contact_language as string);
        readers.set(id, set);
      }
    }
  }
  return readers;
}

export function translationsFor(all: EventTranslations, languages: Set<string> | undefined) {
  const own = Object.fromEntries(Object.entries(all).filter(([language]) => languages?.has(language)));
  return Object.keys(own).length > 0 ? { translations: own } : {};
}

export async function audience(
  ctx: ServiceContext,
  schoolId: string,
  timeZone: string,
  who: EventCreate["audience"],
): Promise<string[]> {
  const { db, clock } = ctx.deps;
  const active = and(eq(families.schoolId, schoolId), eq(families.active, true));
  if ("all" in who) return (await db.select({ id: families.id }).from(families).where(active)).map((f) => f.id);
  if ("educatorId" in who) {
    const rows = await db
      .selectDistinct({ id: families.id })
      .from(families)
      .innerJoin(students, eq(students.familyId, families.id))
      .innerJoin(studentEducators, eq(studentEducators.studentId, students.id))
      .where(
        and(
          active,
          eq(studentEducators.educatorId, who.educatorId),
          eq(studentEducators.schoolYear, schoolYearOf(clock.now(), timeZone)),
        ),
      );
    return rows.map((r) => r.id);
  }
  const rows = await db
    .select({ id: families.id })
    .from(families)
    .where(and(active, inArray(families.id, who.familyIds)));
  return rows.map((r) => r.id);
}
