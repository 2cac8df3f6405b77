import { and, eq, isNull } from "drizzle-orm";
import { conferenceSlots, contacts, messageEvents, messages, visits } from "../../db/schema";
import { signId } from "../auth/signed-ids";
import type { Deps, SystemContext } from "../context";
import { visitIcs } from "../domain/ics";
import { nextAllowedSendTime } from "../domain/quiet-hours";
import { type RecipientContact, unusable } from "../domain/resolve-recipient";
import { type FoundMessage, ProviderError } from "../providers/messaging/types";
import { templateParams } from "./enqueue";
import {
  activePause,
  type ClaimedRow,
  claimDue,
  type DispatchOutcome,
  fenceStatements,
  messageUpdate,
  outboxUpdate,
} from "./outbox-store";
import { handleSendFailure, recordSent, settleWithoutSending } from "./send-outcomes";
import { isKeywordReply, isTemplateKey, type TemplateSpec, templateSpec } from "./templates/catalog";
import { renderEmail, sendableEmail } from "./templates/render";

/** After an unknown outcome, wait this long for a status callback before sending again. */
export const RECONCILE_WINDOW_MS = 15 * 60_000;
/**
 * An unknown outcome the provider can neither confirm nor rule out (its lookup keeps failing,
 * or there is no lookup: SendGrid without the Email Activity API) is dead-lettered after this,
 * visibly, rather than guessed at: a coordinator checks with the family before resending.
 */
export const UNKNOWN_GIVE_UP_MS = 24 * 60 * 60_000;
const RECHECK_MS = 3 * 60_000;
const MAX_RECHECK_MS = 30 * 60_000;
const PAUSED_RECHECK_MS = 15 * 60_000;
/** A 429 is retried in place (the row keeps its lease) this often, each after the wait it asked for. */
const RATE_LIMIT_RETRIES = 5;
const MAX_RETRY_AFTER_MS = 30_000;
/** A pacing wait longer than this is followed by a second fence (the lease is 2 minutes). */
const FENCE_AGAIN_AFTER_MS = 10_000;
/**
 * A run stops claiming after this long and says `more`: a Workers cron run (every 5 minutes)
 * then ends before the next one starts, and the Node timer starts the next run at once.
 */
export const DEFAULT_DRAIN_BUDGET_MS = 4 * 60_000;
const SETTLED = new Set(["sent", "delivered", "read", "undelivered", "failed", "dead_letter", "undeliverable"]);

export type { DispatchOutcome };
export type DispatchSummary = Record<DispatchOutcome, number> & { claimed: number; rounds: number; more: boolean };

/**
 * The dispatcher: claims due outbox rows, sends each through its provider, records what
 * happened, and claims again while due rows remain (a family's second text becomes claimable
 * once its first is done), until none are left or the time budget is spent. Runs from the Node
 * timer, Workers cron, the Queue consumer, `npm run job -- dispatch`, and right after a message
 * is enqueued. Never lost: a row leaves the outbox only as done or dead. Never twice: each send
 * is fenced by the run's lease (a run whose lease ran out sends nothing more), and a send whose
 * outcome is unknown is reconciled before any resend.
 */
export async function dispatchDue(
  ctx: SystemContext,
  now: Date,
  options: { messageIds?: string[]; limit?: number; budgetMs?: number } = {},
): Promise<DispatchSummary> {
  const { deps } = ctx;
  const owner = `dispatch-${crypto.randomUUID()}`;
  // A claim holds ~20 s of texts at SMS_MPS: far inside the lease, so a run rarely loses rows
  // to the next one (and the fence makes sure it never sends one it lost).
  const limit = options.limit ?? Math.max(5, Math.ceil(deps.config.smsMps * 20));
  const budgetMs = options.budgetMs ?? DEFAULT_DRAIN_BUDGET_MS;
  // `now` may be a replayed moment (`npm run job -- dispatch --now …`); the run's clock moves on
  // from there as the real one does, so leases are checked against the time of each send.
  const clockAtStart = deps.clock.now().getTime();
  const at = () => new Date(now.getTime() + Math.max(0, deps.clock.now().getTime() - clockAtStart));
  const started = Date.now();
  const summary: DispatchSummary = {
    claimed: 0,
    rounds: 0,
    more: false,
    sent: 0,
    deferred: 0,
    settled: 0,
    reconciled: 0,
    retrying: 0,
    failed: 0,
    dead: 0,
    lost: 0,
  };
  // Shutting down: stop between texts and hand the rest back (their leases would let another
  // process resume them anyway, after 2 minutes; released, they are due at once).
  const stopping = () => deps.shutdown.signal.aborted;
  for (;;) {
    if (stopping()) {
      summary.more = true;
      break;
    }
    const rows = await claimDue(deps.db, at(), owner, limit, options.messageIds);
    if (rows.length === 0) break;
    summary.rounds++;
    summary.claimed += rows.length;
    for (const [index, row] of rows.entries()) {
      if (Date.now() - started >= budgetMs || stopping()) {
        // Out of time (a Worker's waitUntil has limits): hand the rest back at once rather than
        // letting their leases run out.
        await releaseClaims(deps, rows.slice(index), at());
        summary.more = true;
        return summary;
      }
      try {
        summary[await dispatchOne(deps, row, at)]++;
      } catch (error) {
        // A bug or a database hiccup for one row must not strand the rest: the lease expires
        // and the row is reconciled on a later run.
        deps.log("error", "dispatch failed for one message", {
          messageId: row.message.id,
          error: (error as Error).message,
        });
      }
    }
    if (Date.now() - started >= budgetMs) {
      summary.more = true;
      break;
    }
  }
  return summary;
}

