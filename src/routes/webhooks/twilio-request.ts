import type { Context } from "hono";
import { verifyTwilioSignature } from "../../auth/twilio-signature";
import type { AppEnv } from "../../context";
import { AppError } from "../../errors";

/**
 * The form parameters of a request that really comes from Twilio, or an error: a missing
 * X-Twilio-Signature is 400, a wrong one 403 — before anything is read into the database.
 * Twilio signs the URL it called: PUBLIC_BASE_URL + path + query.
 */
export async function verifiedTwilioParams(c: Context<AppEnv>): Promise<Record<string, string>> {
  const { config } = c.get("deps");
  const signature = c.req.header("x-twilio-signature");
  if (!signature)
    throw new AppError("invalid_request", "X-Twilio-Signature is required", { subcode: "missing_signature" });
  const params = Object.fromEntries(
    Object.entries(await c.req.parseBody()).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const url = new URL(c.req.url);
  const signedUrl = `${config.publicBaseUrl}${url.pathname}${url.search}`;
  const token = config.twilioWebhookToken;
  if (!token || !(await verifyTwilioSignature(token, signature, signedUrl, params))) {
    throw new AppError("forbidden", "The Twilio signature does not match", { subcode: "invalid_signature" });
  }
  return params;
}
