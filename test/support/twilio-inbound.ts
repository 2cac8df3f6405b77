import twilio from "twilio";
import type { TestApp } from "./test-app";
import { TWILIO_TOKEN } from "./test-app";

export const SMS_WEBHOOK = "http://doorstep.test/webhooks/twilio/sms";
let counter = 0;

/** A fixture (or built payload) posted to the inbound webhook, signed by the twilio package itself. */
export async function postInboundSms(
  t: TestApp,
  payload: Record<string, string>,
  /** `settle: false` returns with routing still running in the background. */
  options: { signature?: string | null; url?: string; settle?: boolean } = {},
) {
  const url = options.url ?? SMS_WEBHOOK;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const signature =
    options.signature === undefined ? twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, payload) : options.signature;
  if (signature !== null) headers["x-twilio-signature"] = signature;
  const response = await t.app.request(SMS_WEBHOOK, {
    method: "POST",
    headers,
    body: new URLSearchParams(payload).toString(),
  });
  if (options.settle !== false) await t.deps.settle(); // routing runs right after the answer, in the background
  return response;
}

/** A realistic inbound payload from `from` saying `body`, with a fresh MessageSid. */
export function inboundPayload(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = `SM${String(++counter).padStart(8, "0")}${"a".repeat(24)}`;
  return {
    ToCountry: "US",
    SmsMessageSid: sid,
    NumMedia: "0",
    SmsSid: sid,
    SmsStatus: "received",
    Body: body,
    FromCountry: "US",
    To: "+12175550100",
    MessagingServiceSid: `MG${"e".repeat(32)}`,
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: `AC${"f".repeat(32)}`,
    From: from,
    ApiVersion: "2010-04-01",
    ...extra,
  };
}
