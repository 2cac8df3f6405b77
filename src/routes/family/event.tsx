import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { RSVP_ANSWERS } from "../../domain/enums";
import { countWrongGuess, refuseIfGuessing } from "../../services/auth";
import { bookByLink, loadConferencePage } from "../../services/conferences";
import { answerEventByLink, loadFamilyEventPage, type RsvpAnswer } from "../../services/events";
import { FamilyConferencePage } from "../../views/pages/family-conference";
import { FamilyEventPage } from "../../views/pages/family-event";
import { clientAddress, translator } from "../middleware";
import { familyNotFound } from "./not-found";

/**
 * /e/:code — the family answers an event invitation (the link in the invitation email). Like
 * /f/:code for visits, the unguessable code is the only key: no login, no staff CSRF.
 */
export const familyEventRoutes = new Hono<AppEnv>()
  .get("/e/:code", async (c) => {
    const page = await loadGuarded(c);
    if (!page) return familyNotFound(c);
    const lang = page.family.language;
    // A conference with published slots: the family books a time instead of answering yes/no.
    const conference = await loadConferencePage({ deps: c.get("deps") }, page);
    if (conference)
      return c.html(
        <FamilyConferencePage
          t={translator(c, lang)}
          page={page}
          conference={conference}
          code={c.req.param("code")}
          lang={lang}
        />,
      );
    return c.html(<FamilyEventPage t={translator(c, lang)} page={page} code={c.req.param("code")} lang={lang} />);
  })
  .post("/e/:code", async (c) => {
    const deps = c.get("deps");
    const code = c.req.param("code");
    const page = await loadGuarded(c);
    if (!page) return familyNotFound(c);
    const lang = page.family.language;
    const t = translator(c, lang);
    const conference = await loadConferencePage({ deps }, page);
    if (conference) {
      const view = (current: typeof conference, notice?: "booked" | "taken") => (
        <FamilyConferencePage t={t} page={page} conference={current} code={code} lang={lang} notice={notice} />
      );
      if (conference.over) return c.html(view(conference), 410);
      const result = await bookByLink({ deps }, page, String((await c.req.parseBody()).slot ?? ""));
      if (result.outcome === "unknown") return c.html(view(conference), 400);
      const after = (await loadConferencePage({ deps }, page))!;
      if (result.outcome === "taken") return c.html(view(after, "taken"), 409);
      if (result.outcome === "over") return c.html(view(after), 410);
      return c.html(view(after, "booked"));
    }
    if (page.over) return c.html(<FamilyEventPage t={t} page={page} code={code} lang={lang} />, 410);
    const answer = String((await c.req.parseBody()).answer ?? "");
    if (!(RSVP_ANSWERS as readonly string[]).includes(answer)) {
      return c.html(<FamilyEventPage t={t} page={page} code={code} lang={lang} />, 400);
    }
    await answerEventByLink({ deps }, page.invitation.id, answer as RsvpAnswer);
    const after = (await loadFamilyEventPage({ deps }, code))!;
    return c.html(<FamilyEventPage t={t} page={after} code={code} lang={lang} />);
  });

/** The page for the code in the path; wrong codes are counted and, past a limit, refused per client. */
async function loadGuarded(c: Context<AppEnv>) {
  const ctx = { deps: c.get("deps") };
  await refuseIfGuessing(ctx, clientAddress(c));
  const page = await loadFamilyEventPage(ctx, c.req.param("code") ?? "");
  if (!page) {
    await countWrongGuess(ctx, clientAddress(c));
    return null;
  }
  return page;
}
