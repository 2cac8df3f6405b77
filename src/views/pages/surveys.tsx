import type { Actor } from "../../context";
import { LANGUAGE_TAGS, languageName, textDirection } from "../../domain/languages";
import { instantToWallTime } from "../../domain/local-time";
import { SCALE_MAX, SURVEY_PRESETS } from "../../domain/surveys";
import type { listSurveys, SurveyQuestion, SurveyResults } from "../../services/surveys";
import { type FormError, FormErrorAlert } from "../components/form-error";
import { Layout, type Translate } from "../layout";

type Base = { t: Translate; actor: Actor & { type: "educator" }; csrfToken: string };
type Question = SurveyQuestion;

const pct = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)}%`);

/** Coordinators: the school's surveys with response rates, and a new one from a preset. */
export function SurveysPage(props: Base & { schoolId: string; list: Awaited<ReturnType<typeof listSurveys>> }) {
  const { t, actor, csrfToken, list } = props;
  return (
    <Layout title={t("surveys.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("surveys.title")}</h1>
      <p>{t("surveys.intro")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("surveys.survey")}</th>
            <th scope="col">{t("surveys.audience")}</th>
            <th scope="col">{t("surveys.status")}</th>
            <th scope="col">{t("surveys.responseRate")}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr>
              <td>
                <a href={`/surveys/${s.id}`}>{s.title}</a> <span class="muted">{s.schoolYear}</span>
              </td>
              <td>{t(`surveys.audiences.${s.audience}`)}</td>
              <td>{t(`surveys.statuses.${s.status}`)}</td>
              <td>
                {pct(s.rate.rate)} <span class="muted">{t("surveys.ofAsked", s.rate)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action={`/surveys?school=${props.schoolId}`} class="card">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <h2>{t("surveys.create")}</h2>
        <p>
          <label>
            {t("surveys.preset")}{" "}
            <select name="preset">
              {Object.values(SURVEY_PRESETS).map((p) => (
                <option value={p.key}>{p.title}</option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="anonymous" value="1" checked /> {t("surveys.anonymous")}
          </label>
        </p>
        <button type="submit">{t("surveys.createButton")}</button>
      </form>
    </Layout>
  );
}

/** One survey: its edit form while a draft, then its results (charts with tables), and the CSV. */
export function SurveyPage(props: Base & { questions: Question[]; results: SurveyResults; error?: FormError }) {
  const { t, actor, csrfToken, results } = props;
  const { survey, school, rate } = results;
  return (
    <Layout title={survey.title} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{survey.title}</h1>
      <p>
        {t(`surveys.audiences.${survey.audience}`)} · {t(`surveys.statuses.${survey.status}`)} ·{" "}
        {survey.anonymous ? t("surveys.isAnonymous") : t("surveys.isNamed")}
      </p>
      <p class="card" role="status">
        <strong>
          {t("surveys.responseRate")}: {pct(rate.rate)}
        </strong>{" "}
        ({t("surveys.ofAsked", rate)})
      </p>
      {props.error && <FormErrorAlert t={t} error={props.error} />}
      {survey.status === "draft" && (
        <>
          <SurveyForm t={t} csrfToken={csrfToken} questions={props.questions} results={results} />
          <form method="post" action={`/surveys/${survey.id}/open`} class="card">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <p>{t("surveys.openHint", { timezone: school.timezone })}</p>
            <button type="submit">{t("surveys.open")}</button>
          </form>
        </>
      )}
      {survey.status !== "draft" && (
        <>
          <h2>{t("surveys.results")}</h2>
          <p>
            <a href={`/surveys/${survey.id}/export.csv`}>{t("surveys.export")}</a>
          </p>
          {results.questions.map((q) => (
            <QuestionResults t={t} q={q} />
          ))}
        </>
      )}
    </Layout>
  );
}

/** A horizontal bar chart (decorative for screen readers) and the same numbers as a table. */
function QuestionResults({ t, q }: { t: Translate; q: SurveyResults["questions"][number] }) {
  const max = Math.max(1, ...q.counts);
  const rowHeight = 26;
  const labelWidth = 140;
  const barWidth = 240;
  const label = (l: string, i: number) =>
    q.kind === "scale" && i === 0
      ? `1 ${t("surveys.disagree")}`
      : q.kind === "scale" && i === SCALE_MAX - 1
        ? `${SCALE_MAX} ${t("surveys.agree")}`
        : l;
  return (
    <section class="card">
      <h3>
        {q.position}. {q.prompt}
      </h3>
      <p class="muted">{t("surveys.answered", { count: q.answered })}</p>
      {q.kind !== "text" && (
        <>
          <svg
            width={labelWidth + barWidth + 40}
            height={q.counts.length * rowHeight}
            aria-hidden="true"
            focusable="false"
            style="max-width:100%"
          >
            {q.counts.map((n, i) => (
              <g transform={`translate(0, ${i * rowHeight})`}>
                <text x={labelWidth - 6} y={17} text-anchor="end" font-size="13">
                  {label(q.labels[i]!, i).slice(0, 22)}
                </text>
                <rect x={labelWidth} y={4} height={18} width={(n / max) * barWidth} fill="#234e52" />
                <text x={labelWidth + (n / max) * barWidth + 6} y={17} font-size="13">
                  {n}
                </text>
              </g>
            ))}
          </svg>
          <table>
            <caption class="muted">{t("surveys.tableCaption", { n: q.position })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("surveys.answer")}</th>
                <th scope="col">{t("surveys.count")}</th>
              </tr>
            </thead>
            <tbody>
              {q.counts.map((n, i) => (
                <tr>
                  <td>{label(q.labels[i]!, i)}</td>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {q.kind === "text" && (
        <ul>
          {q.texts.map((a) => (
            <li>
              <span lang={a.language} dir={textDirection(a.language)}>
                {a.text}
              </span>
              {a.translation && <span class="muted"> — {t("surveys.translation", { text: a.translation })}</span>}
              {a.respondent && <span class="muted"> ({a.respondent})</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The draft's form: title, window, anonymity, questions and their translations. */
function SurveyForm(props: { t: Translate; csrfToken: string; questions: Question[]; results: SurveyResults }) {
  const { t, csrfToken, results } = props;
  const { survey, school } = results;
  const tz = school.timezone;
  const families = survey.audience === "families";
  return (
    <form method="post" action={`/surveys/${survey.id}`} class="card">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <h2>{t("surveys.edit")}</h2>
      <p>
        <label>
          {t("surveys.surveyTitle")} <input name="title" value={survey.title} maxlength={120} required />
        </label>
      </p>
      <p>
        <label>
          {t("surveys.opensAt", { timezone: tz })}{" "}
          <input type="datetime-local" name="opensAt" value={instantToWallTime(survey.opensAt, tz)} required />
        </label>{" "}
        <label>
          {t("surveys.closesAt")}{" "}
          <input type="datetime-local" name="closesAt" value={instantToWallTime(survey.closesAt, tz)} required />
        </label>
      </p>
      <p>
        <label>
          <input type="checkbox" name="anonymous" value="1" checked={survey.anonymous} /> {t("surveys.anonymous")}
        </label>
      </p>
      {[...props.questions, null].map((q, i) => (
        <fieldset>
          <legend>{q ? t("surveys.question", { n: i + 1 }) : t("surveys.addQuestion")}</legend>
          <p>
            <label>
              {t("surveys.kind")}{" "}
              <select name={`q.${i}.kind`}>
                {(["scale", "choice", "text"] as const).map((k) => (
                  <option value={k} selected={q?.kind === k}>
                    {t(`surveys.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
          </p>
          <p>
            <label>
              {t("surveys.prompt")}{" "}
              <input name={`q.${i}.prompt`} value={q?.prompt ?? ""} maxlength={500} style="width:100%" />
            </label>
          </p>
          <p>
            <label>
              {t("surveys.choices")}
              <br />
              <textarea name={`q.${i}.choices`} rows={3}>
                {(q?.choices ?? []).join("\n")}
              </textarea>
            </label>
          </p>
          {families && (
            <details>
              <summary>{t("surveys.translations")}</summary>
              {LANGUAGE_TAGS.filter((l) => l !== "en").map((lng) => (
                <fieldset lang={lng} dir={textDirection(lng)}>
                  <legend>{languageName(lng)}</legend>
                  <input
                    name={`q.${i}.prompt.${lng}`}
                    value={q?.translations[lng]?.prompt ?? ""}
                    aria-label={`${t("surveys.prompt")} (${languageName(lng)})`}
                    style="width:100%"
                  />
                  <textarea
                    name={`q.${i}.choices.${lng}`}
                    rows={2}
                    aria-label={`${t("surveys.choices")} (${languageName(lng)})`}
                  >
                    {(q?.translations[lng]?.choices ?? []).join("\n")}
                  </textarea>
                </fieldset>
              ))}
            </details>
          )}
        </fieldset>
      ))}
      <p class="muted">{t("surveys.removeHint")}</p>
      <button type="submit">{t("surveys.save")}</button>
    </form>
  );
}

