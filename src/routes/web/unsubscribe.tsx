import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { NotFoundError } from "../../errors";
import { findUnsubscribeContact, unsubscribeContact } from "../../services/unsubscribe-contact";
import { UnsubscribePage } from "../../views/pages/unsubscribe";
import { translator } from "../middleware";

/**
 * /u/:token — the email footer's link and the List-Unsubscribe target. The signed token is the
 * authority, so the POST needs no CSRF cookie: mail clients send RFC 8058 one-click POSTs.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()
  .get("/u/:token", async (c) => {
    const deps = c.get("deps");
    const found = await findUnsubscribeContact({ deps }, c.req.param("token"));
    if (!found) throw new NotFoundError();
    const lang = found.contact.language ?? found.language;
    const title = deps.i18n.t(lang, "email:layout.unsubscribe");
    return c.html(<UnsubscribePage t={translator(c, lang)} lang={lang} title={title} token={c.req.param("token")} />);
  })
  .post("/u/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const found = await findUnsubscribeContact({ deps }, token);
    if (!found || !(await unsubscribeContact({ deps }, token))) throw new NotFoundError();
    const lang = found.contact.language ?? found.language;
    const [school] = await deps.db.query.schools.findMany({ where: (s, { eq }) => eq(s.id, found.schoolId), limit: 1 });
    const title = deps.i18n.t(lang, "email:layout.unsubscribe");
    const message = deps.i18n.t(lang, "email:opt_out_confirmation.body", { school: school?.name ?? "" });
    return c.html(<UnsubscribePage t={translator(c, lang)} lang={lang} title={title} message={message} />);
  });