async function dispatchOne(deps: Deps, row: ClaimedRow, at: () => Date): Promise<DispatchOutcome> {
  const { db } = deps;
  const { message, contact, family } = row;
  const now = at();
  // A status callback (or an earlier run) already settled it: nothing to send.
  if (message.providerMessageId || SETTLED.has(message.status)) {
    await outboxUpdate(db, row, { state: "done", updatedAt: now });
    return "settled";
  }
  if (!contact || !family || (message.channel !== "sms" && message.channel !== "email")) {
    return settleWithoutSending(deps, row, now, "no contact or channel to send to", false);
  }
  // Consent is checked at send time, not only when queued: a STOP that arrived after the
  // message was queued still stops it. (Checked again, fresh, in the fence right before the
  // provider call: this early look only saves the work for a row stale since its claim.)
  const blocked = consentBlocks(contact, message);
  if (blocked) return settleWithoutSending(deps, row, now, `${blocked} before sending`, true);
  if (message.channel === "sms") {
    const pause = await activePause(db, deps.sms.sender);
    if (pause) return release(deps, row, new Date(now.getTime() + PAUSED_RECHECK_MS), `sender paused: ${pause.reason}`);
    const allowedAt = isKeywordReply(message.templateKey)
      ? now
      : nextAllowedSendTime(now, family.timezone, deps.config.smsQuietHours);
    if (allowedAt > now) return release(deps, row, allowedAt, "quiet hours");
  }
  if (message.status === "unknown" || message.status === "sending") {
    const reconciled = await reconcile(deps, row, now);
    if (reconciled) return reconciled;
  }
  // The catalog's `timeSensitive`: a message about a moment (a reminder) that no longer holds.
  if (templateSpec(message.templateKey)?.timeSensitive && typeof message.templateParams?.time === "string") {
    if (new Date(message.templateParams.time) <= now)
      return settleWithoutSending(deps, row, now, "the visit time has passed", false);
    // Queued before the visit was moved or called off (a family's texts leave in order, so a
    // reminder queued first goes before the notice that changed the visit): it would remind
    // them of a time that no longer holds.
    if (message.visitId && !(await stillScheduledAt(deps, message.visitId, message.templateParams.time)))
      return settleWithoutSending(deps, row, now, "the visit was moved or called off", false);
    // A conference reminder queued before the family moved to another slot (or released theirs):
    // the time it names is no longer theirs.
    if (
      message.eventId &&
      !(await eventTimeHolds(deps, message.eventId, message.familyId, message.templateParams.time))
    )
      return settleWithoutSending(deps, row, now, "the family moved to another conference slot", false);
  }
  const attempts = row.item.attempts + 1;
  if (message.channel === "email") {
    const email = await emailFor(deps, row);
    const held = await fence(deps, row, at(), attempts);
    if (held !== "held") return held;
    try {
      return recordSent(deps, row, at(), deps.email.name, await deps.email.send(email));
    } catch (error) {
      return handleSendFailure(deps, row, at(), attempts, error);
    }
  }
  for (let retry = 0; ; retry++) {
    const held = await fence(deps, row, at(), attempts);
    if (held !== "held") return held;
    // After the fence (which extended the lease well past any wait here), so the time the
    // pacer books is the time the request leaves.
    const wait = deps.pacer.reserve(message.segments ?? 1);
    if (wait > 0) await deps.sleep(wait);
    // A long wait (other runs in this process booked the slots ahead): the lease must still
    // hold when the request leaves, so fence again.
    if (wait > FENCE_AGAIN_AFTER_MS) {
      const still = await fence(deps, row, at(), attempts);
      if (still !== "held") return still;
    }
    try {
      const result = await deps.sms.send({
        to: message.address!,
        body: message.body,
        messageId: message.id,
        statusCallbackUrl: `${deps.config.publicBaseUrl}/webhooks/twilio/status?m=${encodeURIComponent(message.id)}`,
        validityPeriodSeconds: validityFor(message.templateKey, message.templateParams, at()),
      });
      return recordSent(deps, row, at(), deps.sms.name, result);
    } catch (error) {
      // Twilio never processes a request it answered 429: when it says how long to wait, wait
      // that long (everyone sending through this pacer does) and send again, within seconds,
      // instead of backing the row off to a later run.
      const asked = error instanceof ProviderError ? error.details.retryAfterMs : undefined;
      if (asked !== undefined && asked <= MAX_RETRY_AFTER_MS && retry < RATE_LIMIT_RETRIES) {
        deps.log("warn", "rate limited; sending again after the provider's wait", { messageId: message.id, asked });
        deps.pacer.pause(asked);
        continue;
      }
      return handleSendFailure(deps, row, at(), attempts, error);
    }
  }
}

