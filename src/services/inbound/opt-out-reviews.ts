import { and, asc, eq, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { consentEvents, contacts, families, messages } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { addBusinessDays, businessDaysBetween } from "../../domain/business-days";
import { NotFoundError } from "../../errors";
import { markOptedOut } from "../../messaging/contact-effects";
import { recordAudit } from "../audit";
import { requireRole } from "../auth";
import { familyScope } from "../queries";

const REVIEW_BUSINESS_DAYS = 10;

/**
 * Messages that read like "please stop" but are not keywords. A person decides; the clock
 * shows how many of the 10 business days to honour the request are left.
 */
export async function listOptOutReviews(ctx: ServiceContext) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "review opt-out requests");
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const rows = await db
    .select({
      id: consentEvents.id,
      createdAt: consentEvents.createdAt,
      familyId: families.id,
      familyName: families.displayName,
      timezone: families.timezone,
      contactName: contacts.name,
      channel: consentEvents.channel,
      body: messages.body,
    })
    .from(consentEvents)
    .innerJoin(families, eq(families.id, consentEvents.familyId))
    .leftJoin(contacts, eq(contacts.id, consentEvents.contactId))
    .leftJoin(messages, eq(messages.id, consentEvents.messageId))
    .where(and(eq(consentEvents.kind, "opt_out_review"), isNull(consentEvents.resolvedAt), familyScope(ctx.actor, now)))
    .orderBy(asc(consentEvents.createdAt));
  return rows.map((r) => {
    const due = addBusinessDays(r.createdAt, REVIEW_BUSINESS_DAYS, r.timezone);
    const used = businessDaysBetween(r.createdAt, now, r.timezone);
    return { ...r, dueAt: due, businessDaysLeft: REVIEW_BUSINESS_DAYS - used, overdue: now > due };
  });
}

/** Staff decide: honour it as an opt-out of that channel, or dismiss it (not a request to stop). */
export async function resolveOptOutReview(ctx: ServiceContext, reviewId: string, decision: "opt_out" | "dismiss") {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "review opt-out requests");
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [review] = await db
    .select({ event: consentEvents })
    .from(consentEvents)
    .innerJoin(families, eq(families.id, consentEvents.familyId))
    .where(and(eq(consentEvents.id, reviewId), isNull(consentEvents.resolvedAt), familyScope(ctx.actor, now)));
  if (!review) throw new NotFoundError("Review not found");
  const { event } = review;
  const statements: BatchItem<"sqlite">[] = [
    db.update(consentEvents).set({ resolvedAt: now, updatedAt: now }).where(eq(consentEvents.id, reviewId)),
  ];
  if (decision === "opt_out" && event.contactId) {
    statements.push(
      ...markOptedOut(db, now, {
        contactId: event.contactId,
        familyId: event.familyId,
        messageId: event.messageId,
        channel: event.channel === "email" ? "email" : "sms",
        why: "reviewed request",
        source: "staff",
      }),
    );
  }
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  await recordAudit(ctx, { action: `opt_out_review.${decision}`, subjectType: "consent_event", subjectId: reviewId });
}
