import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { AppError } from "../../errors";
import { receiveSms, routeInboundSoon } from "../../services/inbound";
import { runInBackground } from "../background";
import { verifiedTwilioParams } from "./twilio-request";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * POST /webhooks/twilio/sms: a family's text. Verified, written durably (the answer is sent
 * only after the batch commits, so Twilio retries anything we did not store), answered with
 * empty TwiML. Routing and replies (STOP confirmations, HELP) happen right after the answer,
 * through the outbox like every message.
 */
export const twilioSmsRoutes = new Hono<AppEnv>().post("/webhooks/twilio/sms", async (c) => {
  const deps = c.get("deps");
  const result = await receiveSms({ deps }, async () => {
    const params = await verifiedTwilioParams(c);
    if (!params.MessageSid || !params.From) throw new AppError("invalid_request", "MessageSid and From are required");
    return params;
  });
  // After the answer: route it (family, replies, notifications), then send any reply queued.
  if (result.isNew) {
    // A STOP/START/HELP answer should go out at once; routing dispatches the replies it queues.
    const keywordText = result.keyword !== null ? result.messageId : undefined;
    runInBackground(c, routeInboundSoon({ deps }, { keywordText }));
  }
  return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
});
