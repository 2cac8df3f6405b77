import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { findUnsubscribeContact, unsubscribeContact } from "../../services/outbound";
import { UnsubscribePage } from "../../views/pages/unsubscribe";
import { familyNotFound } from "../family/not-found";
import { translator } from "../middleware";

/**
 * /u/:token — the email footer's link and the List-Unsubscribe target. The signed token is the
 * authority, so the POST needs no CSRF cookie: mail clients send RFC 8058 one-click POSTs.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()
  .get("/u/:token", async (c) => {
    const deps = c.get("deps");
    const found = await findUnsubscribeContact({ deps }, c.req.param("token"));
    if (!found) return familyNotFound(c);
    const lang = found.contact.language ?? found.language;
    const t = translator(c, lang);
    // Which school, and what stopping means (emails only; texts stop by replying STOP).
    return c.html(
      <UnsubscribePage
        t={t}
        lang={lang}
        title={t("family:unsubscribe.title", { school: found.schoolName })}
        explain={t("family:unsubscribe.explain", { school: found.schoolName })}
        button={t("family:unsubscribe.button")}
        token={c.req.param("token")}
      />,
    );
  })
  .post("/u/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const found = await findUnsubscribeContact({ deps }, token);
    if (!found || !(await unsubscribeContact({ deps }, token))) return familyNotFound(c);
    const lang = found.contact.language ?? found.language;
    const t = translator(c, lang);
    const title = t("family:unsubscribe.title", { school: found.schoolName });
    const message = t("email:opt_out_confirmation.body", { school: found.schoolName });
    return c.html(<UnsubscribePage t={t} lang={lang} title={title} message={message} />);
  });
