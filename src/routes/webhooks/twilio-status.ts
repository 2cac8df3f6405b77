import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { recordTwilioStatus } from "../../services/outbound";
import { verifiedTwilioParams } from "./twilio-request";

/**
 * POST /webhooks/twilio/status?m=<our message id>. Verify first (missing signature → 400,
 * wrong → 403, nothing stored), store once, answer at once. Twilio retries on 5xx.
 */
export const twilioStatusRoutes = new Hono<AppEnv>().post("/webhooks/twilio/status", async (c) => {
  const deps = c.get("deps");
  const params = await verifiedTwilioParams(c);
  const result = await recordTwilioStatus({ deps }, params, c.req.query("m"));
  if (result === "unknown_message")
    deps.log("warn", "status callback for an unknown message", { sid: params.MessageSid });
  return c.body(null, 204);
});
