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
};

export type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  /** Ids only — never personal data (DESIGN §6). */
  customArgs?: Record<string, string>;
};

export type SendResult = { providerMessageId: string; status: string };

export interface SmsProvider {
  readonly name: "twilio" | "console";
  send(message: SmsMessage): Promise<SendResult>;
}

export interface EmailProvider {
  readonly name: "sendgrid" | "console";
  send(message: EmailMessage): Promise<SendResult>;
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
    },
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
