import { eventTextIn } from "../../domain/event-text";
import { formatVisitTime } from "../../domain/time-format";
import type { loadConferencePage } from "../../services/conferences";
import type { loadFamilyEventPage } from "../../services/events";
import { Layout, type Translate } from "../layout";

type Page = NonNullable<Awaited<ReturnType<typeof loadFamilyEventPage>>>;
type Conference = NonNullable<Awaited<ReturnType<typeof loadConferencePage>>>;

/**
 * The family's conference page (/e/<code> of a conference with slots): their language and
 * direction, no login; one big button per open time, numbered as in the text; their own time,
 * with "add to calendar", once booked. `notice`: what the last tap did.
 */
export function FamilyConferencePage(props: {
  t: Translate;
  page: Page;
  conference: Conference;
  code: string;
  lang: string;
  notice?: "booked" | "taken";
}) {
  const { t, page, conference, code, lang, notice } = props;
  const text = eventTextIn(page.event, page.event.translations, lang);
  const title = t("family:conference.title", { event: text.title });
  const time = (at: Date) => formatVisitTime(at, lang, page.family.timezone);
  return (
    <Layout title={title} t={t} lang={lang}>
      <h1>{title}</h1>
      <p>{page.school.name}</p>
      <p>{t("family:conference.intro", { minutes: conference.minutes })}</p>
      {text.location && <p>{t("family:event.where", { place: text.location })}</p>}
      {notice === "booked" && (
        <p class="card" role="status">
          {t("family:conference.booked")}
        </p>
      )}
      {notice === "taken" && (
        <p class="card" role="alert">
          {t("family:conference.taken")}
        </p>
      )}
      {conference.mine && (
        <div class="card" data-booked-slot={conference.mine.position}>
          <p>
            <strong>{t("family:conference.yours", { time: time(conference.mine.startsAt) })}</strong>
          </p>
          {!conference.over && (
            <p>
              <a href={`/c/${code}`} download="conference.ics">
                {t("family:addToCalendar")}
              </a>
            </p>
          )}
        </div>
      )}
      {conference.over ? (
        <p class="card">{t("family:event.over")}</p>
      ) : (
        <>
          <h2>{t("family:conference.open")}</h2>
          {conference.mine && conference.open.length > 0 && <p class="muted">{t("family:conference.change")}</p>}
          {conference.open.length === 0 && <p>{t("family:conference.none")}</p>}
          {conference.open.map((slot) => (
            <form method="post" action={`/e/${code}`}>
              <input type="hidden" name="slot" value={slot.id} />
              <button type="submit" style="width:100%;margin-bottom:.5rem;background:#fff;color:#234e52">
                {slot.position}) {time(slot.startsAt)}
              </button>
            </form>
          ))}
        </>
      )}
      <p class="muted">{t("family:questions")}</p>
    </Layout>
  );
}
