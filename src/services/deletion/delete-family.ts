import { and, eq, inArray, isNotNull, isNull, like, ne, notExists, or, type SQL, sql } from "drizzle-orm";
import {
  auditLog,
  consentEvents,
  contacts,
  educatorNotifications,
  eventInvitations,
  families,
  inboundQueue,
  messageEvents,
  messages,
  messageTranslations,
  outbox,
  students,
  translationCache,
  visitEducators,
  visits,
} from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireFamilyInScope } from "../queries";

export const DELETED_FAMILY_NAME = "Deleted family";
export const DELETED_CONTACT_NAME = "Deleted contact";
export const DELETED_STUDENT_NAME = "Deleted";

export type DeleteFamilyInput = { familyId: string; confirmName: string };

export type DeleteFamilyResult = {
  familyId: string;
  messages: number;
  contacts: number;
  students: number;
  visits: number;
};

/**
 * Erases a family on request (a district admin, after typing the family's name).
 *
 * Anonymised in place, not DELETEd: the rollup triggers (db/migrations/0010–0016) count
 * families, students, touches and conversations from these rows, and a DELETE of messages or
 * families would take the family's touches and visits out of last year's dashboards and the
 * program's totals. Every column that holds personal data is blanked instead, and nothing the
 * triggers watch (family_id, kind, direction, status, occurred_at, active, opt-out columns,
 * visit status and dates) is touched — so every count reads the same before and after
 * (test/integration/records-deletion.test.ts). Rows that are only personal (translations, their
 * cache entries, educator notifications, consent events, unrouted receipts) are deleted.
 *
 * One batch: all of it or none of it. The audit entry says what was erased, never the data.
 */
