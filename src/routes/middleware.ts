import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { constantTimeEqual, randomToken } from "../auth/tokens";
import type { Config } from "../config";
import type { Actor, AppEnv, ServiceContext } from "../context";
import { AppError, type ErrorCode, UnauthorizedError, ValidationError } from "../errors";
import { resolveSession } from "../services/auth";
import { unreadCount } from "../services/inbox";
import { UPLOAD_LIMITS } from "../services/roster";
import { deploymentDistrictId } from "../services/schools";

/**
 * The one place an error's code becomes an HTTP status: the error handler (app.tsx) and the
 * forms that show a refusal beside their fields both ask here. Services never see a status.
 */
export const HTTP_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export const httpStatusOf = (error: AppError) => HTTP_STATUS[error.code];

/**
 * The longest X-Request-Id a caller may send for us to keep (hono/request-id also requires
 * letters, digits, `_`, `-` and `=` only); anything else is replaced by a new UUID.
 */
export const REQUEST_ID_MAX_LENGTH = 64;

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

const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest body each kind of request may carry, checked before anything reads it (the CSRF
 * check, a webhook's signature, a route's parser). First match wins. Twilio's webhooks are a
 * few KB of form fields (a text is at most 1600 characters; MMS media come as URLs); the event
 * webhook batches are capped at 2 MB; roster uploads at 10 MB (the import's own inflate caps
 * apply after this). SendGrid's Inbound Parse (up to 30 MB) is capped by its route, after the
 * path secret is checked, so an anonymous caller cannot make us buffer it.
 * A declared Content-Length over the limit is refused without reading a byte; a streamed body
 * is read only up to the limit.
 */
export const BODY_LIMITS: { path: RegExp; maxBytes: number | null }[] = [
  { path: /^\/webhooks\/sendgrid\/inbound\//, maxBytes: null },
  { path: /^\/webhooks\/twilio\//, maxBytes: 64 * KB },
  { path: /^\/webhooks\/sendgrid\/events$/, maxBytes: 2 * MB },
  // The roster upload's own cap (services/roster/read-zip.ts), plus room for the multipart envelope.
  { path: /^\/(api\/v1\/)?imports(\/|$)/, maxBytes: UPLOAD_LIMITS.uploadBytes + MB },
  { path: /^\/api\//, maxBytes: 1 * MB },
  { path: /./, maxBytes: 64 * KB },
];

const tooLarge = (maxBytes: number) =>
  new AppError("too_large", `The request body is larger than ${describeBytes(maxBytes)}`, {
    subcode: "payload_too_large",
  });

function describeBytes(bytes: number) {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}

const limiters = new Map(
  BODY_LIMITS.filter((rule) => rule.maxBytes !== null).map(({ maxBytes }) => [
    maxBytes!,
    bodyLimit({
      maxSize: maxBytes!,
      onError: () => {
        throw tooLarge(maxBytes!);
      },
    }),
  ]),
);

/** Body limits for every route (BODY_LIMITS), registered before any middleware that reads a body. */
export const limitBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const rule = BODY_LIMITS.find((r) => r.path.test(c.req.path));
  const limiter = rule?.maxBytes ? limiters.get(rule.maxBytes) : undefined;
  if (!limiter) return next();
  // A declared length is checked from the header alone. Hono's bodyLimit looks at
  // `c.req.raw.body` first, and on Node that turns the request into a web stream before the route
  // reads it: it doubled the inbound webhook's CPU per request (bench/inbound-sms.ts). Only a
  // body without a length (chunked) needs counting as it streams.
  const length = c.req.header("content-length");
  if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
    if (Number.parseInt(length, 10) > rule!.maxBytes!) throw tooLarge(rule!.maxBytes!);
    return next();
  }
  return limiter(c, next);
};

/**
 * Nothing we serve may be kept by a browser or a shared cache unless the route says so (the
 * static scripts do): pages, API answers, exports, family link pages and sign-in pages all
 * carry personal data or a token.
 */
export const noStoreByDefault: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.has("cache-control")) return;
  try {
    c.res.headers.set("cache-control", "no-store");
  } catch {
    // A response with immutable headers (one passed through from fetch): copy it to mark it.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("cache-control", "no-store");
  }
};

/**
 * Who is asking, for per-client limits. On Node, the socket's address (@hono/node-server passes
 * the IncomingMessage as `env.incoming`); a header would be the client's to forge. On Workers,
 * Cloudflare sets CF-Connecting-IP and a client cannot override it. Behind a reverse proxy on
 * Node every client shares the proxy's address (docs/security.md).
 */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? c.req.header("cf-connecting-ip") ?? "unknown";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * API writes authenticated by the session cookie must come from our own pages. SameSite=Lax
 * stops other sites, not a sibling subdomain (same site, other origin), and the API has no CSRF
 * field. Browsers send Sec-Fetch-Site and Origin with every such request; when neither says
 * "this origin", the write is refused. A bearer token is not sent by browsers on their own, so
 * bearer requests are unaffected.
 */
export const sameOriginCookieWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || c.req.header("authorization") !== undefined || !c.get("actor")) return next();
  if (!fromOwnOrigin(c)) {
    throw new AppError("forbidden", "A signed-in browser may change data only from Doorstep's own pages", {
      subcode: "cross_origin",
    });
  }
  await next();
};

function fromOwnOrigin(c: Context<AppEnv>): boolean {
  const fetchSite = c.req.header("sec-fetch-site");
  if (fetchSite !== undefined) return fetchSite === "same-origin";
  const origin = c.req.header("origin");
  if (!origin) return false;
  return origin === new URL(c.req.url).origin || origin === new URL(c.get("deps").config.publicBaseUrl).origin;
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
      throw new AppError("forbidden", "The form's security token is missing or stale", { subcode: "csrf" });
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

/**
 * A redirect target from a form: a path on this site, or a 400 naming the field. No scheme, no
 * `//host` (an open redirect), no `\\` (browsers read it as `/`), and nothing outside printable
 * ASCII, so a CR/LF can never reach the Location header.
 */
export function localPath(value: unknown, field: string): string {
  if (typeof value === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && !value.includes("\\")) return value;
  throw new ValidationError({ [field]: "must be a path on this site" }, `${field} must be a path on this site`);
}
