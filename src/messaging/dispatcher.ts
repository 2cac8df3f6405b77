import { eq } from "drizzle-orm";
import { visits } from "../../db/schema";
import { signId } from "../auth/signed-ids";
import type { SystemContext } from "../context";
import type { Deps } from "../deps";
import { visitIcs } from "../domain/ics";
import { nextAllowedSendTime } from "../domain/quiet-hours";
import { unusable } from "../domain/resolve-recipient";
import { templateParams } from "./enqueue";
import { activePause, type ClaimedRow, claimDue, messageUpdate, outboxUpdate } from "./outbox-store";
import { handleSendFailure, recordSent, settleWithoutSending } from "./send-outcomes";
import { isKeywordReply, isTemplateKey } from "./templates/catalog";
import { renderEmail } from "./templates/render";

/** After an unknown outcome, wait this long for a status callback before sending again. */
export const RECONCILE_WINDOW_MS = 15 * 60_000;
const RECHECK_MS = 3 * 60_000;
const PAUSED_RECHECK_MS = 15 * 60_000;
const SETTLED = new Set(["sent", "delivered", "read", "undelivered", "failed", "dead_letter", "undeliverable"]);

export type DispatchOutcome = "sent" | "deferred" | "settled" | "reconciled" | "retrying" | "failed" | "dead";
export type DispatchSummary = Record<DispatchOutcome, number> & { claimed: number };

/**
 * The dispatcher: claims due outbox rows, sends each through its provider, records what
 * happened. Runs from the Node timer, Workers cron, the Queue consumer, `npm run job --
 * dispatch`, and right after a message is enqueued. Never lost: a row leaves the outbox only
 * as done or dead. Never twice: a send whose outcome is unknown is reconciled before any resend.
 */
export async function dispatchDue(
  ctx: SystemContext,
  now: Date,
  options: { messageIds?: string[]; limit?: number } = {},
): Promise<DispatchSummary> {
  const { deps } = ctx;
  const owner = `dispatch-${crypto.randomUUID()}`;
  // A run sends at most ~30 s worth of texts at SMS_MPS, so cron runs do not overlap much.
  const limit = options.limit ?? Math.max(20, Math.ceil(deps.config.smsMps * 30));
  const rows = await claimDue(deps.db, now, owner, limit, options.messageIds);
  const summary: DispatchSummary = {
    claimed: rows.length,
    sent: 0,
    deferred: 0,
    settled: 0,
    reconciled: 0,
    retrying: 0,
    failed: 0,
    dead: 0,
  };
  const pace = pacer(deps);
  for (const row of rows) {
    try {
      summary[await dispatchOne(deps, row, now, pace)]++;
    } catch (error) {
      // A bug or a database hiccup for one row must not strand the rest: the lease expires
      // and the row is reconciled on a later run.
      deps.log("error", "dispatch failed for one message", {
        messageId: row.message.id,
        error: (error as Error).message,
      });
    }
  }
  return summary;
}