/** An educator's own survey, answered signed in. */
export function EducatorSurveyPage(
  props: Base & {
    title: string;
    surveyId: string;
    open: boolean;
    questions: Question[];
    given: Record<string, string>;
    errors?: Record<string, string>;
  },
) {
  const { t, actor, csrfToken } = props;
  return (
    <Layout title={props.title} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{props.title}</h1>
      {!props.open ? (
        <p class="card">{t("surveys.notOpen")}</p>
      ) : (
        <form method="post" action={`/my-surveys/${props.surveyId}`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          {props.questions.map((q) => {
            const name = `q_${q.id}`;
            const error = props.errors?.[`answers.${q.position}`];
            const current = props.given[q.id] ?? "";
            const options =
              q.kind === "scale" ? Array.from({ length: SCALE_MAX }, (_, i) => String(i + 1)) : (q.choices ?? []);
            return (
              <fieldset class="card">
                <legend>
                  {q.position}. {q.prompt}
                </legend>
                {error && <p role="alert">{error}</p>}
                {q.kind === "text" ? (
                  <textarea name={name} maxlength={1000} rows={3} style="width:100%">
                    {current}
                  </textarea>
                ) : (
                  options.map((o, i) => (
                    <label style="display:block">
                      <input type="radio" name={name} value={String(i + 1)} checked={current === String(i + 1)} />{" "}
                      {q.kind === "scale" && i === 0
                        ? `1 ${t("surveys.disagree")}`
                        : q.kind === "scale" && i === SCALE_MAX - 1
                          ? `${SCALE_MAX} ${t("surveys.agree")}`
                          : o}
                    </label>
                  ))
                )}
              </fieldset>
            );
          })}
          <button type="submit">{t("surveys.send")}</button>
        </form>
      )}
    </Layout>
  );
}
