import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { correctTranslation } from "../../services/translation";
import { requireSignedIn, serviceContext } from "../middleware";

/** A bilingual educator corrects a family text's translation, then returns to the page they were on. */
export const translationRoutes = new Hono<AppEnv>()
  .use("/messages/:id/translation", requireSignedIn)
  .post("/messages/:id/translation", async (c) => {
    const form = await c.req.parseBody();
    const { familyId } = await correctTranslation(serviceContext(c), {
      messageId: c.req.param("id"),
      text: typeof form.text === "string" ? form.text : "",
    });
    // Only our own paths, one line: an open redirect or a header split must not come from a form.
    const returnTo =
      typeof form.returnTo === "string" && /^\/[a-z][\w/-]*$/i.test(form.returnTo)
        ? form.returnTo
        : `/families/${familyId}`;
    return c.redirect(`${returnTo}?corrected=1`, 303);
  });
