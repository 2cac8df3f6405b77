import { eventTextIn } from "../../domain/event-text";
import { formatVisitTime } from "../../domain/time-format";
import type { loadFamilyEventPage, RsvpAnswer } from "../../services/events";
import { Layout, type Translate } from "../layout";

type Page = NonNullable<Awaited<ReturnType<typeof loadFamilyEventPage>>>;
const ANSWERS: RsvpAnswer[] = ["yes", "no", "maybe"];

/**
 * The family's RSVP page for one event invitation: their language and direction, no login,
 * three big buttons; the current answer is marked and can be changed until the event starts.
 */
export function FamilyEventPage(props: { t: Translate; page: Page; code: string; lang: string }) {
  const { t, page, code, lang } = props;
  // The title and place in the family's language when the event has them (events.translations).
  const text = eventTextIn(page.event, page.event.translations, lang);
  const title = t("family:event.title", { event: text.title });
  const current = page.invitation.rsvp;
  return (
    <Layout title={title} t={t} lang={lang}>
      <h1>{title}</h1>
      <p>{page.school.name}</p>
      <p>{t("family:event.when", { time: formatVisitTime(page.event.startsAt, lang, page.family.timezone) })}</p>
      {text.location && <p>{t("family:event.where", { place: text.location })}</p>}
      {current && (
        <p class="card" role="status">
          {t(`family:event.answered_${current}`)}
        </p>
      )}
      {page.over ? (
        <p class="card">{t("family:event.over")}</p>
      ) : (
        <>
          <p>
            <strong>{t("family:event.question")}</strong>
          </p>
          {ANSWERS.map((answer) => (
            <form method="post" action={`/e/${code}`}>
              <input type="hidden" name="answer" value={answer} />
              <button
                type="submit"
                aria-pressed={current === answer ? "true" : "false"}
                style={`width:100%;margin-bottom:.5rem;${current === answer ? "" : "background:#fff;color:#234e52"}`}
              >
                {t(`family:event.${answer}`)}
              </button>
            </form>
          ))}
          {current && <p class="muted">{t("family:event.change")}</p>}
          {current !== "no" && (
            <p>
              <a href={`/c/${code}`} download="school-event.ics">
                {t("family:addToCalendar")}
              </a>
            </p>
          )}
        </>
      )}
      <p class="muted">{t("family:questions")}</p>
    </Layout>
  );
}
