import { formatVisitTime } from "../../domain/time-format";
import type { loadFamilyVisitPage } from "../../services/visits";
import { Layout, type Translate } from "../layout";

type Page = NonNullable<Awaited<ReturnType<typeof loadFamilyVisitPage>>>;

/**
 * The family's page for one invitation: mobile-first, in their language and direction, no
 * login. Big buttons, one decision each; works without JavaScript.
 */
export function FamilyVisitPage(props: { t: Translate; page: Page; token: string; lang: string; result?: string }) {
  const { t, page, token, lang, result } = props;
  const time = (d: Date) => formatVisitTime(d, lang, page.family.timezone);
  const open = page.visit.status === "invited" && !page.expired;
  return (
    <Layout title={t("family:title")} t={t} lang={lang}>
      <h1>{t("family:title")}</h1>
      <p>
        {/* One teacher or a pair: the verb agrees (family.json intro_one / intro_other). */}
        {t(page.educators.length === 1 ? "family:intro_one" : "family:intro_other", {
          educators: page.educators.join(" & "),
          school: page.school.name,
        })}
      </p>
      {result && (
        <p class="card" role="status">
          {result}
        </p>
      )}
      {!page.expired && page.visit.status === "scheduled" && page.visit.startsAt && (
        <p>
          {/* An .ics from /c/<code>: SMS families get the visit into their phone's calendar. */}
          <a href={`/c/${token}`} download="home-visit.ics">
            {t("family:addToCalendar")}
          </a>
        </p>
      )}
      {!result && page.expired && <p class="card">{t("family:expired")}</p>}
      {!result && !page.expired && page.visit.status !== "invited" && (
        <p class="card">
          {page.visit.status === "scheduled" && page.visit.startsAt
            ? t("family:scheduled", { time: time(page.visit.startsAt) })
            : t("family:alreadyAnswered")}
        </p>
      )}
      {open && !result && (
        <>
          <p>
            <strong>{t("family:chooseTime")}</strong>
          </p>
          {page.slots.map((slot) => (
            <form method="post" action={`/f/${token}`}>
              <input type="hidden" name="answer" value={`slot:${slot.position}`} />
              <button type="submit" style="width:100%;margin-bottom:.5rem;text-align:start">
                {slot.position}. {time(slot.startsAt)}
              </button>
            </form>
          ))}
          <p class="muted">{t("family:timesShownIn", { timezone: page.family.timezone })}</p>
          <p class="muted">{t("family:location", { place: t(`family:${page.visit.location}`) })}</p>
          <form method="post" action={`/f/${token}`}>
            <input type="hidden" name="answer" value="none" />
            <button type="submit" style="width:100%;margin-bottom:.5rem;background:#fff;color:#234e52">
              {t("family:noneWork")}
            </button>
          </form>
          <form method="post" action={`/f/${token}`}>
            <input type="hidden" name="answer" value="decline" />
            <button type="submit" style="width:100%;background:#fff;color:#52606d;border-color:#9aa5b1">
              {t("family:decline")}
            </button>
          </form>
        </>
      )}
      <p class="muted">{t("family:questions")}</p>
    </Layout>
  );
}
