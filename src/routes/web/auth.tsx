import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { yieldToIo } from "../../after-io";
import type { AppEnv } from "../../context";
import { endSession, issueLoginLink, redeemLoginLink, requestLoginLink } from "../../services/auth";
import { sendQueued } from "../../services/outbound";
import { ErrorPage } from "../../views/pages/error";
import { LoginPage, VerifyPage } from "../../views/pages/login";
import { runInBackground } from "../background";
import { clientAddress, cookieNames, translator } from "../middleware";
import { signInProviders } from "./sign-in-providers";

/** Magic-link sign-in: ask for a link, open it, press the button, get a session. */
export const authRoutes = new Hono<AppEnv>()
  .get("/login", (c) =>
    c.html(
      <LoginPage
        t={translator(c)}
        csrfToken={c.get("csrfToken")}
        showDevHint={isDevelopment(c)}
        providers={signInProviders(c)}
      />,
    ),
  )
  .post("/login", async (c) => {
    const deps = c.get("deps");
    const t = translator(c);
    const body = await c.req.parseBody();
    const email = typeof body.email === "string" ? body.email.trim() : "";
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
      const page = (
        <LoginPage
          t={t}
          csrfToken={c.get("csrfToken")}
          error={t("login.emailInvalid")}
          providers={signInProviders(c)}
        />
      );
      return c.html(page, 400);
    }
    const outcome = await requestLoginLink({ deps }, { email, client: clientAddress(c) });
    if (outcome.status === "limited") {
      c.header("retry-after", String(outcome.retryAfterSeconds));
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      const page = (
        <LoginPage
          t={t}
          csrfToken={c.get("csrfToken")}
          error={t("login.limited", { minutes })}
          providers={signInProviders(c)}
        />
      );
      return c.html(page, 429);
    }
    // Everything that depends on whether the address is known happens after the response: the
    // database driver for a local file is synchronous underneath, so even the lookup waits for
    // the next turn (yieldToIo), when the answer has been handed over.
    runInBackground(
      c,
      yieldToIo()
        .then(() => issueLoginLink({ deps }, email))
        .then((ids) => (ids.length ? Promise.all(sendQueued({ deps }, { staffMailIds: ids })) : undefined)),
    );
    return c.html(
      <LoginPage
        t={t}
        csrfToken={c.get("csrfToken")}
        sent
        showDevHint={isDevelopment(c)}
        providers={signInProviders(c)}
      />,
    );
  })
  .get("/login/verify", (c) => {
    const token = c.req.query("token") ?? "";
    return c.html(<VerifyPage t={translator(c)} csrfToken={c.get("csrfToken")} token={token} />);
  })
  .post("/login/verify", async (c) => {
    const body = await c.req.parseBody();
    const token = typeof body.token === "string" ? body.token : "";
    const session = token ? await redeemLoginLink({ deps: c.get("deps") }, token) : null;
    if (!session) {
      const t = translator(c);
      return c.html(
        <ErrorPage t={t} title={t("login.title")} message={t("login.invalid")} reference={c.get("requestId")} />,
        400,
      );
    }
    setSessionCookie(c, session.token, session.expiresAt);
    return c.redirect("/", 303);
  })
  .post("/logout", async (c) => {
    const sessionId = c.get("sessionId");
    if (sessionId) await endSession({ deps: c.get("deps") }, sessionId);
    const names = cookieNames(c.get("deps").config);
    deleteCookie(c, names.session, { path: "/", secure: names.secure });
    return c.redirect("/login", 303);
  });

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  const names = cookieNames(c.get("deps").config);
  setCookie(c, names.session, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: names.secure,
    expires: expiresAt,
  });
}

function isDevelopment(c: Context<AppEnv>) {
  return c.get("deps").config.appEnv === "development";
}
