import { delay, HttpResponse, http } from "msw";
import { twilioSignature } from "../../src/auth/twilio-signature";
import { mswServer } from "./msw";
import { SENDGRID_SEND_URL, TWILIO_MESSAGES_URL, TWILIO_TOKEN } from "./test-app";

export type TwilioRefusal = { status: number; code?: number; retryAfter?: string };
export type TwilioAccepted = { sid: string; to: string; body: string; at: number };

/**
 * A Twilio that remembers: every accepted message is listed by `GET Messages.json?To=` (as
 * reconciliation asks), answers take `delayMs` of real time, and `answer` may refuse a request
 * (an error code or 429 with Retry-After) or act while it is open (start a second dispatcher).
 */
export function mockTwilioAccount(
  options: {
    delayMs?: number;
    answer?: (
      form: Record<string, string>,
      index: number,
    ) => TwilioRefusal | undefined | Promise<TwilioRefusal | undefined>;
  } = {},
) {
  const accepted: TwilioAccepted[] = [];
  const requests: Record<string, string>[] = [];
  mswServer.use(
    http.post(TWILIO_MESSAGES_URL, async ({ request }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      const index = requests.push(form) - 1;
      const refusal = await options.answer?.(form, index);
      if (refusal) {
        if (options.delayMs) await delay(options.delayMs);
        return HttpResponse.json(
          { code: refusal.code ?? 20429, message: `error ${refusal.code ?? 20429}` },
          { status: refusal.status, headers: refusal.retryAfter ? { "Retry-After": refusal.retryAfter } : {} },
        );
      }
      const message = {
        sid: `SM${String(accepted.length + 1).padStart(32, "0")}`,
        to: form.To!,
        body: form.Body!,
        at: Date.now(),
      };
      accepted.push(message);
      if (options.delayMs) await delay(options.delayMs);
      return HttpResponse.json(
        { sid: message.sid, status: "queued", body: message.body, to: message.to },
        { status: 201 },
      );
    }),
    http.get(TWILIO_MESSAGES_URL, ({ request }) => {
      const to = new URL(request.url).searchParams.get("To");
      return HttpResponse.json({
        messages: accepted.filter((m) => m.to === to).map((m) => ({ sid: m.sid, body: m.body, status: "sent" })),
      });
    }),
  );
  return { accepted, requests };
}

export type TwilioCall = { auth: string | null; form: Record<string, string> };

/**
 * Twilio's Messages endpoint as msw sees it. `responses` are consumed in order (the last one
 * repeats): a status code, "network" for a dropped connection, or a Twilio error code.
 */
export function mockTwilio(responses: (number | "network" | { status: number; code: number })[] = [201]) {
  const calls: TwilioCall[] = [];
  let sid = 0;
  mswServer.use(
    http.post(TWILIO_MESSAGES_URL, async ({ request }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      calls.push({ auth: request.headers.get("authorization"), form });
      const next = responses.length > 1 ? responses.shift()! : responses[0]!;
      if (next === "network") return HttpResponse.error();
      if (typeof next === "object")
        return HttpResponse.json({ code: next.code, message: `error ${next.code}` }, { status: next.status });
      if (next >= 400) return HttpResponse.json({ code: 20500, message: "Service unavailable" }, { status: next });
      sid++;
      return HttpResponse.json(
        { sid: `SM${String(sid).padStart(32, "0")}`, status: "queued", body: form.Body, to: form.To },
        { status: 201 },
      );
    }),
  );
  return calls;
}

/** Twilio's message list, for reconciliation lookups. */
export function mockTwilioList(messages: { sid: string; body: string; status: string }[]) {
  const queries: URLSearchParams[] = [];
  mswServer.use(
    http.get(TWILIO_MESSAGES_URL, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json({ messages });
    }),
  );
  return queries;
}

export function mockSendGrid() {
  const calls: { auth: string | null; body: Record<string, unknown> }[] = [];
  mswServer.use(
    http.post(SENDGRID_SEND_URL, async ({ request }) => {
      calls.push({
        auth: request.headers.get("authorization"),
        body: (await request.json()) as Record<string, unknown>,
      });
      return new HttpResponse(null, { status: 202, headers: { "X-Message-Id": `sg-${calls.length}` } });
    }),
  );
  return calls;
}

/** A status callback exactly as Twilio signs it. */
export async function signedTwilioCallback(url: string, params: Record<string, string>) {
  return {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": await twilioSignature(TWILIO_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}

/** An ECDSA P-256 key pair as SendGrid's Event Webhook uses (public key: base64 SPKI). */
export async function sendGridKeys() {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  const publicKey = Buffer.from(spki).toString("base64");
  const sign = async (timestamp: string, body: string) => {
    const raw = new Uint8Array(
      await crypto.subtle.sign(
        { name: "ECDSA", hash: "SHA-256" },
        pair.privateKey,
        new TextEncoder().encode(timestamp + body),
      ),
    );
    return Buffer.from(rawToDer(raw)).toString("base64");
  };
  return { publicKey, sign };
}

/** r‖s → ASN.1 DER, as SendGrid sends signatures. */
function rawToDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let value = bytes.slice(i);
    if (value[0]! & 0x80) value = Uint8Array.from([0, ...value]);
    return Uint8Array.from([0x02, value.length, ...value]);
  };
  const r = integer(raw.slice(0, 32));
  const s = integer(raw.slice(32));
  return Uint8Array.from([0x30, r.length + s.length, ...r, ...s]);
}
