import {
  type EmailMessage,
  type EmailProvider,
  isRetryableStatus,
  PROVIDER_TIMEOUT_MS,
  ProviderError,
  type SendResult,
} from "./types";

export type SendGridSettings = { apiKey: string; apiBaseUrl: string; from: string };

/**
 * SendGrid v3 Mail Send over `fetch`; SendGrid answers 202 with the id in `X-Message-Id`.
 * (@sendgrid/mail would add axios and ~230 KiB to the Worker for this one POST; the request
 * body is the same documented shape.)
 */
export class SendGridEmailProvider implements EmailProvider {
  readonly name = "sendgrid" as const;
  constructor(
    private readonly settings: SendGridSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(message: EmailMessage): Promise<SendResult> {
    const content = [{ type: "text/plain", value: message.text }];
    if (message.html) content.push({ type: "text/html", value: message.html });
    const body = {
      personalizations: [
        { to: [{ email: message.to }], ...(message.customArgs ? { custom_args: message.customArgs } : {}) },
      ],
      from: parseAddress(this.settings.from),
      ...(message.replyTo ? { reply_to: { email: message.replyTo } } : {}),
      subject: message.subject,
      content,
      ...(message.categories?.length ? { categories: message.categories } : {}),
      ...(message.headers ? { headers: message.headers } : {}),
      ...(message.attachments?.length
        ? { attachments: message.attachments.map((a) => ({ ...a, disposition: "attachment" })) }
        : {}),
    };
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.settings.apiBaseUrl}/v3/mail/send`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.settings.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProviderError(`SendGrid request failed: ${(error as Error).message}`, {
        provider: "sendgrid",
        retryable: true,
        outcomeUnknown: true,
      });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new ProviderError(`SendGrid answered ${response.status}: ${text.slice(0, 200)}`, {
        provider: "sendgrid",
        httpStatus: response.status,
        retryable: isRetryableStatus(response.status),
      });
    }
    return { providerMessageId: response.headers.get("x-message-id") ?? crypto.randomUUID(), status: "sent" };
  }
}

/** "Doorstep <hello@school.org>" → { name, email }; a bare address → { email }. */
export function parseAddress(value: string): { email: string; name?: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return { email: value.trim() };
  return match[1] ? { name: match[1].replace(/^"|"$/g, ""), email: match[2]!.trim() } : { email: match[2]!.trim() };
}
