import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { getFamily, listFamilies, listFamilyActivity } from "../../services/families";
import { listOptOutReviews, resolveOptOutReview } from "../../services/inbound";
import { assignUnmatched, listInbox, listUnmatched, markThreadRead, unreadCount } from "../../services/inbox";
import { InboxPage } from "../../views/pages/inbox";
import { OptOutReviewsPage } from "../../views/pages/opt-out-reviews";
import { ThreadPage } from "../../views/pages/thread";
import { UnmatchedPage } from "../../views/pages/unmatched";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** The educator inbox and, for coordinators, the unmatched inbox and the opt-out review queue. */
export const inboxRoutes = new Hono<AppEnv>()
  .use("/inbox", requireSignedIn)
  .use("/inbox/*", requireSignedIn)
  .get("/inbox", async (c) => {
    const ctx = serviceContext(c);
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const unreadOnly = c.req.query("unread") === "1";
    return c.html(
      <InboxPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        threads={await listInbox(ctx, { q, unreadOnly })}
        q={q}
        unreadOnly={unreadOnly}
        unreadTotal={await unreadCount(ctx)}
      />,
    );
  })
  .get("/inbox/unmatched", async (c) => {
    const ctx = serviceContext(c);
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const candidates = q ? (await listFamilies(ctx, { q, limit: 10 })).families : [];
    const items = await listUnmatched(ctx);
    return c.html(
      <UnmatchedPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        items={items}
        q={q}
        candidates={candidates}
      />,
    );
  })
  .post("/inbox/unmatched/:id/assign", async (c) => {
    const form = await c.req.parseBody();
    const familyId = typeof form.familyId === "string" ? form.familyId : "";
    await assignUnmatched(serviceContext(c), c.req.param("id"), familyId);
    return c.redirect(`/inbox/${familyId}`, 303);
  })
  .get("/inbox/reviews", async (c) =>
    c.html(
      <OptOutReviewsPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        reviews={await listOptOutReviews(serviceContext(c))}
      />,
    ),
  )
  .post("/inbox/reviews/:id", async (c) => {
    const form = await c.req.parseBody();
    await resolveOptOutReview(
      serviceContext(c),
      c.req.param("id"),
      form.decision === "opt_out" ? "opt_out" : "dismiss",
    );
    return c.redirect("/inbox/reviews", 303);
  })
  .get("/inbox/:familyId", async (c) => {
    const ctx = serviceContext(c);
    const familyId = c.req.param("familyId");
    const family = await getFamily(ctx, familyId);
    const { messages } = await listFamilyActivity(ctx, familyId, 200);
    return c.html(
      <ThreadPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        family={family}
        messages={messages}
        staffLanguage={ctx.deps.config.translation.staffLanguage}
      />,
    );
  })
  .post("/inbox/:familyId/read", async (c) => {
    await markThreadRead(serviceContext(c), c.req.param("familyId"));
    return c.redirect("/inbox", 303);
  });