/** Why this contact may not get this message now (opt-out, bounce, no address), or null. */
function consentBlocks(contact: RecipientContact, message: ClaimedRow["message"]): string | null {
  const blocked = unusable(contact, message.channel === "email" ? "email" : "sms");
  // The opt-out confirmation is the one message an opted-out number still gets (catalog's
  // `sentAfterOptOut`); a contact with no address still gets nothing.
  if (blocked && templateSpec(message.templateKey)?.sentAfterOptOut && !/^no /.test(blocked)) return null;
  return blocked;
}

/**
 * Right before a provider call, in one batch: the fenced write (this run still holds the row;
 * the lease is extended and the message marked `sending`) and a fresh read of the contact, so
 * a STOP or a 21610 recorded since the claim — by a webhook, or by this very run for the
 * message before — stops this one.
 */
async function fence(deps: Deps, row: ClaimedRow, now: Date, attempts: number): Promise<"held" | DispatchOutcome> {
  const { db } = deps;
  const [extendLease, markSending] = fenceStatements(db, row, now, attempts);
  const [held, , fresh] = await db.batch([
    extendLease,
    markSending,
    db
      .select()
      .from(contacts)
      .where(eq(contacts.id, row.message.contactId ?? "")),
  ]);
  if (held.length === 0) {
    deps.log("warn", "lease lost before sending; another dispatcher run has the message", {
      messageId: row.message.id,
    });
    return "lost";
  }
  const contact = fresh[0];
  // A message to no contact (staff mail, if it comes through here) has no family consent to check.
  const blocked = !row.message.contactId ? null : contact ? consentBlocks(contact, row.message) : "no contact";
  if (blocked)
    return settleWithoutSending(deps, { ...row, contact: contact ?? null }, now, `${blocked} before sending`, true);
  return "held";
}

type Evidence =
  | { kind: "found"; found: FoundMessage }
  | { kind: "absent" }
  /** The provider could not be asked, or not answer: no guess either way. */
  | { kind: "unknown"; why: string };

/**
 * Did the provider get it after all? Adopt what it has; resend only once the provider says
 * positively that it has no such message (after a window for late callbacks). A lookup that
 * fails is not "not found": the row waits, with backoff, shown as "outcome unknown", and is
 * dead-lettered after UNKNOWN_GIVE_UP_MS.
 */
async function reconcile(deps: Deps, row: ClaimedRow, now: Date): Promise<DispatchOutcome | null> {
  const since = row.item.unknownSince ?? row.message.updatedAt;
  const age = now.getTime() - since.getTime();
  const evidence = await lookForSend(deps, row, since);
  if (evidence.kind === "found") {
    await recordSent(deps, row, now, row.message.channel === "email" ? deps.email.name : deps.sms.name, evidence.found);
    return "reconciled";
  }
  if (age < RECONCILE_WINDOW_MS) {
    return waitForEvidence(deps, row, now, age, "outcome unknown; waiting for the provider's status callback");
  }
  if (evidence.kind === "absent") {
    deps.log("warn", "the provider has no trace of an unknown-outcome send after the window; sending again", {
      messageId: row.message.id,
    });
    return null;
  }
  if (age >= UNKNOWN_GIVE_UP_MS) {
    const reason = `outcome unknown after ${Math.round(age / 3_600_000)} h (${evidence.why}); check with the family before sending again`;
    deps.log("error", "dead-lettering a message whose outcome stayed unknown", {
      messageId: row.message.id,
      why: evidence.why,
    });
    await deps.db.batch([
      messageUpdate(deps.db, row.message.id, { status: "dead_letter", statusReason: reason, updatedAt: now }),
      outboxUpdate(deps.db, row, { state: "dead", lastError: reason, updatedAt: now }),
    ]);
    return "dead";
  }
  return waitForEvidence(deps, row, now, age, `outcome unknown: ${evidence.why}`);
}

