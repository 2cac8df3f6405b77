import type { EmailMessage, EmailProvider, SendResult, SmsMessage, SmsProvider } from "./types";

/**
 * Development providers: nothing leaves the machine. Each message is printed (so the magic
 * link of a sign-in email appears in the terminal) and kept in `sent` for tests and /dev.
 */
export class ConsoleSmsProvider implements SmsProvider {
  readonly name = "console" as const;
  readonly sent: SmsMessage[] = [];
  constructor(private readonly print: (line: string) => void = console.log) {}

  async send(message: SmsMessage): Promise<SendResult> {
    this.sent.push(message);
    this.print(`[sms → ${message.to}] ${message.body}`);
    return { providerMessageId: `console-sms-${this.sent.length}-${crypto.randomUUID()}`, status: "sent" };
  }
}

export class ConsoleEmailProvider implements EmailProvider {
  readonly name = "console" as const;
  readonly sent: EmailMessage[] = [];
  constructor(private readonly print: (line: string) => void = console.log) {}

  async send(message: EmailMessage): Promise<SendResult> {
    this.sent.push(message);
    this.print(`[email → ${message.to}] ${message.subject}\n${message.text}`);
    return { providerMessageId: `console-email-${this.sent.length}-${crypto.randomUUID()}`, status: "sent" };
  }
}
