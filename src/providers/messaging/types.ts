/**
 * What the rest of the app knows about sending: an interface per channel with a real
 * implementation (Twilio, SendGrid — plain `fetch`, so the same code runs on Node and
 * Workers) and a console one for development. buildDeps picks one of each.
 */
export type SmsMessage = {
  to: string;
  body: string;
  /** Our message id; rides in the status callback URL so callbacks find the row. */
  messageId?: string;
  statusCallbackUrl?: string;
  /** Seconds Twilio may keep trying; a reminder that arrives after the visit is worse than none. */
  validityPeriodSeconds?: number;
};

/** A message the provider already has, found while reconciling an unknown outcome. */
export type FoundMessage = { providerMessageId: string; status: string };

export type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  /** Ids only — never personal data (DESIGN §6). */
  customArgs?: Record<string, string>;
  /** SendGrid categories (we use the template key) for per-template statistics. */
  categories?: string[];
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** Small generated files only (a visit's .ics); base64 content. */
  attachments?: { filename: string; type: string; content: string }[];
};

export type SendResult = { providerMessageId: string; status: string };

export interface SmsProvider {
  readonly name: "twilio" | "console";
  /** Who sends: the Messaging Service or number. Pauses are per sender. */
  readonly sender: string;
  send(message: SmsMessage): Promise<SendResult>;
  /**
   * After a timeout: did the provider accept a message with this body to this number since
   * `since`? Lets the dispatcher adopt it instead of sending twice.
   */
  findSent(message: { to: string; body: string; since: Date }): Promise<FoundMessage | null>;
}

export interface EmailProvider {
  readonly name: "sendgrid" | "console";
  send(message: EmailMessage): Promise<SendResult>;
  /**
   * After an unknown outcome: does the provider hold an email with our message id (the
   * `messageId` custom arg)? Absent where the provider cannot be asked (SendGrid without the
   * Email Activity API): then only its event webhook can settle the question.
   */
  findSent?(query: { messageId: string; to: string; since: Date }): Promise<FoundMessage | null>;
}

/**
 * A provider refused or failed. `retryable` is true for 429, 5xx and network errors;
 * `outcomeUnknown` is true when the request may have been accepted (a timeout after sending),
 * which callers must reconcile before any resend.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly details: {
      provider: string;
      httpStatus?: number;
      code?: string;
      retryable: boolean;
      outcomeUnknown?: boolean;
      /** From a 429's Retry-After header: how long the provider asked us to wait. */
      retryAfterMs?: number;
    },
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Provider calls give up after this long; the outcome is then unknown, not failed. */
export const PROVIDER_TIMEOUT_MS = 10_000;
