import { SCALE_MAX } from "../../domain/surveys";
import type { SurveyPage } from "../../services/surveys";
import { Layout, type Translate } from "../layout";

/**
 * The family's survey page: no login (the link code is the key), in their language and
 * direction (Arabic and Dari right to left), one fieldset a question, every question optional.
 * A refused answer is named beside its question (`q-<n>-error`), the others keep their values.
 */
export function FamilySurveyPage(props: {
  t: Translate;
  page: SurveyPage;
  code: string;
  done?: boolean;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  const { t, page, code, errors = {} } = props;
  const lang = page.language;
  const title = t("family:survey.title", { school: page.school.name });
  const given = new Map(page.given.map((a) => [a.questionId, a.value !== null ? String(a.value) : (a.text ?? "")]));
  const value = (id: string) => props.values?.[id] ?? given.get(id) ?? "";
  return (
    <Layout title={title} t={t} lang={lang}>
      <h1>{title}</h1>
      {props.done ? (
        <p class="card" role="status">
          {t("family:survey.thanks")}
        </p>
      ) : !page.open ? (
        <p class="card">{t("family:survey.closed")}</p>
      ) : (
        <>
          <p>{t("family:survey.intro")}</p>
          {page.survey.anonymous && <p class="muted">{t("family:survey.anonymous")}</p>}
          {Object.keys(errors).length > 0 && (
            <p class="card" role="alert">
              {t("family:survey.invalid")}
            </p>
          )}
          <form method="post" action={`/s/${code}`}>
            {page.questions.map((q) => {
              const name = `q_${q.id}`;
              const error = errors[`answers.${q.position}`];
              const errorId = `q-${q.position}-error`;
              const options =
                q.kind === "scale"
                  ? Array.from({ length: SCALE_MAX }, (_, i) => ({
                      value: String(i + 1),
                      label:
                        i === 0
                          ? `1 · ${t("family:survey.disagree")}`
                          : i === SCALE_MAX - 1
                            ? `${SCALE_MAX} · ${t("family:survey.agree")}`
                            : String(i + 1),
                    }))
                  : (q.own.choices ?? []).map((c, i) => ({ value: String(i + 1), label: c }));
              return (
                <fieldset class="card" aria-describedby={error ? errorId : undefined}>
                  <legend>
                    {q.position}. {q.own.prompt}
                  </legend>
                  {error && (
                    <p id={errorId} role="alert">
                      {t("family:survey.invalid")}
                    </p>
                  )}
                  {q.kind === "text" ? (
                    <textarea name={name} maxlength={1000} rows={3} style="width:100%">
                      {value(q.id)}
                    </textarea>
                  ) : (
                    <>
                      {options.map((o) => (
                        <label style="display:block;padding:.25rem 0">
                          <input type="radio" name={name} value={o.value} checked={value(q.id) === o.value} /> {o.label}
                        </label>
                      ))}
                      <label style="display:block;padding:.25rem 0">
                        <input type="radio" name={name} value="" checked={value(q.id) === ""} />{" "}
                        {t("family:survey.skip")}
                      </label>
                    </>
                  )}
                </fieldset>
              );
            })}
            <button type="submit" style="width:100%">
              {t("family:survey.submit")}
            </button>
          </form>
        </>
      )}
      <p class="muted">{t("family:questions")}</p>
    </Layout>
  );
}
