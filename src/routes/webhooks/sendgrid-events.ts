import { Hono } from "hono";
import { MAX_EVENT_AGE_MS, verifySendGridSignature } from "../../auth/sendgrid-signature";
import { sha256 } from "../../auth/tokens";
import type { AppEnv } from "../../context";
import { AppError } from "../../errors";
import { recordSendGridEvents, type SendGridEvent } from "../../services/outbound";

const SIGNATURE = "x-twilio-email-event-webhook-signature";
const TIMESTAMP = "x-twilio-email-event-webhook-timestamp";
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * POST /webhooks/sendgrid/events: SendGrid's signed Event Webhook. The signature covers the
 * timestamp and the raw body, so the body is read as text before any parsing; a timestamp
 * older than ten minutes is refused so a captured request cannot be replayed later, and within
 * those ten minutes a second delivery of the same signed batch (same signature and timestamp)
 * is refused too: recording is idempotent, but a replay should not look like news. SendGrid
 * itself retries only batches we did not accept.
 */
export const sendgridEventRoutes = new Hono<AppEnv>().post("/webhooks/sendgrid/events", async (c) => {
  const deps = c.get("deps");
  const signature = c.req.header(SIGNATURE);
  const timestamp = c.req.header(TIMESTAMP);
  if (!signature || !timestamp)
    throw new AppError("invalid_request", "The event webhook signature headers are required", {
      subcode: "missing_signature",
    });
  const raw = await c.req.text();
  if (raw.length > MAX_BODY_BYTES) throw new AppError("too_large", "Event batch too large");
  const age = deps.clock.now().getTime() - Number(timestamp) * 1000;
  const key = deps.config.sendgridEventPublicKey;
  if (
    !key ||
    !Number.isFinite(age) ||
    Math.abs(age) > MAX_EVENT_AGE_MS ||
    !(await verifySendGridSignature(key, signature, timestamp, raw))
  ) {
    throw new AppError("forbidden", "The SendGrid signature does not match or is too old", {
      subcode: "invalid_signature",
    });
  }
  // Looked up only once the signature is good, and counted only once the batch is recorded: a
  // forger cannot block a real batch in advance, and a batch whose recording failed can come again.
  const batchKey = `sendgrid-batch:${await sha256(`${timestamp}.${signature}`)}`;
  const replayRule = { limit: 1, windowMs: 2 * MAX_EVENT_AGE_MS };
  if ((await deps.limiter.peek(batchKey, replayRule, deps.clock.now())).count > 0)
    throw new AppError("conflict", "This signed event batch was already received", { subcode: "replayed" });
  let events: SendGridEvent[];
  try {
    const parsed = JSON.parse(raw);
    events = Array.isArray(parsed) ? parsed : [];
  } catch {
    throw new AppError("invalid_request", "The body is not a JSON array of events");
  }
  await recordSendGridEvents({ deps }, events);
  await deps.limiter.hit(batchKey, replayRule, deps.clock.now());
  return c.body(null, 204);
});
