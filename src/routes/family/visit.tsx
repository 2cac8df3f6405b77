import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import type { SlotReply } from "../../domain/slot-reply";
import { formatVisitTime as formatTime } from "../../domain/time-format";
import { countWrongGuess, refuseIfGuessing } from "../../services/auth";
import { answerVisit, loadFamilyVisitPage } from "../../services/visits";
import { FamilyVisitPage } from "../../views/pages/family-visit";
import { kickDispatch } from "../background";
import { clientAddress, translator } from "../middleware";
import { familyNotFound } from "./not-found";

/**
 * /f/:token — the family answers an invitation. The signed, expiring token is the only key
 * (no login, no cookie), so these routes sit outside the staff session and CSRF middleware.
 */
export const familyVisitRoutes = new Hono<AppEnv>()
  .get("/f/:token", async (c) => {
    const page = await loadGuarded(c);
    if (!page) return familyNotFound(c);
    const lang = page.family.language;
    return c.html(<FamilyVisitPage t={translator(c, lang)} page={page} token={c.req.param("token")} lang={lang} />);
  })
  .post("/f/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const page = await loadGuarded(c);
    if (!page) return familyNotFound(c);
    const lang = page.family.language;
    const t = translator(c, lang);
    if (page.expired)
      return c.html(<FamilyVisitPage t={t} page={page} token={token} lang={lang} result={t("family:expired")} />, 410);
    const form = await c.req.parseBody();
    const answer = toAnswer(String(form.answer ?? ""));
    if (!answer) return c.html(<FamilyVisitPage t={t} page={page} token={token} lang={lang} />, 400);
    const outcome = await answerVisit({ deps }, page.visit.id, answer);
    if (outcome !== "already_answered") kickDispatch(c);
    const after = (await loadFamilyVisitPage({ deps }, token))!;
    const result =
      outcome === "scheduled" && after.visit.startsAt
        ? t("family:scheduled", { time: formatTime(after.visit.startsAt, lang, after.family.timezone) })
        : outcome === "none_work"
          ? t("family:noneWorkThanks")
          : outcome === "declined"
            ? t("family:declined")
            : t("family:alreadyAnswered");
    return c.html(<FamilyVisitPage t={t} page={after} token={token} lang={lang} result={result} />);
  });

/** The page for the code in the path; wrong codes are counted and, past a limit, refused per client. */
async function loadGuarded(c: Context<AppEnv>) {
  const ctx = { deps: c.get("deps") };
  await refuseIfGuessing(ctx, clientAddress(c));
  const page = await loadFamilyVisitPage(ctx, c.req.param("token") ?? "");
  if (!page) {
    await countWrongGuess(ctx, clientAddress(c));
    return null;
  }
  return page;
}

function toAnswer(value: string): SlotReply | null {
  if (value === "none") return { kind: "none_work" };
  if (value === "decline") return { kind: "decline" };
  const position = /^slot:([1-3])$/.exec(value)?.[1];
  return position ? { kind: "slot", position: Number(position) } : null;
}