async function lookForSend(deps: Deps, row: ClaimedRow, since: Date): Promise<Evidence> {
  const { message } = row;
  if (message.channel === "sms") {
    try {
      const found = await deps.sms.findSent({
        to: message.address!,
        body: message.body,
        since: new Date(since.getTime() - 60_000),
      });
      return found ? { kind: "found", found } : { kind: "absent" };
    } catch (error) {
      return { kind: "unknown", why: `Twilio's message list could not be read: ${(error as Error).message}` };
    }
  }
  // SendGrid's Event Webhook carries our messageId custom arg: any event for the message
  // (processed, deferred, delivered, even dropped) means SendGrid accepted the request.
  const [event] = await deps.db
    .select({ payload: messageEvents.payload })
    .from(messageEvents)
    .where(and(eq(messageEvents.messageId, message.id), eq(messageEvents.provider, "sendgrid")))
    .limit(1);
  if (event) {
    const id = typeof event.payload.sg_message_id === "string" ? event.payload.sg_message_id : `event:${message.id}`;
    return { kind: "found", found: { providerMessageId: id, status: "sent" } };
  }
  if (!deps.email.findSent) {
    return { kind: "unknown", why: "SendGrid has sent no event for it and the Email Activity API is not configured" };
  }
  try {
    const found = await deps.email.findSent({ messageId: message.id, to: message.address!, since });
    return found ? { kind: "found", found } : { kind: "absent" };
  } catch (error) {
    return { kind: "unknown", why: `SendGrid's Email Activity could not be read: ${(error as Error).message}` };
  }
}

/** Look again later — sooner while the send is recent, then every 30 min at most. */
async function waitForEvidence(deps: Deps, row: ClaimedRow, now: Date, age: number, why: string) {
  const delay = Math.min(MAX_RECHECK_MS, Math.max(RECHECK_MS, Math.round(age / 4)));
  await deps.db.batch([
    // Unless a callback adopted it meanwhile (a run that lost the row may still record its send).
    deps.db
      .update(messages)
      .set({ status: "unknown", statusReason: why, updatedAt: now })
      .where(and(eq(messages.id, row.message.id), isNull(messages.providerMessageId))),
    outboxUpdate(deps.db, row, {
      state: "pending",
      unknownSince: row.item.unknownSince ?? new Date(now.getTime() - age),
      nextAttemptAt: new Date(now.getTime() + delay),
      lastError: why,
      updatedAt: now,
    }),
  ]);
  return "deferred" as const;
}

async function release(deps: Deps, row: ClaimedRow, at: Date, why: string): Promise<DispatchOutcome> {
  await outboxUpdate(deps.db, row, {
    state: "pending",
    nextAttemptAt: at,
    lastError: why,
    updatedAt: deps.clock.now(),
  });
  return "deferred";
}

