import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { NotFoundError } from "../../errors";
import { listDemoEducators } from "../../services/list-demo-educators";
import { listDevPhone } from "../../services/list-dev-phone";
import { startSession } from "../../services/start-session";
import { DevLoginPage } from "../../views/pages/dev-login";
import { DevPhonePage } from "../../views/pages/dev-phone";
import { translator } from "../middleware";
import { setSessionCookie } from "../web/auth";

/**
 * Development tools, mounted only when APP_ENV=development (see app.ts): one-click sign-in
 * as any demo educator, so a newcomer sees real pages a minute after `npm start`.
 */
export const devRoutes = new Hono<AppEnv>()
  .get("/phone", async (c) =>
    c.html(<DevPhonePage t={translator(c)} threads={await listDevPhone({ deps: c.get("deps") })} />),
  )
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
