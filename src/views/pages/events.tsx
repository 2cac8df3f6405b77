import type { Actor } from "../../context";
import { EVENT_KINDS } from "../../domain/enums";
import { LANGUAGE_TAGS, LANGUAGES, languageName, textDirection } from "../../domain/languages";
import { formatVisitTime } from "../../domain/time-format";
import type { EventPreview, eventSummary, loadEventPage } from "../../services/events";
import { type FormError, FormErrorAlert } from "../components/form-error";
import { Layout, type Translate } from "../layout";

/** What the coordinator typed, by form field name ("title", "title.es", "startsAt"…), kept across steps. */
export type EventFormValues = Record<string, string>;

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
  props: Base & {
    schoolId: string;
    timeZone: string;
    teachers: { id: string; name: string }[];
    list: Summary[];
    values?: EventFormValues;
    error?: FormError;
  },
) {
  const { t, actor, csrfToken, list } = props;
  const v = props.values ?? {};
  return (
    <Layout title={t("events.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("events.title")}</h1>
      <p>{t("events.intro")}</p>
      {props.error && <FormErrorAlert t={t} error={props.error} />}
      <form method="post" action={`/events/review?school=${props.schoolId}`} class="card" id="new-event">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("events.kind")}{" "}
            <select name="kind">
              {EVENT_KINDS.map((k) => (
                <option value={k} selected={v.kind === k}>
                  {t(`events.kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            {t("events.eventTitle")} <input name="title" maxlength={80} required value={v.title ?? ""} />
          </label>
        </p>
        <p>
          <label>
            {t("events.when", { timezone: props.timeZone })}{" "}
            <input type="datetime-local" name="startsAt" required value={v.startsAt ?? ""} />
          </label>
        </p>
        <p>
          <label>
            {t("events.where")} <input name="location" maxlength={80} required value={v.location ?? ""} />
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
                {t("eventTranslations.title")}{" "}
                <input name={`title.${lng}`} maxlength={80} value={v[`title.${lng}`] ?? ""} />
              </label>{" "}
              <label>
                {t("eventTranslations.location")}{" "}
                <input name={`location.${lng}`} maxlength={80} value={v[`location.${lng}`] ?? ""} />
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
                <option value={teacher.id} selected={v.audience === teacher.id}>
                  {t("events.class")}: {teacher.name}
                </option>
              ))}
            </select>
          </label>
        </p>
        <button type="submit">{t("eventReview.submit")}</button>
      </form>
      {list.length === 0 && <p>{t("events.empty")}</p>}
      {list.map((e) => (
        <section class="card">
          <h2>
            <a href={`/events/${e.id}`}>{e.title}</a> <span class="badge">{t(`events.kinds.${e.kind}`)}</span>
          </h2>
          <p>
            <time datetime={e.startsAt}>{formatVisitTime(e.startsAt, "en", props.timeZone)}</time>
          </p>
          <Counts t={t} e={e} />
        </section>
      ))}
    </Layout>
  );
}

type EventPageData = Awaited<ReturnType<typeof loadEventPage>>;

/** The send progress as a bar and words; event-progress.js refreshes both while texts go out. */
function Progress({ t, e }: { t: Translate; e: Summary }) {
  const done = e.progress.sent + e.progress.failed;
  return (
    <div class="card" id="event-progress" data-progress-url={`/events/${e.id}/progress`}>
      <label for="event-progress-bar">{t("eventPage.progressLabel")}</label>
      <progress id="event-progress-bar" max={Math.max(e.invited, 1)} value={done}>
        {done}/{e.invited}
      </progress>
      <p class="muted" aria-live="polite" data-progress-text>
        {t("eventPage.progress", { done, total: e.invited })} · {t("events.progress", e.progress)}
        <br />
        {t("events.rsvp", e.rsvp)}
      </p>
      {e.progress.queued > 0 && (
        <p class="muted" data-progress-reload>
          <a href={`/events/${e.id}`}>{t("eventPage.reload")}</a>
        </p>
      )}
    </div>
  );
}

export function EventPage(props: Base & { page: EventPageData }) {
  const { t, actor, csrfToken, page } = props;
  const event = page.summary;
  return (
    <Layout title={event.title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/events">← {t("events.title")}</a>
      </p>
      <h1>{event.title}</h1>
      <dl class="card">
        <dt>{t("eventPage.when")}</dt>
        <dd>
          <time datetime={event.startsAt}>{formatVisitTime(event.startsAt, "en", page.timeZone)}</time>{" "}
          <span class="muted">({page.timeZone})</span>
        </dd>
        <dt>{t("eventPage.where")}</dt>
        <dd>{page.location}</dd>
      </dl>
      <Progress t={t} e={event} />
      <form method="post" action={`/events/${event.id}/attendance`} class="card">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <h2>{t("eventPage.families")}</h2>
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t("eventPage.family")}</th>
              <th scope="col">{t("eventPage.language")}</th>
              <th scope="col">{t("eventPage.channel")}</th>
              <th scope="col">{t("eventPage.send")}</th>
              <th scope="col">{t("eventPage.rsvp")}</th>
              <th scope="col">{t("eventPage.came")}</th>
            </tr>
          </thead>
          <tbody>
            {page.invitees.map((i) => (
              <tr data-family={i.familyId}>
                <td data-label={t("eventPage.family")}>
                  <a href={`/families/${i.familyId}`}>{i.name}</a>
                </td>
                <td data-label={t("eventPage.language")}>{i.language ? languageName(i.language) : ""}</td>
                <td data-label={t("eventPage.channel")}>{i.channel ? t(`eventReview.channels.${i.channel}`) : ""}</td>
                <td data-label={t("eventPage.send")} data-send-state={i.sendState}>
                  {t(`eventPage.states.${i.sendState}`)}
                  {i.statusReason && <span class="muted"> ({i.statusReason})</span>}
                </td>
                <td data-label={t("eventPage.rsvp")}>{t(`eventPage.answers.${i.rsvp ?? "none"}`)}</td>
                <td data-label={t("eventPage.came")}>
                  <label>
                    <input type="checkbox" name="attended" value={i.familyId} checked={i.attended === true} />{" "}
                    <span class="muted">{i.name}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">{t("events.saveAttendance")}</button>
      </form>
      <script src="/events/progress.js" defer />
    </Layout>
  );
}

/** Every typed value, carried to the next step (Send, or back to the form to change it). */
function Carried({ values }: { values: EventFormValues }) {
  return (
    <>
      {Object.entries(values)
        .filter(([name, value]) => value !== "" && name !== "confirmNight")
        .map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
    </>
  );
}

export function EventReviewPage(
  props: Base & { schoolId: string; values: EventFormValues; preview: EventPreview; error?: FormError },
) {
  const { t, actor, csrfToken, preview, values } = props;
  const when = formatVisitTime(preview.startsAt, "en", preview.timeZone);
  const reached = preview.groups.reduce((n, g) => n + g.families, 0);
  return (
    <Layout title={t("eventReview.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("eventReview.title")}</h1>
      {props.error && <FormErrorAlert t={t} error={props.error} />}
      <section class="card" aria-labelledby="review-lead">
        <p id="review-lead">
          <strong>{t("eventReview.lead", { count: preview.families, title: values.title })}</strong>
        </p>
        <dl>
          <dt>{t("eventReview.when")}</dt>
          <dd>
            {when} <span class="muted">({preview.timeZone})</span>
          </dd>
          <dt>{t("eventReview.where")}</dt>
          <dd>{values.location}</dd>
        </dl>
        <p data-review="cost">
          {preview.sms.texts > 0
            ? t("eventReview.cost", {
                texts: preview.sms.texts,
                segments: preview.sms.segments,
                cost: preview.sms.estimatedCostUsd.toFixed(2),
                price: preview.sms.pricePerSegmentUsd,
              })
            : t("eventReview.noTexts")}
        </p>
        <p data-review="quiet">
          {preview.quietHours.waiting > 0 && preview.quietHours.until
            ? t("eventReview.quiet", {
                count: preview.quietHours.waiting,
                until: formatVisitTime(preview.quietHours.until, "en", preview.timeZone),
              })
            : t("eventReview.noQuiet")}
        </p>
        {preview.unreachable.families > 0 && (
          <div data-review="unreachable">
            <p>{t("eventReview.unreachable", { count: preview.unreachable.families })}</p>
            <ul>
              {Object.entries(preview.unreachable.reasons).map(([reason, n]) => (
                <li>
                  {reason}: {n}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <h2>{t("eventReview.byLanguage")}</h2>
      {preview.groups.map((g) => (
        <section class="card" data-group={`${g.language}:${g.channel}`}>
          <h3>
            {t("eventReview.groupTitle", {
              language: g.languageName,
              channel: t(`eventReview.channels.${g.channel}`),
              count: g.families,
            })}
          </h3>
          <p class="muted">
            {g.channel === "sms"
              ? t("eventReview.segments", { segments: g.segments, encoding: g.encoding })
              : t("eventReview.email")}
            {g.welcomes > 0 && (
              <>
                <br />
                {t("eventReview.welcomes", { count: g.welcomes, segments: g.welcomeSegments })}
              </>
            )}
          </p>
          <details open={preview.groups.length <= 4}>
            <summary>{t("eventReview.exactText", { language: g.languageName })}</summary>
            {g.subject && <p lang={g.language}>{t("eventReview.subject", { subject: g.subject })}</p>}
            <p
              lang={g.language}
              dir={textDirection(g.language)}
              style="white-space:pre-wrap"
              data-text={`${g.language}:${g.channel}`}
            >
              {g.body}
            </p>
          </details>
        </section>
      ))}
      <form method="post" action={`/events?school=${props.schoolId}`} class="card" id="send-event">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <Carried values={values} />
        {preview.night && (
          <div role="alert">
            <p>{t("eventReview.night", { time: when })}</p>
            <label>
              <input type="checkbox" name="confirmNight" value="yes" required /> {t("eventReview.confirmNight")}
            </label>
          </div>
        )}
        <p>
          <button type="submit">{t("eventReview.send", { count: reached })}</button>
        </p>
      </form>
      <form method="post" action={`/events/edit?school=${props.schoolId}`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <Carried values={values} />
        <button type="submit">{t("eventReview.edit")}</button>
      </form>
    </Layout>
  );
}