/** Claimed rows this run will not get to: back to pending, due as they were. */
async function releaseClaims(deps: Deps, rows: ClaimedRow[], now: Date) {
  if (rows.length === 0) return;
  const statements = rows.map((row) => outboxUpdate(deps.db, row, { state: "pending", updatedAt: now }));
  await deps.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

async function stillScheduledAt(deps: Deps, visitId: string, time: string): Promise<boolean> {
  const [visit] = await deps.db
    .select({ status: visits.status, startsAt: visits.startsAt })
    .from(visits)
    .where(eq(visits.id, visitId));
  return visit?.status === "scheduled" && visit.startsAt?.getTime() === new Date(time).getTime();
}

/**
 * An event's time holds for a family unless the event has conference slots and the family no
 * longer holds the one at that time (moved to another slot, or released it).
 */
async function eventTimeHolds(deps: Deps, eventId: string, familyId: string | null, time: string): Promise<boolean> {
  const slots = await deps.db
    .select({ familyId: conferenceSlots.familyId, startsAt: conferenceSlots.startsAt })
    .from(conferenceSlots)
    .where(eq(conferenceSlots.eventId, eventId));
  if (slots.length === 0) return true;
  const at = new Date(time).getTime();
  return slots.some((s) => s.familyId === familyId && s.startsAt.getTime() === at);
}

/**
 * Twilio drops a time-sensitive text (a reminder) it cannot deliver before its moment
 * (ValidityPeriod, 60 s–36000 s): the catalog's `timeSensitive`.
 */
function validityFor(
  templateKey: string | null,
  params: Record<string, unknown> | null,
  now: Date,
): number | undefined {
  if (!templateSpec(templateKey)?.timeSensitive || typeof params?.time !== "string") return undefined;
  const seconds = Math.floor((new Date(params.time).getTime() - now.getTime()) / 1000);
  return Math.max(60, Math.min(36_000, seconds));
}

/**
 * The email as rendered when it was queued (`messages.subject` and `body`: what the thread
 * shows is what goes), with what belongs to the send rather than the words: the recipient's
 * unsubscribe link, the reply-to thread address, ids, and the catalog's attachments.
 */
async function emailFor(deps: Deps, row: ClaimedRow) {
  const { message, family, contact, schoolName } = row;
  const { config } = deps;
  const key = emailKey(message.templateKey);
  const unsubscribeUrl = `${config.publicBaseUrl}/u/${await signId(config.sessionSecret, "unsubscribe", contact!.id)}`;
  const subject = message.subject ?? (await subjectOfOlderRow(deps, row, key));
  const email = sendableEmail(deps.i18n, { subject, text: message.body, language: message.language }, unsubscribeUrl);
  const replyTo = config.inboundEmailDomain
    ? `reply+${await signId(config.sessionSecret, "thread", family!.id)}@${config.inboundEmailDomain}`
    : undefined;
  const attachments = (
    await Promise.all(
      (templateSpec(key)?.attachments ?? []).map((kind) => ATTACHMENTS[kind](deps, message, schoolName ?? "")),
    )
  ).flat();
  return {
    to: message.address!,
    subject: email.subject,
    text: email.text,
    html: email.html,
    replyTo,
    customArgs: { messageId: message.id, familyId: family!.id },
    categories: [key],
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    ...(attachments.length ? { attachments } : {}),
  };
}

/**
 * A row queued before subjects were stored with emails (migration 0030_email_subject): its
 * subject is rendered from its parameters, as every email's was then. Its body is the stored one.
 */
async function subjectOfOlderRow(deps: Deps, row: ClaimedRow, key: ReturnType<typeof emailKey>) {
  const { message, family, schoolName } = row;
  const params = await templateParams(
    deps,
    {
      familyId: family!.id,
      educatorId: message.educatorId,
      templateKey: key,
      params: message.templateParams ?? { body: message.body },
      visitId: message.visitId ?? undefined,
    },
    schoolName ?? "",
  );
  return renderEmail(deps.i18n, key, message.language, params, { timeZone: family!.timezone }).subject;
}

function emailKey(templateKey: string | null) {
  return templateKey && isTemplateKey(templateKey) ? templateKey : "personal";
}

type Attachment = { filename: string; type: string; content: string };

/** The catalog's `attachments`, by kind: what each adds to an email of its template. */
const ATTACHMENTS: Record<
  NonNullable<TemplateSpec["attachments"]>[number],
  (deps: Deps, message: ClaimedRow["message"], schoolName: string) => Promise<Attachment[]>
> = {
  visit_ics: (deps, message, schoolName) =>
    message.visitId ? visitCalendarFile(deps, message.visitId, schoolName) : Promise.resolve([]),
};

/** The visit as an .ics the family's calendar can import (the confirmation email's). */
async function visitCalendarFile(deps: Deps, visitId: string, schoolName: string): Promise<Attachment[]> {
  const [visit] = await deps.db.select().from(visits).where(eq(visits.id, visitId));
  if (!visit?.startsAt) return [];
  const ics = visitIcs({
    uid: visitId,
    start: visit.startsAt,
    durationMinutes: visit.durationMinutes ?? 45,
    summary: `${schoolName} home visit`,
    description: schoolName,
    location: "",
    now: deps.clock.now(),
  });
  return [
    {
      filename: "home-visit.ics",
      type: "text/calendar",
      content: btoa(String.fromCharCode(...new TextEncoder().encode(ics))),
    },
  ];
}
