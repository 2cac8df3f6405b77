import { EVENT_KINDS } from "../../../db/schema/enums";
import type { Actor } from "../../context";
import { LANGUAGE_TAGS, LANGUAGES, languageName, textDirection } from "../../domain/languages";
import type { eventSummary } from "../../services/events/event-summary";
import type { eventInvitees } from "../../services/events/list-events";
import { Layout, type Translate } from "../layout";

type Summary = Awaited<ReturnType<typeof eventSummary>>;
type Base = { t: Translate; actor: Actor & { type: "educator" }; csrfToken: string };

function Counts({ t, e }: { t: Translate; e: Summary }) {
  return (
    <p class="muted">
      {t("events.progress", e.progress)}
      <br />
      {t("events.rsvp", e.rsvp)}
    </p>
  );
}

export function EventsPage(
  props: Base & { schoolId: string; timeZone: string; teachers: { id: string; name: string }[]; list: Summary[] },
) {
  const { t, actor, csrfToken, list } = props;
  return (
    <Layout title={t("events.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("events.title")}</h1>
      <p>{t("events.intro")}</p>
      <form method="post" action={`/events?school=${props.schoolId}`} class="card">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("events.kind")}{" "}
            <select name="kind">
              {EVENT_KINDS.map((k) => (
                <option value={k}>{t(`events.kinds.${k}`)}</option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            {t("events.eventTitle")} <input name="title" maxlength={80} required />
          </label>
        </p>
        <p>
          <label>
            {t("events.when", { timezone: props.timeZone })} <input type="datetime-local" name="startsAt" required />
          </label>
        </p>
        <p>
          <label>
            {t("events.where")} <input name="location" maxlength={80} required />
          </label>
        </p>
        <details>
          <summary>{t("eventTranslations.summary")}</summary>
          <p>{t("eventTranslations.hint")}</p>
          {LANGUAGE_TAGS.filter((l) => l !== "en").map((lng) => (
            <fieldset lang={lng} dir={textDirection(lng)}>
              <legend>
                {LANGUAGES[lng].native} ({languageName(lng)})
              </legend>
              <label>
                {t("eventTranslations.title")} <input name={`title.${lng}`} maxlength={80} />
              </label>{" "}
              <label>
                {t("eventTranslations.location")} <input name={`location.${lng}`} maxlength={80} />
              </label>
            </fieldset>
          ))}
        </details>
        <p>
          <label>
            {t("events.audience")}{" "}
            <select name="audience">
              <option value="all">{t("events.all")}</option>
              {props.teachers.map((teacher) => (
                <option value={teacher.id}>
                  {t("events.class")}: {teacher.name}
                </option>
              ))}
            </select>
          </label>
        </p>
        <button type="submit">{t("events.create")}</button>
      </form>
      {list.length === 0 && <p>{t("events.empty")}</p>}
      {list.map((e) => (
        <section class="card">
          <h2>
            <a href={`/events/${e.id}`}>{e.title}</a> <span class="badge">{t(`events.kinds.${e.kind}`)}</span>
          </h2>
          <Counts t={t} e={e} />
        </section>
      ))}
    </Layout>
  );
}

export function EventPage(props: Base & { event: Summary; invitees: Awaited<ReturnType<typeof eventInvitees>> }) {
  const { t, actor, csrfToken, event, invitees } = props;
  return (
    <Layout title={event.title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/events">← {t("events.title")}</a>
      </p>
      <h1>{event.title}</h1>
      <Counts t={t} e={event} />
      <form method="post" action={`/events/${event.id}/attendance`} class="card">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <h2>{t("events.attendance")}</h2>
        <ul class="plain">
          {invitees.map((i) => (
            <li>
              <label>
                <input type="checkbox" name="attended" value={i.familyId} checked={i.attended === true} /> {i.name}
                {i.rsvp && <span class="muted"> ({i.rsvp})</span>}
              </label>
            </li>
          ))}
        </ul>
        <button type="submit">{t("events.saveAttendance")}</button>
      </form>
    </Layout>
  );
}
