import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { constantTimeEqual } from "../../auth/tokens";
import type { AppEnv } from "../../context";
import { AppError, NotFoundError } from "../../errors";
import { receiveEmail } from "../../services/inbound";
import { kickTranslation } from "../background";

/** Inbound Parse posts whole emails, attachments included; we keep none of the attachments. */
const MAX_BYTES = 30 * 1024 * 1024;

/**
 * POST /webhooks/sendgrid/inbound/:secret — SendGrid Inbound Parse (multipart). The secret in
 * the path is compared in constant time; a wrong one is a plain 404, as if nothing were here.
 */
export const sendgridInboundRoutes = new Hono<AppEnv>().post(
  "/webhooks/sendgrid/inbound/:secret",
  async (c, next) => {
    const expected = c.get("deps").config.sendgridInboundSecret;
    if (!expected || !constantTimeEqual(c.req.param("secret"), expected)) throw new NotFoundError();
    await next();
  },
  bodyLimit({
    maxSize: MAX_BYTES,
    onError: () => {
      throw new AppError("too_large", "Email too large");
    },
  }),
  async (c) => {
    const form = await c.req.parseBody();
    const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string) : "");
    if (!text("from")) throw new AppError("invalid_request", "The Inbound Parse field 'from' is required");
    const { isNew } = await receiveEmail(
      { deps: c.get("deps") },
      {
        to: text("to"),
        from: text("from"),
        subject: text("subject"),
        text: text("text"),
        html: text("html"),
        headers: text("headers"),
        envelope: text("envelope"),
        attachments: Number(text("attachments")) || 0,
        attachmentInfo: text("attachment-info"),
      },
    );
    if (isNew) kickTranslation(c);
    return c.body(null, 200);
  },
);
