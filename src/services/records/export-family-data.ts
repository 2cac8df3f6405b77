import { asc, eq, inArray } from "drizzle-orm";
import {
  consentEvents,
  contacts,
  eventInvitations,
  events,
  messages,
  messageTranslations,
  schools,
  students,
  visitSlots,
  visits,
} from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit";
import { requireRole } from "../auth";
import { requireFamilyInScope } from "../queries";

/** Version of the JSON below: a reader (or a district's own tool) can tell what it holds. */
export const FAMILY_DATA_FORMAT = "doorstep.family-data/1" as const;

/**
 * Everything Doorstep holds about one household, for an access request (FERPA, NY Ed Law §2-d,
 * state privacy laws): the household, its guardians and children, visits (with the visiting
 * pair's notes — the family may see what was written about them), every message with its
 * translations, consent events and event invitations. One family is small enough to read whole.
 * Audit-logged: who exported whose data, and when.
 */
export async function exportFamilyData(ctx: ServiceContext, familyId: string) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "export a family's data");
  const family = await requireFamilyInScope(ctx, familyId);
  const { db } = ctx.deps;
  const familyMessages = db.select({ id: messages.id }).from(messages).where(eq(messages.familyId, familyId));
  const familyVisits = db.select({ id: visits.id }).from(visits).where(eq(visits.familyId, familyId));
  const [
    school,
    contactRows,
    studentRows,
    visitRows,
    slotRows,
    messageRows,
    translationRows,
    consentRows,
    invitationRows,
  ] = await db.batch([
    db.select({ name: schools.name, timezone: schools.timezone }).from(schools).where(eq(schools.id, family.schoolId)),
    db.select().from(contacts).where(eq(contacts.familyId, familyId)).orderBy(asc(contacts.id)),
    db.select().from(students).where(eq(students.familyId, familyId)).orderBy(asc(students.id)),
    db.select().from(visits).where(eq(visits.familyId, familyId)).orderBy(asc(visits.createdAt), asc(visits.id)),
    db.select().from(visitSlots).where(inArray(visitSlots.visitId, familyVisits)).orderBy(asc(visitSlots.id)),
    db
      .select()
      .from(messages)
      .where(eq(messages.familyId, familyId))
      .orderBy(asc(messages.occurredAt), asc(messages.id)),
    db.select().from(messageTranslations).where(inArray(messageTranslations.messageId, familyMessages)),
    db.select().from(consentEvents).where(eq(consentEvents.familyId, familyId)).orderBy(asc(consentEvents.createdAt)),
    db
      .select({ invitation: eventInvitations, title: events.title, startsAt: events.startsAt, kind: events.kind })
      .from(eventInvitations)
      .innerJoin(events, eq(events.id, eventInvitations.eventId))
      .where(eq(eventInvitations.familyId, familyId)),
  ]);
  await recordAudit(ctx, { action: "family.export_data", subjectType: "family", subjectId: familyId });
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const translationsOf = new Map<string, typeof translationRows>();
  for (const t of translationRows) translationsOf.set(t.messageId, [...(translationsOf.get(t.messageId) ?? []), t]);
  return {
    format: FAMILY_DATA_FORMAT,
    exportedAt: ctx.deps.clock.now().toISOString(),
    school: school[0] ?? null,
    household: {
      id: family.id,
      name: family.displayName,
      language: family.language,
      channel: family.channel,
      timezone: family.timezone,
      active: family.active,
      createdAt: iso(family.createdAt),
    },
    contacts: contactRows.map((c) => ({
      id: c.id,
      name: c.name,
      relationship: c.relationship,
      phone: c.phone,
      email: c.email,
      language: c.language,
      channel: c.channel,
      smsOptedOutAt: iso(c.smsOptedOutAt),
      emailOptedOutAt: iso(c.emailOptedOutAt),
      smsUnreachableAt: iso(c.smsUnreachableAt),
      emailUnreachableAt: iso(c.emailUnreachableAt),
      active: c.active,
    })),
    students: studentRows.map((s) => ({
      id: s.id,
      firstName: s.firstName,
      lastInitial: s.lastInitial,
      grade: s.grade,
      programFlags: s.programFlags,
      active: s.active,
    })),
    visits: visitRows.map((v) => ({
      id: v.id,
      schoolYear: v.schoolYear,
      round: v.round,
      status: v.status,
      startsAt: iso(v.startsAt),
      location: v.location,
      locationNote: v.locationNote,
      interpreterLanguage: v.interpreterLanguage,
      hopesAndDreams: v.privateNotes,
      planChannel: v.planChannel,
      planCadenceDays: v.planCadenceDays,
      resourceRequests: v.resourceRequests,
      evaluation: v.evaluation,
      completedAt: iso(v.completedAt),
      proposedTimes: slotRows
        .filter((s) => s.visitId === v.id)
        .map((s) => ({ startsAt: iso(s.startsAt), chosen: s.chosenAt !== null })),
    })),
    messages: messageRows.map((m) => ({
      id: m.id,
      occurredAt: iso(m.occurredAt),
      direction: m.direction,
      channel: m.channel,
      kind: m.kind,
      language: m.language,
      body: m.body,
      address: m.address,
      status: m.status,
      statusReason: m.statusReason,
      translations: (translationsOf.get(m.id) ?? []).map((t) => ({
        direction: t.direction,
        from: t.sourceLanguage,
        to: t.targetLanguage,
        original: t.original,
        text: t.text,
        machineText: t.machineText,
        engine: t.engine,
        status: t.status,
      })),
    })),
    consentEvents: consentRows.map((e) => ({
      kind: e.kind,
      channel: e.channel,
      source: e.source,
      keyword: e.keyword,
      at: iso(e.createdAt),
    })),
    eventInvitations: invitationRows.map((r) => ({
      event: r.title,
      kind: r.kind,
      startsAt: iso(r.startsAt),
      rsvp: r.invitation.rsvp,
      attended: r.invitation.attended,
    })),
  };
}

export type FamilyData = Awaited<ReturnType<typeof exportFamilyData>>;
