import {
  type FoundMessage,
  isRetryableStatus,
  PROVIDER_TIMEOUT_MS,
  ProviderError,
  parseRetryAfter,
  type SendResult,
  type SmsMessage,
  type SmsProvider,
} from "./types";

export type TwilioSettings = {
  accountSid: string;
  authToken: string;
  messagingServiceSid: string | undefined;
  fromNumber: string | undefined;
  apiBaseUrl: string;
};

/**
 * Twilio's Messages REST API over `fetch`. The SDK is 500 KiB gzipped in a Worker; these are
 * the two calls we need, in the exact request shape Twilio documents (form-encoded, Basic auth).
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = "twilio" as const;
  readonly sender: string;
  constructor(
    private readonly settings: TwilioSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.sender = settings.messagingServiceSid ?? settings.fromNumber ?? "twilio";
  }

  private get messagesUrl() {
    return `${this.settings.apiBaseUrl}/2010-04-01/Accounts/${this.settings.accountSid}/Messages.json`;
  }

  private get authorization() {
    return `Basic ${btoa(`${this.settings.accountSid}:${this.settings.authToken}`)}`;
  }

  async send(message: SmsMessage): Promise<SendResult> {
    const form = new URLSearchParams({ To: message.to, Body: message.body });
    // A Messaging Service picks the sender and handles STOP at the carrier level.
    if (this.settings.messagingServiceSid) form.set("MessagingServiceSid", this.settings.messagingServiceSid);
    else if (this.settings.fromNumber) form.set("From", this.settings.fromNumber);
    if (message.statusCallbackUrl) form.set("StatusCallback", message.statusCallbackUrl);
    if (message.validityPeriodSeconds) form.set("ValidityPeriod", String(message.validityPeriodSeconds));

    const response = await this.request(this.messagesUrl, {
      method: "POST",
      headers: { authorization: this.authorization, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const payload = (await response.json().catch(() => ({}))) as {
      sid?: string;
      status?: string;
      code?: number;
      message?: string;
    };
    if (!response.ok || !payload.sid) {
      throw new ProviderError(`Twilio answered ${response.status}: ${payload.message ?? "no message"}`, {
        provider: "twilio",
        httpStatus: response.status,
        code: payload.code === undefined ? undefined : String(payload.code),
        retryable: isRetryableStatus(response.status),
        // Twilio: a request answered 429 "is never processed and is always safe to retry".
        retryAfterMs: response.status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined,
      });
    }
    return { providerMessageId: payload.sid, status: payload.status ?? "queued" };
  }

  async findSent(query: { to: string; body: string; since: Date }): Promise<FoundMessage | null> {
    const url = new URL(this.messagesUrl);
    url.searchParams.set("To", query.to);
    // Twilio filters by UTC day; the body comparison below does the rest.
    url.searchParams.set("DateSent>", query.since.toISOString().slice(0, 10));
    url.searchParams.set("PageSize", "50");
    const response = await this.request(url.toString(), { headers: { authorization: this.authorization } });
    if (!response.ok) {
      throw new ProviderError(`Twilio lookup answered ${response.status}`, {
        provider: "twilio",
        httpStatus: response.status,
        retryable: true,
      });
    }
    const { messages = [] } = (await response.json()) as { messages?: { sid: string; body: string; status: string }[] };
    const found = messages.find((m) => m.body === query.body);
    return found ? { providerMessageId: found.sid, status: found.status } : null;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
    } catch (error) {
      // No answer (timeout, reset): Twilio may or may not have accepted the message.
      throw new ProviderError(`Twilio request failed: ${(error as Error).message}`, {
        provider: "twilio",
        retryable: true,
        outcomeUnknown: true,
      });
    }
  }
}
