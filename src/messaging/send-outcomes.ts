import type { Deps } from "../context";
import { MAX_SEND_ATTEMPTS, retryDelayMs } from "../domain/backoff";
import { classifyTwilioError, fromTwilioStatus } from "../domain/delivery-status";
import { type FoundMessage, ProviderError, type SendResult } from "../providers/messaging/types";
import { flagContact, markOptedOut, markUnreachable, pauseSender } from "./contact-effects";
import type { DispatchOutcome } from "./outbox-store";
import { type ClaimedRow, messageUpdate, outboxUpdate } from "./outbox-store";
import { rerouteStatements } from "./reroute";

const RECONCILE_DELAY_MS = 2 * 60_000;
const HANDSET_RETRY_MS = 30 * 60_000;
const HANDSET_MAX_ATTEMPTS = 3; // first try + "at most twice over an hour"
const PAUSE_RECHECK_MS = 15 * 60_000;

/** The provider has it: store its id and status, close the outbox row. */
export async function recordSent(
  deps: Deps,
  row: ClaimedRow,
  now: Date,
  provider: "twilio" | "sendgrid" | "console",
  result: SendResult | FoundMessage,
): Promise<DispatchOutcome> {
  const { db } = deps;
  await db.batch([
    messageUpdate(db, row.message.id, {
      status: fromTwilioStatus(result.status) ?? "sent",
      provider,
      providerMessageId: result.providerMessageId,
      statusReason: null,
      occurredAt: now,
      updatedAt: now,
    }),
    outboxUpdate(db, row, { state: "done", unknownSince: null, lastError: null, updatedAt: now }),
  ]);
  return "sent";
}

/** Not sent and not to be retried on this channel; with `reroute`, try the family's other channel. */
export async function settleWithoutSending(
  deps: Deps,
  row: ClaimedRow,
  now: Date,
  reason: string,
  reroute: boolean,
): Promise<DispatchOutcome> {
  const { db } = deps;
  const channel = row.message.channel === "email" ? "email" : "sms";
  const next = reroute ? await rerouteStatements(deps, row.message, channel) : { statements: [], note: "" };
  await db.batch([
    messageUpdate(db, row.message.id, {
      status: "undeliverable",
      statusReason: `${reason}${next.note}`,
      updatedAt: now,
    }),
    outboxUpdate(db, row, { state: "done", lastError: reason, updatedAt: now }),
    ...next.statements,
  ]);
  return "failed";
}

/** Classifies a failed send (issue #3's table) and decides: retry, wait, re-route or give up. */
export async function handleSendFailure(
  deps: Deps,
  row: ClaimedRow,
  now: Date,
  attempts: number,
  error: unknown,
): Promise<DispatchOutcome> {
  const { db } = deps;
  const { message } = row;
  const failure =
    error instanceof ProviderError
      ? error
      : new ProviderError(`unexpected: ${(error as Error).message}`, { provider: "internal", retryable: true });
  const code = failure.details.code;
  const lastError = failure.message.slice(0, 500);
  deps.log("warn", "send failed", { messageId: message.id, attempts, code, error: lastError });

  if (failure.details.outcomeUnknown) {
    await db.batch([
      messageUpdate(db, message.id, { status: "unknown", statusReason: "provider did not answer", updatedAt: now }),
      outboxUpdate(db, row, {
        state: "pending",
        unknownSince: row.item.unknownSince ?? now,
        nextAttemptAt: new Date(now.getTime() + RECONCILE_DELAY_MS),
        lastError,
        updatedAt: now,
      }),
    ]);
    return "retrying";
  }

  if (message.channel === "sms" && row.contact) {
    const kind = classifyTwilioError(code);
    const contactId = row.contact.id;
    if (kind === "opted_out" || kind === "unreachable") {
      const contactChange =
        kind === "opted_out"
          ? markOptedOut(db, now, {
              contactId,
              familyId: message.familyId,
              messageId: message.id,
              channel: "sms",
              why: `twilio ${code}`,
            })
          : [markUnreachable(db, now, contactId, "sms", `Twilio ${code}`)];
      const next = await rerouteStatements(deps, message, "sms");
      await db.batch([
        outboxUpdate(db, row, { state: "done", lastError, updatedAt: now }),
        ...contactChange,
        messageUpdate(db, message.id, {
          status: "failed",
          errorCode: code ?? null,
          statusReason: `${kind === "opted_out" ? "opted out of texts" : "phone unreachable"} (Twilio ${code})${next.note}`,
          updatedAt: now,
        }),
        ...next.statements,
      ]);
      return "failed";
    }
    if (kind === "handset_unreachable") {
      if (attempts < HANDSET_MAX_ATTEMPTS)
        return retryAt(deps, row, now, new Date(now.getTime() + HANDSET_RETRY_MS), lastError, code);
      await db.batch([
        flagContact(db, now, contactId, `handset unreachable (Twilio ${code}) after ${attempts} tries`),
        messageUpdate(db, message.id, {
          status: "failed",
          errorCode: code ?? null,
          statusReason: "handset unreachable after 3 tries",
          updatedAt: now,
        }),
        outboxUpdate(db, row, { state: "done", lastError, updatedAt: now }),
      ]);
      return "failed";
    }
    if (kind === "sender_blocked") {
      deps.log("error", "ALERT: Twilio blocked or filtered our sender; texting is paused", {
        code,
        sender: deps.sms.sender,
      });
      await db.batch([
        pauseSender(db, now, deps.sms.sender, code ?? "", `Twilio ${code}: ${lastError}`),
        messageUpdate(db, message.id, { status: "queued", statusReason: "held: sender paused", updatedAt: now }),
        // The attempt does not count against the message: the sender was the problem.
        outboxUpdate(db, row, {
          state: "pending",
          attempts: attempts - 1,
          nextAttemptAt: new Date(now.getTime() + PAUSE_RECHECK_MS),
          lastError,
          updatedAt: now,
        }),
      ]);
      return "deferred";
    }
  }

  if (failure.details.retryable) {
    if (attempts >= MAX_SEND_ATTEMPTS) {
      await db.batch([
        messageUpdate(db, message.id, {
          status: "dead_letter",
          errorCode: code ?? null,
          statusReason: `gave up after ${attempts} attempts: ${lastError}`,
          updatedAt: now,
        }),
        outboxUpdate(db, row, { state: "dead", lastError, updatedAt: now }),
      ]);
      return "dead";
    }
    return retryAt(deps, row, now, new Date(now.getTime() + retryDelayMs(attempts, deps.random)), lastError, code);
  }

  await db.batch([
    messageUpdate(db, message.id, {
      status: "failed",
      errorCode: code ?? null,
      statusReason: lastError,
      updatedAt: now,
    }),
    outboxUpdate(db, row, { state: "done", lastError, updatedAt: now }),
  ]);
  return "failed";
}

async function retryAt(deps: Deps, row: ClaimedRow, now: Date, at: Date, lastError: string, code: string | undefined) {
  await deps.db.batch([
    messageUpdate(deps.db, row.message.id, {
      status: "queued",
      errorCode: code ?? null,
      statusReason: `retrying: ${lastError}`,
      updatedAt: now,
    }),
    outboxUpdate(deps.db, row, { state: "pending", nextAttemptAt: at, lastError, updatedAt: now }),
  ]);
  return "retrying" as const;
}
