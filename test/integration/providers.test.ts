import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { parseAddress, SendGridEmailProvider } from "../../src/providers/messaging/sendgrid";
import { TwilioSmsProvider } from "../../src/providers/messaging/twilio";
import { ProviderError } from "../../src/providers/messaging/types";
import { makeEducator, makeSchool } from "../support/factories";
import { mswServer } from "../support/msw";
import { createTestApp } from "../support/test-app";

const SID = `AC${"1".repeat(32)}`;
const twilioSettings = {
  accountSid: SID,
  authToken: "auth-token",
  messagingServiceSid: `MG${"2".repeat(32)}`,
  fromNumber: undefined,
  apiBaseUrl: "https://api.twilio.com",
};
const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages.json`;

describe("TwilioSmsProvider", () => {
  it("posts Twilio's documented form with Basic auth and returns the SID", async () => {
    let seen: { auth: string | null; form: URLSearchParams } | undefined;
    mswServer.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        seen = { auth: request.headers.get("authorization"), form: new URLSearchParams(await request.text()) };
        return HttpResponse.json({ sid: "SM0123", status: "accepted" }, { status: 201 });
      }),
    );
    const result = await new TwilioSmsProvider(twilioSettings).send({
      to: "+12175550142",
      body: "Hola 👋",
      statusCallbackUrl: "https://doorstep.example.org/webhooks/twilio/status?m=msg_1",
    });
    expect(result).toEqual({ providerMessageId: "SM0123", status: "accepted" });
    expect(seen!.auth).toBe(`Basic ${btoa(`${SID}:auth-token`)}`);
    expect(Object.fromEntries(seen!.form)).toEqual({
      To: "+12175550142",
      Body: "Hola 👋",
      MessagingServiceSid: twilioSettings.messagingServiceSid,
      StatusCallback: "https://doorstep.example.org/webhooks/twilio/status?m=msg_1",
    });
  });

  it("marks 429 and 5xx retryable, 400 not, and a network failure as an unknown outcome", async () => {
    const provider = new TwilioSmsProvider(twilioSettings);
    const attempt = async (): Promise<ProviderError> => {
      try {
        await provider.send({ to: "+12175550142", body: "x" });
      } catch (error) {
        if (error instanceof ProviderError) return error;
        throw error;
      }
      throw new Error("expected the send to fail");
    };

    mswServer.use(
      http.post(MESSAGES_URL, () => HttpResponse.json({ code: 20429, message: "Too many" }, { status: 429 })),
    );
    expect((await attempt()).details).toMatchObject({ httpStatus: 429, code: "20429", retryable: true });

    mswServer.use(
      http.post(MESSAGES_URL, () => HttpResponse.json({ code: 21211, message: "Invalid To" }, { status: 400 })),
    );
    expect((await attempt()).details).toMatchObject({ httpStatus: 400, code: "21211", retryable: false });

    mswServer.use(http.post(MESSAGES_URL, () => HttpResponse.error()));
    expect((await attempt()).details).toMatchObject({ retryable: true, outcomeUnknown: true });
  });
});

describe("SendGridEmailProvider", () => {
  it("posts v3 mail/send JSON with a bearer key and custom args, returning X-Message-Id", async () => {
    let body: Record<string, unknown> | undefined;
    let auth: string | null = null;
    mswServer.use(
      http.post("https://api.sendgrid.com/v3/mail/send", async ({ request }) => {
        auth = request.headers.get("authorization");
        body = (await request.json()) as Record<string, unknown>;
        return new HttpResponse(null, { status: 202, headers: { "X-Message-Id": "sg-42" } });
      }),
    );
    const provider = new SendGridEmailProvider({
      apiKey: "SG.key",
      apiBaseUrl: "https://api.sendgrid.com",
      from: "Riverside Elementary <hello@riverside.example.org>",
    });
    const result = await provider.send({
      to: "parent@example.org",
      subject: "Hello",
      text: "plain",
      html: "<p>html</p>",
      replyTo: "reply+abc@in.example.org",
      customArgs: { messageId: "msg_1" },
    });
    expect(result.providerMessageId).toBe("sg-42");
    expect(auth).toBe("Bearer SG.key");
    expect(body).toEqual({
      personalizations: [{ to: [{ email: "parent@example.org" }], custom_args: { messageId: "msg_1" } }],
      from: { email: "hello@riverside.example.org", name: "Riverside Elementary" },
      reply_to: { email: "reply+abc@in.example.org" },
      subject: "Hello",
      content: [
        { type: "text/plain", value: "plain" },
        { type: "text/html", value: "<p>html</p>" },
      ],
    });
  });

  it("parses sender addresses", () => {
    expect(parseAddress("a@b.org")).toEqual({ email: "a@b.org" });
    expect(parseAddress('"Doorstep" <a@b.org>')).toEqual({ name: "Doorstep", email: "a@b.org" });
  });
});

describe("production wiring", () => {
  it("with SendGrid configured, the sign-in email goes through SendGrid's API", async () => {
    const sent: unknown[] = [];
    mswServer.use(
      http.post("https://sendgrid.test/v3/mail/send", async ({ request }) => {
        sent.push(await request.json());
        return new HttpResponse(null, { status: 202, headers: { "X-Message-Id": "sg-1" } });
      }),
    );
    const t = await createTestApp({ SENDGRID_API_KEY: "SG.test", SENDGRID_API_BASE_URL: "https://sendgrid.test" });
    try {
      // createTestApp overrides providers with console ones; rebuild the real one from config.
      const { buildDeps } = await import("../../src/deps");
      const deps = await buildDeps(t.deps.config, {}, { clock: t.clock, log: () => {} });
      expect(deps.email.name).toBe("sendgrid");
      expect(deps.sms.name).toBe("console");
      const school = await makeSchool(deps);
      const educator = await makeEducator(deps, school.id);
      const { issueLoginLink } = await import("../../src/services/auth/issue-login-link");
      const { sendStaffMail } = await import("../../src/messaging/staff-mail");
      await issueLoginLink({ deps }, educator.email);
      expect(sent).toHaveLength(0); // queued in the staff outbox, not sent inline
      await sendStaffMail({ deps }, t.clock.now());
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(sent[0])).toContain("/login/verify?token=");
      deps.close();
    } finally {
      t.close();
    }
  });
});

describe("the network guard", () => {
  it("fails a request no handler expects, instead of letting it out", async () => {
    await expect(fetch("https://api.twilio.com/2010-04-01/Accounts")).rejects.toThrow();
  });
});
