import { and, asc, eq, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, families, messages, outbox, schools, senderPauses } from "../../db/schema";

/** How long a claim holds a row; a dispatcher that dies mid-send loses its claim after this. */
export const LEASE_MS = 2 * 60_000;

/**
 * Claims due outbox rows in ONE statement (UPDATE … WHERE id IN (SELECT … LIMIT n)
 * RETURNING): SQLite runs it atomically, so two dispatchers (the Node timer and a request's
 * kick, or two Worker isolates) never claim the same row. Rows whose lease expired are
 * claimed again — their message may have been sent, so they are reconciled first.
 */
export async function claimDue(db: Db, now: Date, owner: string, limit: number, messageIds?: string[]) {
  const due: SQL[] = [
    or(
      and(eq(outbox.state, "pending"), lte(outbox.nextAttemptAt, now)),
      and(eq(outbox.state, "leased"), lte(outbox.leaseUntil, now)),
    )!,
  ];
  if (messageIds) due.push(inArray(outbox.messageId, messageIds));
  const candidates = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(...due))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit);
  const claimed = await db
    .update(outbox)
    .set({ state: "leased", leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(inArray(outbox.id, candidates))
    .returning();
  if (claimed.length === 0) return [];
  const rows = await db
    .select({ message: messages, contact: contacts, family: families, schoolName: schools.name })
    .from(messages)
    .leftJoin(contacts, eq(contacts.id, messages.contactId))
    .leftJoin(families, eq(families.id, messages.familyId))
    .leftJoin(schools, eq(schools.id, families.schoolId))
    .where(
      inArray(
        messages.id,
        claimed.map((c) => c.messageId),
      ),
    );
  const byMessage = new Map(rows.map((r) => [r.message.id, r]));
  return claimed
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id))
    .map((item) => ({ item, ...byMessage.get(item.messageId)! }));
}

export type ClaimedRow = Awaited<ReturnType<typeof claimDue>>[number];

/** Statements that end a claim. Each touches only rows this owner still holds. */
export function outboxUpdate(db: Db, row: ClaimedRow, set: Partial<typeof outbox.$inferInsert>) {
  return db
    .update(outbox)
    .set({ leaseOwner: null, leaseUntil: null, ...set })
    .where(and(eq(outbox.id, row.item.id), eq(outbox.leaseOwner, row.item.leaseOwner!)));
}

export function messageUpdate(db: Db, messageId: string, set: Partial<typeof messages.$inferInsert>) {
  return db.update(messages).set(set).where(eq(messages.id, messageId));
}

/** Is texting paused for this sender (Twilio blocked or filtered it)? */
export async function activePause(db: Db, sender: string) {
  const [pause] = await db
    .select()
    .from(senderPauses)
    .where(and(eq(senderPauses.sender, sender), isNull(senderPauses.resumedAt)))
    .limit(1);
  return pause ?? null;
}
