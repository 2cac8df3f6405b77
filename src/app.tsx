import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { ZodError } from "zod";
import { databaseBusyOf } from "../db/busy";
import type { AppEnv, Deps } from "./context";
import { AppError, fieldsFromZod, ValidationError } from "./errors";
import { apiRoutes } from "./routes/api";
import { runInBackground } from "./routes/background";
import { createDevRoutes } from "./routes/dev";
import { familyCalendarRoutes } from "./routes/family/calendar";
import { familyEventRoutes } from "./routes/family/event";
import { familySurveyRoutes } from "./routes/family/survey";
import { familyVisitRoutes } from "./routes/family/visit";
import { healthRoutes } from "./routes/health";
import {
  countUnread,
  csrfProtection,
  HTTP_STATUS,
  limitBodies,
  loadSession,
  noStoreByDefault,
  REQUEST_ID_MAX_LENGTH,
  sameOriginCookieWrites,
  translator,
} from "./routes/middleware";
import { authRoutes } from "./routes/web/auth";
import { oidcRoutes } from "./routes/web/auth-oidc";
import { dashboardRoutes } from "./routes/web/dashboard";
import { drawRoutes } from "./routes/web/draws";
import { eventRoutes } from "./routes/web/events";
import { fidelityRoutes } from "./routes/web/fidelity";
import { importRoutes } from "./routes/web/imports";
import { inboxRoutes } from "./routes/web/inbox";
import { inviteRoutes } from "./routes/web/invite";
import { COMPOSE_JS, IMPORT_JS, logContactRoutes, messageRoutes } from "./routes/web/messages";
import { officeHoursRoutes } from "./routes/web/office-hours";
import { pageRoutes } from "./routes/web/pages";
import { recordsRoutes } from "./routes/web/records";
import { surveyRoutes } from "./routes/web/surveys";
import { translationRoutes } from "./routes/web/translations";
import { unsubscribeRoutes } from "./routes/web/unsubscribe";
import { visitRoutes } from "./routes/web/visits";
import { sendgridEventRoutes } from "./routes/webhooks/sendgrid-events";
import { sendgridInboundRoutes } from "./routes/webhooks/sendgrid-inbound";
import { twilioSmsRoutes } from "./routes/webhooks/twilio-sms";
import { twilioStatusRoutes } from "./routes/webhooks/twilio-status";
import { ErrorPage } from "./views/pages/error";

/**
 * The whole application, for both runtimes: workers/cloudflare.ts and workers/node.ts each
 * build Deps their own way and hand them here. Nothing below knows which runtime it is on.
 */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

  // Every request has an id: a well-formed X-Request-Id from the caller (a proxy's) is kept,
  // anything else replaced by a new UUID. It goes back in that header, in every error body and
  // page, and on every log line written while the request is handled (deps.logScope).
  app.use(requestId({ limitLength: REQUEST_ID_MAX_LENGTH }));
  app.use(async (c, next) => {
    c.set("deps", deps);
    await deps.logScope({ requestId: c.get("requestId") }, next);
    // Reads' access-audit rows go out after the response (src/audit-buffer.ts); on Workers the
    // flush must be handed to waitUntil or the isolate may stop before it runs.
    if (deps.audits.size > 0) runInBackground(c, deps.audits.flush());
  });
  // Before anything that reads a body (CSRF, webhook signatures, parsers): docs/security.md.
  app.use(limitBodies);
  app.use(noStoreByDefault);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  app.route("/", healthRoutes);
  // Webhooks verify their own signatures; no session, no CSRF cookie.
  app.route("/", twilioStatusRoutes);
  app.route("/", twilioSmsRoutes);
  app.route("/", sendgridInboundRoutes);
  app.route("/", sendgridEventRoutes);
  app.use("/api/*", loadSession, sameOriginCookieWrites);
  app.route("/api/v1", apiRoutes());

  // Signed-token pages for families (the token is the authority; mail clients POST one-click).
  app.route("/", unsubscribeRoutes);
  app.route("/", familyVisitRoutes);
  app.route("/", familyEventRoutes);
  app.route("/", familyCalendarRoutes);
  app.route("/", familySurveyRoutes);
  app.get("/assets/import.js", (c) =>
    c.body(IMPORT_JS, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
    }),
  );
  app.get("/assets/compose.js", (c) =>
    c.body(COMPOSE_JS, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
    }),
  );

  // Browser pages: session first, then CSRF for every form post.
  app.use("*", loadSession, csrfProtection);
  app.use("*", countUnread);
  app.route("/", authRoutes);
  app.route("/", oidcRoutes);
  if (deps.config.appEnv === "development")
    app.route(
      "/dev",
      createDevRoutes((request) => Promise.resolve(app.fetch(request))),
    );
  app.route("/", inboxRoutes);
  app.route("/", inviteRoutes);
  app.route("/", drawRoutes);
  app.route("/", fidelityRoutes);
  app.route("/", eventRoutes);
  app.route("/", surveyRoutes);
  app.route("/", dashboardRoutes);
  app.route("/", visitRoutes);
  app.route("/", importRoutes);
  app.route("/", messageRoutes);
  app.route("/", logContactRoutes);
  app.route("/", translationRoutes);
  app.route("/", recordsRoutes);
  app.route("/", officeHoursRoutes);
  app.route("/", pageRoutes);

  app.notFound((c) => {
    const requestId = c.get("requestId");
    if (wantsJson(c)) return c.json({ error: { code: "not_found", message: "Not found", requestId } }, 404);
    const t = translator(c);
    return c.html(
      <ErrorPage t={t} title={t("errors.notFoundTitle")} message={t("errors.notFound")} reference={requestId} />,
      404,
    );
  });
  app.onError((error, c) => renderError(error, c));
  return app;
}

