import { Hono } from "hono";
import { twilioSignature } from "../../auth/twilio-signature";
import type { AppEnv } from "../../context";
import { normalizePhone } from "../../domain/phone";
import { AppError, NotFoundError } from "../../errors";
import { startSession } from "../../services/auth";
import { listDemoEducators, listDevPhone } from "../../services/operations";
import { DevLoginPage } from "../../views/pages/dev-login";
import { DevPhonePage } from "../../views/pages/dev-phone";
import { translator } from "../middleware";
import { setSessionCookie } from "../web/auth";

/**
 * Development tools, mounted only when APP_ENV=development (see app.ts): one-click sign-in
 * as any demo educator, and a "phone" that shows what the console provider sent and lets you
 * answer as the family — through the real, signature-checked Twilio webhook.
 */
export function createDevRoutes(appFetch: (request: Request) => Promise<Response>) {
  return new Hono<AppEnv>()
    .get("/phone", async (c) =>
      c.html(
        <DevPhonePage
          t={translator(c)}
          csrfToken={c.get("csrfToken")}
          threads={await listDevPhone({ deps: c.get("deps") })}
        />,
      ),
    )
    .post("/phone/reply", async (c) => {
      const { config } = c.get("deps");
      const form = await c.req.parseBody();
      const phone = normalizePhone(typeof form.from === "string" ? form.from : "");
      const body = typeof form.body === "string" ? form.body : "";
      if (!phone.ok || !body.trim()) throw new AppError("invalid_request", "A phone number and a message are required");
      const url = `${config.publicBaseUrl}/webhooks/twilio/sms`;
      const sid = `SMdev${crypto.randomUUID().replaceAll("-", "")}`;
      const params = {
        MessageSid: sid,
        SmsSid: sid,
        AccountSid: "ACdevphone",
        From: phone.e164,
        To: "+15555550100",
        Body: body,
        NumMedia: "0",
        NumSegments: "1",
        SmsStatus: "received",
        ApiVersion: "2010-04-01",
      };
      const response = await appFetch(
        new Request(url, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": await twilioSignature(config.twilioWebhookToken!, url, params),
          },
          body: new URLSearchParams(params),
        }),
      );
      if (!response.ok)
        throw new AppError("invalid_request", `The webhook answered ${response.status}`, {
          subcode: "webhook_refused",
        });
      return c.redirect("/dev/phone", 303);
    })
    .get("/login", async (c) => {
      const educators = await listDemoEducators({ deps: c.get("deps") });
      return c.html(<DevLoginPage t={translator(c)} csrfToken={c.get("csrfToken")} educators={educators} />);
    })
    .post("/login", async (c) => {
      const body = await c.req.parseBody();
      const educatorId = typeof body.educatorId === "string" ? body.educatorId : "";
      const educators = await listDemoEducators({ deps: c.get("deps") });
      if (!educators.some((e) => e.id === educatorId)) throw new NotFoundError("Educator not found");
      const session = await startSession({ deps: c.get("deps") }, educatorId);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect("/", 303);
    });
}
