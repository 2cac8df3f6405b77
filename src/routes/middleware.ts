import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { constantTimeEqual, randomToken } from "../auth/tokens";
import type { Config } from "../config";
import type { Actor, AppEnv, ServiceContext } from "../context";
import { AppError, UnauthorizedError } from "../errors";
import { deploymentDistrictId } from "../services/district";
import { unreadCount } from "../services/list-inbox";
import { resolveSession } from "../services/resolve-session";

/**
 * Cookie names. `__Host-` (production, HTTPS) pins a cookie to this exact origin: no Domain,
 * Path=/, Secure. Plain names in development, where http://localhost has no TLS.
 */
export function cookieNames(config: Config) {
  const secure = config.publicBaseUrl.startsWith("https://");
  return {
    session: secure ? "__Host-doorstep_session" : "doorstep_session",
    csrf: secure ? "__Host-doorstep_csrf" : "doorstep_csrf",
    secure,
  };
}

/** Reads the session cookie (if any) and sets `actor` and `sessionId`. Never rejects. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get("deps");
  const token = getCookie(c, cookieNames(deps.config).session);
  const found = token ? await resolveSession({ deps }, token) : null;
  c.set("actor", found?.actor);
  c.set("sessionId", found?.sessionId);
  await next();
};

/**
 * The inbox's unread count on every page a signed-in educator opens, for the badge in the
 * navigation: a family's reply is visible from anywhere, not only on the inbox page.
 */
export const countUnread: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get("actor");
  // Not for scripts asking for JSON (the event page polls its progress every few seconds).
  const wantsJson = /json/.test(c.req.header("accept") ?? "") && !/html/.test(c.req.header("accept") ?? "");
  if (actor?.type === "educator" && c.req.method === "GET" && !wantsJson)
    c.set("actor", { ...actor, unread: await unreadCount({ deps: c.get("deps"), actor }) });
  await next();
};

/**
 * CSRF for every HTML form: a random token in a cookie that must come back in the form's
 * `_csrf` field (double submit). A cross-site page can make the browser send the cookie, but
 * cannot read it to put it in the form. SameSite=Lax is a second wall.
 */
export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  const names = cookieNames(c.get("deps").config);
  let token = getCookie(c, names.csrf);
  if (!token) {
    token = randomToken();
    setCookie(c, names.csrf, token, { path: "/", httpOnly: true, sameSite: "Lax", secure: names.secure });
  }
  c.set("csrfToken", token);
  if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const sent = typeof body._csrf === "string" ? body._csrf : "";
    if (!sent || !constantTimeEqual(sent, token)) {
      throw new AppError(403, "csrf", "The form's security token is missing or stale");
    }
  }
  await next();
};

/** Web pages that need a signed-in educator send everyone else to the sign-in page. */
export const requireSignedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("actor")?.type !== "educator") return c.redirect("/login", 303);
  await next();
};

/**
 * API authentication: the ADMIN_API_TOKEN bearer (a district admin of the deployment's
 * district) or a signed-in session. Anything else is 401.
 */
export const requireApiActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get("deps");
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const expected = deps.config.adminApiToken;
    if (!bearer || !expected || !constantTimeEqual(bearer, expected))
      throw new UnauthorizedError("Invalid bearer token");
    c.set("actor", { type: "api_token", role: "district_admin", districtId: await deploymentDistrictId(deps.db) });
  }
  if (!c.get("actor")) throw new UnauthorizedError();
  await next();
};

/** The ServiceContext for a request whose actor is known. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const actor = c.get("actor") as Actor | undefined;
  if (!actor) throw new UnauthorizedError();
  return { deps: c.get("deps"), actor };
}

/** The signed-in educator, for pages behind `requireSignedIn`. */
export function educatorActor(c: Context<AppEnv>) {
  const actor = c.get("actor");
  if (actor?.type !== "educator") throw new UnauthorizedError();
  return actor;
}

/** A `t` bound to a language, for views. */
export function translator(c: Context<AppEnv>, lng = "en") {
  const { i18n } = c.get("deps");
  return (key: string, options?: Record<string, unknown>) => i18n.t(lng, key, options);
}
