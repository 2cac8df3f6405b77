import type { MESSAGE_STATUSES } from "./enums";

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Provider events arrive late and out of order; a status only moves forward. `delivered` is
 * never replaced by a late `sent`, and a final failure is not replaced by a stray `sent`.
 */
const RANK: Partial<Record<MessageStatus, number>> = {
  queued: 0,
  sending: 1,
  unknown: 1,
  sent: 2,
  undelivered: 3,
  failed: 3,
  delivered: 4,
  read: 5,
};

export function shouldApplyStatus(current: MessageStatus, next: MessageStatus): boolean {
  const from = RANK[current];
  const to = RANK[next];
  if (from === undefined || to === undefined) return false;
  return to > from;
}

/** Twilio MessageStatus → ours. Accepted/queued/sending at Twilio all mean "handed over". */
export function fromTwilioStatus(status: string): MessageStatus | null {
  switch (status) {
    case "accepted":
    case "scheduled":
    case "queued":
    case "sending":
    case "sent":
      return "sent";
    case "delivered":
      return "delivered";
    case "read":
      return "read";
    case "undelivered":
      return "undelivered";
    case "failed":
      return "failed";
    default:
      return null;
  }
}

/** SendGrid event → our status (null: an event that does not change status, e.g. `deferred`). */
export function fromSendGridEvent(event: string): MessageStatus | null {
  switch (event) {
    case "processed":
      return "sent";
    case "delivered":
      return "delivered";
    case "open":
      return "read";
    case "bounce":
    case "dropped":
      return "failed";
    default:
      return null;
  }
}

/** What a Twilio error code means for the contact and for retrying (issue #3's table). */
export type TwilioErrorClass = "opted_out" | "unreachable" | "handset_unreachable" | "sender_blocked" | "other";

export function classifyTwilioError(code: string | undefined): TwilioErrorClass {
  switch (code) {
    case "21610":
      return "opted_out";
    case "21211":
    case "21614":
    case "21635":
    case "30006":
      return "unreachable";
    case "30003":
      return "handset_unreachable";
    case "30002":
    case "30007":
    case "30034":
      return "sender_blocked";
    default:
      return "other";
  }
}

/** SendGrid events that make an address unusable (bounce, dropped) or withdraw consent. */
export function sendGridContactEffect(event: string): "unreachable" | "opted_out" | null {
  if (event === "bounce" || event === "dropped") return "unreachable";
  if (event === "spamreport" || event === "unsubscribe" || event === "group_unsubscribe") return "opted_out";
  return null;
}
