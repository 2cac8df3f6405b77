import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../context";
import {
  finishOidcSignIn,
  OIDC_PROVIDERS,
  type OidcProviderName,
  type OidcRefusal,
  ProviderUnavailableError,
  startOidcSignIn,
} from "../../services/auth";
import { ErrorPage } from "../../views/pages/error";
import { cookieNames, translator } from "../middleware";
import { setSessionCookie } from "./auth";

/**
 * "Sign in with Google / Microsoft" (OpenID Connect), beside magic links: /login/<provider>
 * sends the browser to the provider, /login/<provider>/callback brings it back signed in.
 */
export const oidcRoutes = new Hono<AppEnv>();

// One pair of plain paths per provider (a `{google|microsoft}` pattern would also match
// "/login/google/callback": Hono does not group the alternation).
for (const provider of OIDC_PROVIDERS) {
  oidcRoutes.get(`/login/${provider}`, (c) => start(c, provider));
  oidcRoutes.get(`/login/${provider}/callback`, (c) => callback(c, provider));
}

async function start(c: Context<AppEnv>, provider: OidcProviderName) {
  let started: Awaited<ReturnType<typeof startOidcSignIn>>;
  try {
    started = await startOidcSignIn({ deps: c.get("deps") }, { provider });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    c.get("deps").log("warn", "provider sign-in unavailable", { provider, error: error.message });
    return refusalPage(c, "provider_unreachable");
  }
  // The state also lives in this browser's cookie: a callback link sent to someone else
  // (login CSRF) finds no matching cookie there.
  const { name, secure } = stateCookie(c);
  setCookie(c, name, started.state, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax", // sent on the provider's top-level redirect back to us
    secure,
    expires: started.expiresAt,
  });
  c.header("cache-control", "no-store");
  return c.redirect(started.authorizationUrl, 302);
}

async function callback(c: Context<AppEnv>, provider: OidcProviderName) {
  const { name, secure } = stateCookie(c);
  const browserState = getCookie(c, name);
  deleteCookie(c, name, { path: "/", secure });
  c.header("cache-control", "no-store");
  const result = await finishOidcSignIn({ deps: c.get("deps") }, { provider, callbackUrl: c.req.url, browserState });
  if (!result.ok) return refusalPage(c, result.reason);
  setSessionCookie(c, result.session.token, result.session.expiresAt);
  return c.redirect("/", 303);
}

function refusalPage(c: Context<AppEnv>, reason: OidcRefusal) {
  const t = translator(c);
  return c.html(
    <ErrorPage
      t={t}
      title={t("login.title")}
      message={t(`login.providerRefused.${reason}`)}
      reference={c.get("requestId")}
    />,
    REFUSAL_STATUS[reason],
  );
}

const REFUSAL_STATUS: Record<OidcRefusal, 400 | 403 | 404 | 502> = {
  not_configured: 404,
  provider_unreachable: 502,
  state: 400,
  provider_error: 400,
  token: 400,
  unverified_email: 403,
  domain_not_allowed: 403,
  unknown_staff: 403,
};

function stateCookie(c: Context<AppEnv>) {
  const { secure } = cookieNames(c.get("deps").config);
  return { name: secure ? "__Host-doorstep_oidc" : "doorstep_oidc", secure };
}
