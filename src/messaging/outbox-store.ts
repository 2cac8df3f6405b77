import { and, asc, eq, getTableColumns, gt, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, families, messages, outbox, schools, senderPauses } from "../../db/schema";
import { queueJumpingReplies } from "./templates/catalog";

/** How long a claim holds a row; a dispatcher that dies mid-send loses its claim after this. */
export const LEASE_MS = 2 * 60_000;

/**
 * Replies to STOP/START/HELP go out at once: they neither wait for nor hold up a number's queue.
 * Which templates those are is the catalog's (`keywordReply.queue`); their keys are identifiers,
 * safe to inline. Read per claim, so the list is always the catalog's.
 */
const keywordReplies = () =>
  sql.raw(
    `(${queueJumpingReplies()
      .map((key) => `'${key}'`)
      .join(", ")})`,
  );

/**
 * Claims due outbox rows in ONE statement (UPDATE … WHERE id IN (SELECT … LIMIT n)
 * RETURNING): SQLite runs it atomically, so two dispatchers (the Node timer and a request's
 * kick, or two Worker isolates) never claim the same row. Rows whose lease expired are
 * claimed again — their message may have been sent, so they are reconciled first.
 *
 * A number's (or address's) messages leave in the order they were queued: a row is not
 * claimed while an earlier one for the same address and channel is still pending or leased.
 * So a family's welcome (first contact, HELP/STOP) always reaches the provider before the
 * invitation queued with it, even when both are due in the same run; the invitation is claimed
 * by the next round once the welcome is done. A message whose outcome is unknown (it may well
 * have been sent) does not hold the rest: settling it can take up to a day. Queue order is (created_at, rowid): ids are
 * derived hashes for webhook-written messages and say nothing about order, while rowids grow
 * with each insert (and VACUUM, which may renumber them, keeps their relative order).
 */
export async function claimDue(db: Db, now: Date, owner: string, limit: number, messageIds?: string[]) {
  const KEYWORD_REPLIES = keywordReplies();
  const due: SQL[] = [
    // Pending and due, or leased with the lease run out — written as one range of outbox_due
    // (state in (…) and next_attempt_at <= now) so the index is searched, never scanned. The
    // range holds every leased row too: a row is leased only when it was due (next_attempt_at
    // <= the claim's now), and nothing moves next_attempt_at while it is leased.
    inArray(outbox.state, ["pending", "leased"]),
    lte(outbox.nextAttemptAt, now),
    or(eq(outbox.state, "pending"), lte(outbox.leaseUntil, now))!,
    sql`(${messages.address} is null or ${messages.templateKey} in ${KEYWORD_REPLIES} or not exists (
      select 1 from messages earlier_message
      join outbox earlier on earlier.message_id = earlier_message.id
      where earlier_message.address = ${messages.address}
        and earlier_message.channel = ${messages.channel}
        and earlier.state in ('pending', 'leased')
        and earlier.unknown_since is null
        and (earlier.created_at < ${outbox.createdAt}
          or (earlier.created_at = ${outbox.createdAt} and earlier.rowid < "outbox".rowid))
        and (earlier_message.template_key is null or earlier_message.template_key not in ${KEYWORD_REPLIES})
    ))`,
  ];
  if (messageIds) due.push(inArray(outbox.messageId, messageIds));
  const candidates = db
    // (The column as SQL: drizzle checks selected columns against a `from` it knows as a table.)
    .select({ id: sql<string>`"outbox"."id"` })
    // INDEXED BY: when nearly every row is settled (done or dead, as in production), ANALYZE
    // tells the planner that `state = ?` matches them all, and it scans the whole outbox (and
    // sorts it) on every claim. Open rows are few, so outbox_due is always the right plan; and
    // should a change make the index unusable, SQLite refuses the statement instead of
    // silently scanning (test/integration/query-plans.test.ts).
    .from(sql`${outbox} indexed by "outbox_due"`)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .where(and(...due))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.createdAt), sql`"outbox".rowid`)
    .limit(limit);
  const claimed = await db
    .update(outbox)
    .set({ state: "leased", leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(inArray(outbox.id, candidates))
    .returning({ ...getTableColumns(outbox), seq: sql<number>`rowid` });
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
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq)
    .map(({ seq: _seq, ...item }) => ({ item, ...byMessage.get(item.messageId)! }));
}

export type ClaimedRow = Awaited<ReturnType<typeof claimDue>>[number];

/** Statements that end a claim. Each touches only rows this owner still holds. */
export function outboxUpdate(db: Db, row: ClaimedRow, set: Partial<typeof outbox.$inferInsert>) {
  return db
    .update(outbox)
    .set({ leaseOwner: null, leaseUntil: null, ...set })
    .where(and(eq(outbox.id, row.item.id), eq(outbox.leaseOwner, row.item.leaseOwner!)));
}

/**
 * The fence before a provider call: "this dispatcher still holds the row" and "it is being
 * sent" as ONE conditional write. It extends the lease (so no other run can claim the row
 * while the provider answers) only if this owner's lease has not run out; when it has, another
 * run may own the row now and this one must not send it. The message is marked `sending` in
 * the same batch, and only if the lease write took.
 */
export function fenceStatements(db: Db, row: ClaimedRow, now: Date, attempts: number) {
  const owner = row.item.leaseOwner!;
  const held = and(eq(outbox.id, row.item.id), eq(outbox.leaseOwner, owner), gt(outbox.leaseUntil, now));
  return [
    db
      .update(outbox)
      .set({ leaseUntil: new Date(now.getTime() + LEASE_MS), attempts, updatedAt: now })
      .where(held)
      .returning({ id: outbox.id }),
    db
      .update(messages)
      .set({ status: "sending", updatedAt: now })
      .where(
        and(
          eq(messages.id, row.message.id),
          sql`exists (select 1 from outbox where outbox.id = ${row.item.id} and outbox.lease_owner = ${owner} and outbox.lease_until > ${now.getTime()})`,
        ),
      ),
  ] as const;
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

/** What one claimed row came to in a dispatcher run (the dispatcher and send-outcomes both answer it). */
export type DispatchOutcome =
  | "sent"
  | "deferred"
  | "settled"
  | "reconciled"
  | "retrying"
  | "failed"
  | "dead"
  /** Another run holds the row now (this run's lease ran out): not sent by this one. */
  | "lost";
