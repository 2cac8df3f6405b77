import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { FamilyListQuery } from "../../schemas/families";
import { listFamilies } from "../../services/families";
import { deliveryHealth, resumeTexting } from "../../services/outbound";
import { translationBudget } from "../../services/translation";
import { DeliveryPage } from "../../views/pages/delivery";
import { HomePage } from "../../views/pages/home";
import { kickDispatch } from "../background";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";
import { renderFamilyPage } from "./family-page";

/** Educator and coordinator pages. Each handler: parse, call one service, render. */
export const pageRoutes = new Hono<AppEnv>()
  .use("/", requireSignedIn)
  .use("/families/*", requireSignedIn)
  .use("/delivery", requireSignedIn)
  .use("/delivery/*", requireSignedIn)
  .get("/delivery", async (c) =>
    c.html(
      <DeliveryPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        health={await deliveryHealth(serviceContext(c))}
        translationBudget={await translationBudget(serviceContext(c))}
      />,
    ),
  )
  .post("/delivery/pauses/:id/resume", async (c) => {
    await resumeTexting(serviceContext(c), c.req.param("id"));
    kickDispatch(c);
    return c.redirect("/delivery", 303);
  })
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
    const sent = c.req.query("sent");
    const t = translator(c);
    const flash = FAMILY_PAGE_NOTICES.find(([query]) => c.req.query(query));
    const notice =
      sent === "queued"
        ? t("compose.sentQueued")
        : sent === "undeliverable"
          ? t("compose.sentUndeliverable")
          : flash && t(flash[1]);
    return renderFamilyPage(c, c.req.param("id"), { notice });
  });

/** After a redirect back to the family page: which query flag shows which notice. */
const FAMILY_PAGE_NOTICES: [query: string, key: string][] = [
  ["scheduled", "scheduled.saved"],
  ["unscheduled", "scheduled.cancelled"],
  ["invited", "invite.sent"],
  ["joined", "invite.joined"],
  ["logged", "logContact.saved"],
  ["recorded", "record.saved"],
  ["attested", "record.attested"],
  ["cancelled", "record.cancelled"],
  ["retimed", "newTimes.sent"],
  ["confirmed", "record.confirmed"],
  ["noshow", "record.noShowSaved"],
  ["notes", "notes.saved"],
];
