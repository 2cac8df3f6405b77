import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { AppError } from "../../errors";
import { receiveSms } from "../../services/receive-sms";
import { kickDispatch } from "../background";
import { verifiedTwilioParams } from "./twilio-request";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * POST /webhooks/twilio/sms: a family's text. Verified, written durably (the answer is sent
 * only after the batch commits, so Twilio retries anything we did not store), answered with
 * empty TwiML — replies (STOP confirmations, HELP) go through the outbox like every message.
 */
export const twilioSmsRoutes = new Hono<AppEnv>().post("/webhooks/twilio/sms", async (c) => {
  const params = await verifiedTwilioParams(c);
  if (!params.MessageSid || !params.From)
    throw new AppError(400, "invalid_request", "MessageSid and From are required");
  const result = await receiveSms({ deps: c.get("deps") }, params);
  if (result.isNew) kickDispatch(c);
  return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
});
