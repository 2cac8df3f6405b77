import { and, asc, eq, inArray, lte, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditLog, staffMail } from "../../db/schema";
import type { Deps, SystemContext } from "../context";
import { MAX_SEND_ATTEMPTS, retryDelayMs } from "../domain/backoff";
import { newId } from "../domain/ids";
import { ProviderError } from "../providers/messaging/types";
import { LEASE_MS } from "./outbox-store";

export type StaffMailKind = "login_link" | "visit_update" | "educator_notification" | "cadence_digest";

export type StaffMailInput = {
  educatorId: string | null;
  kind: StaffMailKind;
  to: string;
  subject: string;
  body: string;
  customArgs?: Record<string, string>;
  attachments?: { filename: string; type: string; content: string }[];
};

/**
 * The row for one staff email, for the caller's own batch: queuing it is part of the same
 * write as whatever it reports (a sign-in token, a visit change, notifications marked sent),
 * so a mail is never promised without being queued, nor queued for a change that rolled back.
 */
export function staffMailRow(now: Date, mail: StaffMailInput): typeof staffMail.$inferInsert {
  return {
    id: newId("sml", now.getTime()),
    educatorId: mail.educatorId,
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject,
    body: mail.body,
    extra: {
      ...(mail.customArgs ? { customArgs: mail.customArgs } : {}),
      ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
    },
    state: "pending",
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

export type StaffMailSummary = { claimed: number; sent: number; retrying: number; dead: number };

/**
 * Sends due staff mail: claims rows in one UPDATE … RETURNING (as the family outbox does, so
 * two runs never claim the same row), sends each, records the outcome. A transient failure
 * (429, 5xx, network, timeout) is retried with the family outbox's backoff up to
 * MAX_SEND_ATTEMPTS; after that, or on a permanent refusal, the row is dead-lettered with an
 * audit entry and an error log line. A timed-out send is retried too: a second copy of a staff
 * email is a nuisance, a lost sign-in link or visit change is worse.
 *
 * Runs as its own job (`staff-mail`), right after a request queues mail, and never inside the
 * routing loop: routing only queues.
 */
export async function sendStaffMail(
  ctx: SystemContext,
  now: Date,
  options: { ids?: string[]; limit?: number } = {},
): Promise<StaffMailSummary> {
  const { deps } = ctx;
  const owner = `staff-mail-${crypto.randomUUID()}`;
  const rows = await claim(deps.db, now, owner, options.limit ?? 50, options.ids);
  const summary: StaffMailSummary = { claimed: rows.length, sent: 0, retrying: 0, dead: 0 };
  for (const row of rows) {
    try {
      summary[await sendOne(deps, row, now)]++;
    } catch (error) {
      // A database hiccup for one row must not strand the rest: its lease expires and a later run takes it.
      deps.log("error", "staff mail failed for one row", { staffMailId: row.id, error: (error as Error).message });
    }
  }
  return summary;
}

type Row = typeof staffMail.$inferSelect;

async function claim(db: Db, now: Date, owner: string, limit: number, ids?: string[]) {
  const due = or(
    and(eq(staffMail.state, "pending"), lte(staffMail.nextAttemptAt, now)),
    and(eq(staffMail.state, "leased"), lte(staffMail.leaseUntil, now)),
  )!;
  const candidates = db
    .select({ id: staffMail.id })
    .from(staffMail)
    .where(ids ? and(due, inArray(staffMail.id, ids)) : due)
    .orderBy(asc(staffMail.nextAttemptAt), asc(staffMail.id))
    .limit(limit);
  const claimed = await db
    .update(staffMail)
    .set({ state: "leased", leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(inArray(staffMail.id, candidates))
    .returning();
  return claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id));
}

/** Ends this run's claim; touches the row only while this run still holds it. */
function finish(db: Db, row: Row, set: Partial<typeof staffMail.$inferInsert>) {
  return db
    .update(staffMail)
    .set({ leaseOwner: null, leaseUntil: null, ...set })
    .where(and(eq(staffMail.id, row.id), eq(staffMail.leaseOwner, row.leaseOwner!)));
}

/**
 * A sign-in email's body holds a live token, and only tokens' hashes may rest in the database:
 * once the mail has left (or died), the body keeps the words but not the link.
 */
function settledBody(row: Row) {
  return row.kind === "login_link"
    ? { body: row.body.replace(/https?:\/\/\S*token=\S+/g, "[sign-in link removed]") }
    : {};
}

async function sendOne(deps: Deps, row: Row, now: Date): Promise<"sent" | "retrying" | "dead"> {
  const attempts = row.attempts + 1;
  try {
    const result = await deps.email.send({
      to: row.toAddress,
      subject: row.subject,
      text: row.body,
      customArgs: { staffMailId: row.id, ...row.extra?.customArgs },
      categories: [row.kind],
      ...(row.extra?.attachments?.length ? { attachments: row.extra.attachments } : {}),
    });
    await finish(deps.db, row, {
      state: "done",
      ...settledBody(row),
      attempts,
      providerMessageId: result.providerMessageId,
      sentAt: now,
      lastError: null,
      updatedAt: now,
    });
    return "sent";
  } catch (error) {
    const failure =
      error instanceof ProviderError
        ? error
        : new ProviderError(`unexpected: ${(error as Error).message}`, { provider: "internal", retryable: true });
    const lastError = failure.message.slice(0, 500);
    deps.log("warn", "staff mail send failed", { staffMailId: row.id, kind: row.kind, attempts, error: lastError });
    if (failure.details.retryable && attempts < MAX_SEND_ATTEMPTS) {
      await finish(deps.db, row, {
        state: "pending",
        attempts,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, deps.random)),
        lastError,
        updatedAt: now,
      });
      return "retrying";
    }
    deps.log("error", "staff mail dead-lettered", { staffMailId: row.id, kind: row.kind, attempts, error: lastError });
    await deps.db.batch([
      finish(deps.db, row, { state: "dead", ...settledBody(row), attempts, lastError, updatedAt: now }),
      deps.db.insert(auditLog).values({
        id: newId("aud", now.getTime()),
        actorType: "system",
        action: "staff_mail.dead_letter",
        subjectType: "staff_mail",
        subjectId: row.id,
        detail: { kind: row.kind, educatorId: row.educatorId, attempts, error: lastError },
        createdAt: now,
      }),
    ]);
    return "dead";
  }
}
