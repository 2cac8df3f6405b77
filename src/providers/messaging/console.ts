import type { EmailMessage, EmailProvider, FoundMessage, SendResult, SmsMessage, SmsProvider } from "./types";

/**
 * Development providers: nothing leaves the machine. Each message is printed (so the magic
 * link of a sign-in email appears in the terminal) and kept in `sent` for tests and the
 * /dev/phone page.
 */
export class ConsoleSmsProvider implements SmsProvider {
  readonly name = "console" as const;
  readonly sender = "console";
  readonly sent: (SmsMessage & { providerMessageId: string; at: Date })[] = [];
  constructor(private readonly print: (line: string) => void = console.log) {}

  async send(message: SmsMessage): Promise<SendResult> {
    const providerMessageId = `console-sms-${crypto.randomUUID()}`;
    this.sent.push({ ...message, providerMessageId, at: new Date() });
    this.print(`[sms → ${message.to}] ${message.body}`);
    return { providerMessageId, status: "sent" };
  }

  async findSent(query: { to: string; body: string; since: Date }): Promise<FoundMessage | null> {
    const found = this.sent.find((m) => m.to === query.to && m.body === query.body && m.at >= query.since);
    return found ? { providerMessageId: found.providerMessageId, status: "sent" } : null;
  }
}

export class ConsoleEmailProvider implements EmailProvider {
  readonly name = "console" as const;
  readonly sent: (EmailMessage & { providerMessageId: string })[] = [];
  constructor(private readonly print: (line: string) => void = console.log) {}

  async send(message: EmailMessage): Promise<SendResult> {
    const providerMessageId = `console-email-${crypto.randomUUID()}`;
    this.sent.push({ ...message, providerMessageId });
    this.print(`[email → ${message.to}] ${message.subject}\n${message.text}`);
    return { providerMessageId, status: "sent" };
  }

  async findSent(query: { messageId: string; to: string }): Promise<FoundMessage | null> {
    const found = this.sent.find((m) => m.customArgs?.messageId === query.messageId && m.to === query.to);
    return found ? { providerMessageId: found.providerMessageId, status: "sent" } : null;
  }
}
