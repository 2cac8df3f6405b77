import { isRetryableStatus, ProviderError, type SendResult, type SmsMessage, type SmsProvider } from "./types";

export type TwilioSettings = {
  accountSid: string;
  authToken: string;
  messagingServiceSid: string | undefined;
  fromNumber: string | undefined;
  apiBaseUrl: string;
};

/**
 * Twilio's Messages REST API over `fetch`. The SDK is 500 KiB gzipped in a Worker; this is
 * the one call we need, in the exact request shape Twilio documents (form-encoded, Basic auth).
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = "twilio" as const;
  constructor(
    private readonly settings: TwilioSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(message: SmsMessage): Promise<SendResult> {
    const { accountSid, authToken, messagingServiceSid, fromNumber, apiBaseUrl } = this.settings;
    const form = new URLSearchParams({ To: message.to, Body: message.body });
    // A Messaging Service picks the sender and handles STOP at the carrier level.
    if (messagingServiceSid) form.set("MessagingServiceSid", messagingServiceSid);
    else if (fromNumber) form.set("From", fromNumber);
    if (message.statusCallbackUrl) form.set("StatusCallback", message.statusCallbackUrl);

    let response: Response;
    try {
      response = await this.fetchImpl(`${apiBaseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${accountSid}:${authToken}`)}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form,
      });
    } catch (error) {
      throw new ProviderError(`Twilio request failed: ${(error as Error).message}`, {
        provider: "twilio",
        retryable: true,
        outcomeUnknown: true,
      });
    }
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
      });
    }
    return { providerMessageId: payload.sid, status: payload.status ?? "queued" };
  }
}
