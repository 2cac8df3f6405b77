import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { FamilyListQuery } from "../../schemas/families";
import { getFamily } from "../../services/get-family";
import { listFamilies } from "../../services/list-families";
import { listFamilyActivity } from "../../services/list-family-activity";
import { FamilyPage } from "../../views/pages/family";
import { HomePage } from "../../views/pages/home";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** Educator and coordinator pages. Each handler: parse, call one service, render. */
export const pageRoutes = new Hono<AppEnv>()
  .use("/", requireSignedIn)
  .use("/families/*", requireSignedIn)
  .get("/", async (c) => {
    const query = FamilyListQuery.parse({
      q: c.req.query("q") || undefined,
      cursor: c.req.query("cursor") || undefined,
      limit: 100,
    });
    const page = await listFamilies(serviceContext(c), query);
    return c.html(
      <HomePage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        families={page.families}
        nextCursor={page.nextCursor}
        q={query.q}
      />,
    );
  })
  .get("/families/:id", async (c) => {
    const ctx = serviceContext(c);
    const id = c.req.param("id");
    const family = await getFamily(ctx, id);
    const activity = await listFamilyActivity(ctx, id);
    return c.html(
      <FamilyPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        family={family}
        activity={activity}
      />,
    );
  });
