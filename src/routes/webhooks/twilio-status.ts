import { Hono } from "hono";
import { verifyTwilioSignature } from "../../auth/twilio-signature";
import type { AppEnv } from "../../context";
import { AppError } from "../../errors";
import { recordTwilioStatus } from "../../services/record-twilio-status";

/**
 * POST /webhooks/twilio/status?m=<our message id>. Verify first (missing signature → 400,
 * wrong → 403, nothing stored), store once, answer at once. Twilio retries on 5xx.
 */
export const twilioStatusRoutes = new Hono<AppEnv>().post("/webhooks/twilio/status", async (c) => {
  const deps = c.get("deps");
  const signature = c.req.header("x-twilio-signature");
  if (!signature) throw new AppError(400, "missing_signature", "X-Twilio-Signature is required");
  const authToken = deps.config.twilio?.authToken;
  const params = Object.fromEntries(
    Object.entries(await c.req.parseBody()).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const url = new URL(c.req.url);
  const signedUrl = `${deps.config.publicBaseUrl}${url.pathname}${url.search}`;
  if (!authToken || !(await verifyTwilioSignature(authToken, signature, signedUrl, params))) {
    throw new AppError(403, "invalid_signature", "The Twilio signature does not match");
  }
  const result = await recordTwilioStatus({ deps }, params, c.req.query("m"));
  if (result === "unknown_message")
    deps.log("warn", "status callback for an unknown message", { sid: params.MessageSid });
  return c.body(null, 204);
});