export async function deleteFamily(ctx: ServiceContext, input: DeleteFamilyInput): Promise<DeleteFamilyResult> {
  requireRole(ctx.actor, ["district_admin"], "delete a family");
  const family = await requireFamilyInScope(ctx, input.familyId);
  if (family.displayName === DELETED_FAMILY_NAME) {
    throw new ValidationError({ familyId: "This family was already deleted" });
  }
  if (input.confirmName.trim() !== family.displayName.trim()) {
    throw new ValidationError({ confirmName: "Type the family's name exactly as shown to confirm" });
  }
  const { db } = ctx.deps;
  const now = ctx.deps.clock.now();
  const familyId = family.id;

  // The family's phone numbers and emails: texts from them that never matched the family (the
  // unmatched inbox), receipts not yet routed and provider payloads carry them too.
  const contactRows = await db
    .select({ phone: contacts.phone, email: contacts.email })
    .from(contacts)
    .where(eq(contacts.familyId, familyId));
  const addresses = [...new Set(contactRows.flatMap((c) => [c.phone, c.email]).filter((a): a is string => !!a))];

  // Texts from the family's numbers that never matched a family (the unmatched inbox) are theirs
  // too. Messages of another household that shares a number are not: they carry its family id.
  const ofFamily: SQL =
    addresses.length > 0
      ? (or(
          eq(messages.familyId, familyId),
          and(isNull(messages.familyId), inArray(messages.address, addresses)),
        ) as SQL)
      : eq(messages.familyId, familyId);
  const messageIds = db.select({ id: messages.id }).from(messages).where(ofFamily);
  const [counts] = await db
    .select({
      messages: sql<number>`(select count(*) from ${messages} where ${ofFamily})`,
      contacts: sql<number>`(select count(*) from ${contacts} where ${contacts.familyId} = ${familyId})`,
      students: sql<number>`(select count(*) from ${students} where ${students.familyId} = ${familyId})`,
      visits: sql<number>`(select count(*) from ${visits} where ${visits.familyId} = ${familyId})`,
    })
    .from(families)
    .where(eq(families.id, familyId));

  const translated = (
    column:
      | typeof messageTranslations.text
      | typeof messageTranslations.machineText
      | typeof messageTranslations.original,
  ) =>
    db
      .select({ t: column })
      .from(messageTranslations)
      .where(and(inArray(messageTranslations.messageId, messageIds), isNotNull(column)));
  // Provider events tied to no message (a callback we could not match) that name the family's
  // number or email. `%` and `_` in an address only widen the match, blanking a stray payload.
  const payloadNames = addresses.map((a) =>
    and(isNull(messageEvents.messageId), like(messageEvents.payload, `%${a}%`)),
  );

  await db.batch([
    // Cache entries of this family's texts: what an engine returned for them (the key is a hash).
    db
      .delete(translationCache)
      .where(
        or(
          inArray(translationCache.text, translated(messageTranslations.text)),
          inArray(translationCache.text, translated(messageTranslations.machineText)),
          inArray(translationCache.text, translated(messageTranslations.original)),
          inArray(translationCache.text, db.select({ t: messages.body }).from(messages).where(ofFamily)),
        ),
      ),
    db.delete(messageTranslations).where(inArray(messageTranslations.messageId, messageIds)),
    db.delete(educatorNotifications).where(inArray(educatorNotifications.messageId, messageIds)),
    db
      .delete(consentEvents)
      .where(or(eq(consentEvents.familyId, familyId), inArray(consentEvents.messageId, messageIds))),
    // Receipts not yet routed (seconds old) from a number only this family uses; a shared
    // number's receipt may be the other household's text, so it is left to routing.
    db.delete(inboundQueue).where(
      addresses.length > 0
        ? or(
            inArray(inboundQueue.messageId, messageIds),
            and(
              inArray(inboundQueue.address, addresses),
              notExists(
                db
                  .select({ id: contacts.id })
                  .from(contacts)
                  .where(
                    and(
                      ne(contacts.familyId, familyId),
                      or(eq(contacts.phone, inboundQueue.address), eq(contacts.email, inboundQueue.address)),
                    ),
                  ),
              ),
            ),
          )
        : inArray(inboundQueue.messageId, messageIds),
    ),
    db
      .update(messageEvents)
      .set({ payload: {} })
      .where(or(inArray(messageEvents.messageId, messageIds), ...payloadNames)),
    db.update(outbox).set({ lastError: null }).where(inArray(outbox.messageId, messageIds)),
    // Last of the message statements: the ones above find the family's messages by address.
    db
      .update(messages)
      .set({
        body: "",
        translatedBody: null,
        address: null,
        templateParams: null,
        media: null,
        statusReason: null,
        updatedAt: now,
      })
      .where(ofFamily),
    db
      .update(visits)
      .set({
        privateNotes: null,
        locationNote: null,
        resourceRequests: null,
        evaluation: null,
        statusReason: null,
        linkCode: null,
        linkExpiresAt: null,
        updatedAt: now,
      })
      .where(eq(visits.familyId, familyId)),
    // The pair's reflections and own notes are about the family; their minutes are pay records and stay.
    db
      .update(visitEducators)
      .set({ reflection: null, notes: null })
      .where(
        inArray(visitEducators.visitId, db.select({ id: visits.id }).from(visits).where(eq(visits.familyId, familyId))),
      ),
    db.update(eventInvitations).set({ linkCode: null, updatedAt: now }).where(eq(eventInvitations.familyId, familyId)),
    db
      .update(students)
      .set({ firstName: DELETED_STUDENT_NAME, lastInitial: null, programFlags: {}, externalId: null, updatedAt: now })
      .where(eq(students.familyId, familyId)),
    db
      .update(contacts)
      .set({
        name: DELETED_CONTACT_NAME,
        relationship: null,
        phone: null,
        email: null,
        unreachableReason: null,
        externalId: null,
        updatedAt: now,
      })
      .where(eq(contacts.familyId, familyId)),
    db
      .update(families)
      .set({ displayName: DELETED_FAMILY_NAME, externalId: null, updatedAt: now })
      .where(eq(families.id, familyId)),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "family.delete",
        subjectType: "family",
        subjectId: familyId,
        detail: { ...counts, schoolId: family.schoolId },
      }),
    ),
  ]);
  return {
    familyId,
    messages: Number(counts?.messages ?? 0),
    contacts: Number(counts?.contacts ?? 0),
    students: Number(counts?.students ?? 0),
    visits: Number(counts?.visits ?? 0),
  };
}