async function dispatchOne(
  deps: Deps,
  row: ClaimedRow,
  now: Date,
  pace: () => Promise<void>,
): Promise<DispatchOutcome> {
  const { db } = deps;
  const { message, contact, family } = row;
  // A status callback (or an earlier run) already settled it: nothing to send.
  if (message.providerMessageId || SETTLED.has(message.status)) {
    await outboxUpdate(db, row, { state: "done", updatedAt: now });
    return "settled";
  }
  if (!contact || !family || (message.channel !== "sms" && message.channel !== "email")) {
    return settleWithoutSending(deps, row, now, "no contact or channel to send to", false);
  }
  // Consent is checked at send time, not only when queued: a STOP that arrived after the
  // message was queued still stops it. The opt-out confirmation itself is the one exception.
  const blocked = unusable(contact, message.channel);
  if (blocked && !(message.templateKey === "opt_out_confirmation" && !/^no /.test(blocked))) {
    return settleWithoutSending(deps, row, now, `${blocked} before sending`, true);
  }
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
  if (message.templateKey === "visit_reminder" && typeof message.templateParams?.time === "string") {
    if (new Date(message.templateParams.time) <= now)
      return settleWithoutSending(deps, row, now, "the visit time has passed", false);
  }

  const attempts = row.item.attempts + 1;
  await db.batch([
    messageUpdate(db, message.id, { status: "sending", updatedAt: now }),
    outboxUpdate(db, row, {
      state: "leased",
      leaseOwner: row.item.leaseOwner,
      leaseUntil: row.item.leaseUntil,
      attempts,
      updatedAt: now,
    }),
  ]);
  try {
    if (message.channel === "sms") {
      await pace();
      const result = await deps.sms.send({
        to: message.address!,
        body: message.body,
        messageId: message.id,
        statusCallbackUrl: `${deps.config.publicBaseUrl}/webhooks/twilio/status?m=${encodeURIComponent(message.id)}`,
        validityPeriodSeconds: validityFor(message.templateKey, message.templateParams, now),
      });
      return recordSent(deps, row, now, deps.sms.name, result);
    }
    const result = await deps.email.send(await emailFor(deps, row));
    return recordSent(deps, row, now, deps.email.name, result);
  } catch (error) {
    return handleSendFailure(deps, row, now, attempts, error);
  }
}

/** Did the provider get it after all? Adopt what it has; otherwise wait, then resend. */
async function reconcile(deps: Deps, row: ClaimedRow, now: Date): Promise<DispatchOutcome | null> {
  const since = row.item.unknownSince ?? row.message.updatedAt;
  if (row.message.channel === "sms") {
    const found = await deps.sms
      .findSent({ to: row.message.address!, body: row.message.body, since: new Date(since.getTime() - 60_000) })
      .catch(() => null);
    if (found) {
      await recordSent(deps, row, now, deps.sms.name, found);
      return "reconciled";
    }
  }
  if (now.getTime() - since.getTime() < RECONCILE_WINDOW_MS) {
    return release(deps, row, new Date(now.getTime() + RECHECK_MS), "outcome unknown; waiting for a status callback");
  }
  deps.log("warn", "no trace of an unknown-outcome send after the window; sending again", {
    messageId: row.message.id,
  });
  return null;
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

/** Twilio drops a reminder it cannot deliver before the visit (ValidityPeriod, 60 s–36000 s). */
function validityFor(
  templateKey: string | null,
  params: Record<string, unknown> | null,
  now: Date,
): number | undefined {
  if (templateKey !== "visit_reminder" || typeof params?.time !== "string") return undefined;
  const seconds = Math.floor((new Date(params.time).getTime() - now.getTime()) / 1000);
  return Math.max(60, Math.min(36_000, seconds));
}

async function emailFor(deps: Deps, row: ClaimedRow) {
  const { message, family, contact, schoolName } = row;
  const { config } = deps;
  const key = message.templateKey && isTemplateKey(message.templateKey) ? message.templateKey : "personal";
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
  const unsubscribeUrl = `${config.publicBaseUrl}/u/${await signId(config.sessionSecret, "unsubscribe", contact!.id)}`;
  const email = renderEmail(deps.i18n, key, message.language, params, { timeZone: family!.timezone, unsubscribeUrl });
  const replyTo = config.inboundEmailDomain
    ? `reply+${await signId(config.sessionSecret, "thread", family!.id)}@${config.inboundEmailDomain}`
    : undefined;
  const attachments =
    key === "visit_confirmation" && message.visitId
      ? await confirmationIcs(deps, message.visitId, schoolName ?? "")
      : [];
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

/** The family's confirmation email carries the visit as an .ics their calendar can import. */
async function confirmationIcs(deps: Deps, visitId: string, schoolName: string) {
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

/** Keeps texts to SMS_MPS per sender within a run. */
function pacer(deps: Deps) {
  let last = 0;
  const gap = 1000 / deps.config.smsMps;
  return async () => {
    const wait = last + gap - Date.now();
    if (last > 0 && wait > 0) await deps.sleep(wait);
    last = Date.now();
  };
}
