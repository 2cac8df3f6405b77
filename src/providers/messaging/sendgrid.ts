import {
  type EmailMessage,
  type EmailProvider,
  type FoundMessage,
  isRetryableStatus,
  PROVIDER_TIMEOUT_MS,
  ProviderError,
  type SendResult,
} from "./types";

export type SendGridSettings = {
  apiKey: string;
  apiBaseUrl: string;
  from: string;
  /** The Email Activity API is a paid add-on with its own key scope: used only when configured. */
  emailActivity?: boolean;
};

/**
 * SendGrid v3 Mail Send over `fetch`; SendGrid answers 202 with the id in `X-Message-Id`.
 * (@sendgrid/mail would add axios and ~230 KiB to the Worker for this one POST; the request
 * body is the same documented shape.)
 */
export class SendGridEmailProvider implements EmailProvider {
  readonly name = "sendgrid" as const;
  readonly findSent?: (query: { messageId: string; to: string; since: Date }) => Promise<FoundMessage | null>;
  constructor(
    private readonly settings: SendGridSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    if (settings.emailActivity) this.findSent = (query) => this.findInActivity(query);
  }

  /**
   * Email Activity API: `GET /v3/messages?query=…&limit=…` answers `{ messages: [{ msg_id,
   * to_email, status, … }] }`. We filter on our `messageId` custom arg (custom args are
   * queried as `unique_args['name']="value"`). Any error throws: a failed lookup is not a
   * "not found".
   */
  private async findInActivity(query: { messageId: string; to: string }): Promise<FoundMessage | null> {
    const url = new URL(`${this.settings.apiBaseUrl}/v3/messages`);
    url.searchParams.set("query", `unique_args['messageId']="${query.messageId.replaceAll('"', "")}"`);
    url.searchParams.set("limit", "10");
    let response: Response;
    try {
      response = await this.fetchImpl(url.toString(), {
        headers: { authorization: `Bearer ${this.settings.apiKey}` },
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProviderError(`SendGrid activity lookup failed: ${(error as Error).message}`, {
        provider: "sendgrid",
        retryable: true,
      });
    }
    if (!response.ok) {
      throw new ProviderError(`SendGrid activity lookup answered ${response.status}`, {
        provider: "sendgrid",
        httpStatus: response.status,
        retryable: true,
      });
    }
    const payload = (await response.json().catch(() => null)) as {
      messages?: { msg_id?: string; to_email?: string; status?: string }[];
    } | null;
    if (!payload || !Array.isArray(payload.messages)) {
      throw new ProviderError("SendGrid activity lookup answered without a message list", {
        provider: "sendgrid",
        retryable: true,
      });
    }
    const found = payload.messages.find((m) => m.msg_id && (!m.to_email || m.to_email === query.to));
    if (!found) return null;
    return { providerMessageId: found.msg_id!, status: found.status === "delivered" ? "delivered" : "sent" };
  }

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
