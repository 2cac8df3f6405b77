import { and, desc, eq, gte, isNotNull, isNull, or } from "drizzle-orm";
import { contacts, families, messages, outbox, senderPauses } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireRole } from "../auth";
import { familyScope } from "../queries";

const WINDOW_DAYS = 30;
const LIST_LIMIT = 100;

/**
 * The coordinator's "is messaging working?" view: outbound messages of the last 30 days by
 * state, contacts who opted out or cannot be reached, and any paused sender — each entry with
 * the family and the reason, so a coordinator can act (call the family, fix a number).
 */
export async function deliveryHealth(ctx: ServiceContext) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see delivery health");
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const since = new Date(now.getTime() - WINDOW_DAYS * 24 * 60 * 60_000);
  const scope = familyScope(ctx.actor, now);

  const messageRows = await db
    .select({
      id: messages.id,
      familyId: families.id,
      familyName: families.displayName,
      channel: messages.channel,
      status: messages.status,
      statusReason: messages.statusReason,
      errorCode: messages.errorCode,
      templateKey: messages.templateKey,
      occurredAt: messages.occurredAt,
      outboxState: outbox.state,
      nextAttemptAt: outbox.nextAttemptAt,
    })
    .from(messages)
    .innerJoin(families, eq(families.id, messages.familyId))
    .leftJoin(outbox, eq(outbox.messageId, messages.id))
    .where(and(scope, eq(messages.direction, "out"), gte(messages.createdAt, since)))
    .orderBy(desc(messages.createdAt))
    .limit(2000);

  const contactRows = await db
    .select({
      contactId: contacts.id,
      contactName: contacts.name,
      familyId: families.id,
      familyName: families.displayName,
      smsOptedOutAt: contacts.smsOptedOutAt,
      emailOptedOutAt: contacts.emailOptedOutAt,
      smsUnreachableAt: contacts.smsUnreachableAt,
      emailUnreachableAt: contacts.emailUnreachableAt,
      unreachableReason: contacts.unreachableReason,
    })
    .from(contacts)
    .innerJoin(families, eq(families.id, contacts.familyId))
    .where(
      and(
        scope,
        eq(contacts.active, true),
        or(
          isNotNull(contacts.smsOptedOutAt),
          isNotNull(contacts.emailOptedOutAt),
          isNotNull(contacts.smsUnreachableAt),
          isNotNull(contacts.emailUnreachableAt),
          isNotNull(contacts.unreachableReason),
        ),
      ),
    )
    .orderBy(families.displayName)
    .limit(LIST_LIMIT * 2);

  const pauses = await db.select().from(senderPauses).where(isNull(senderPauses.resumedAt));
  const bucket = (statuses: string[]) => {
    const rows = messageRows.filter((m) => statuses.includes(m.status));
    return { count: rows.length, items: rows.slice(0, LIST_LIMIT) };
  };
  return {
    windowDays: WINDOW_DAYS,
    queued: bucket(["queued", "sending"]),
    // The provider may or may not have it: shown apart, with the reason, until it is settled
    // (adopted, resent on the provider's word that it has none, or dead-lettered).
    unknown: bucket(["unknown"]),
    sent: bucket(["sent"]),
    delivered: bucket(["delivered", "read"]),
    failed: bucket(["failed", "undelivered", "undeliverable"]),
    deadLettered: bucket(["dead_letter"]),
    optedOut: contactRows.filter((c) => c.smsOptedOutAt || c.emailOptedOutAt),
    unreachable: contactRows.filter((c) => c.smsUnreachableAt || c.emailUnreachableAt || c.unreachableReason),
    pausedSenders: pauses,
  };
}