export type App = ReturnType<typeof createApp>;

function wantsJson(c: Context<AppEnv>) {
  return c.req.path.startsWith("/api/") || c.req.path.startsWith("/webhooks/");
}

/** The one error handler: known errors keep their status and words; the rest become a 500 that leaks nothing. */
function renderError(thrown: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId");
  let error = thrown;
  let status = 500;
  let code = "internal";
  let message = "Something went wrong";
  let fields: Record<string, string> | undefined;
  let extra: Record<string, unknown> | undefined;
  if (error instanceof ZodError) error = new ValidationError(fieldsFromZod(error));
  const busy = databaseBusyOf(error);
  if (busy) {
    // Another writer held the lock past the retry budget (db/busy.ts): a temporary refusal.
    c.header("Retry-After", String(busy.retryAfterSeconds));
    error = new AppError("unavailable", "The database is busy; try again shortly", { subcode: "database_busy" });
    c.get("deps")?.log("warn", "database busy", { path: c.req.path, waitedMs: busy.waitedMs });
  }
  if (error instanceof AppError) {
    // The one place a code becomes a status (HTTP_STATUS); a subcode is the finer code clients read.
    status = HTTP_STATUS[error.code];
    code = error.subcode ?? error.code;
    ({ message, fields, extra } = error);
  } else if (error instanceof HTTPException && error.status < 500) {
    status = error.status;
    code = status === 400 ? "invalid_request" : "http_error";
    message = error.message || "Bad request";
  } else {
    c.get("deps")?.log("error", "unhandled error", { path: c.req.path, error: error.message, stack: error.stack });
  }
  if (wantsJson(c)) {
    return c.json({ error: { code, message, ...(fields ? { fields } : {}), ...extra, requestId } }, status as 400);
  }
  const t = translator(c);
  const page =
    status === 404
      ? { title: t("errors.notFoundTitle"), message: t("errors.notFound") }
      : status === 403 && code === "csrf"
        ? { title: t("errors.forbiddenTitle"), message: t("errors.csrf") }
        : status === 403
          ? { title: t("errors.forbiddenTitle"), message }
          : status < 500
            ? // Bad input is not "Not allowed": a form a page did not catch still names each field
              // in words and says the typed work is one Back away.
              { title: t("errors.notSavedTitle"), message, fields, back: true }
            : { title: t("errors.serverTitle"), message: t("errors.server") };
  return c.html(<ErrorPage t={t} {...page} reference={requestId} />, status as 400);
}
