import type { Actor } from "../../context";
import { FormErrorAlert } from "../components/form-error";
import { ProposedTimesFieldset } from "../components/proposed-times";
import { Layout, type Translate } from "../layout";

/** After "none work": the pair proposes new times; the family gets the invitation again. */
export function NewTimesPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  visitId: string;
  family: { id: string; displayName: string; timezone: string };
  previous: string[];
  values: string[];
  error?: { message: string; fields?: Record<string, string> | undefined } | undefined;
}) {
  const { t, actor, csrfToken, family, error } = props;
  const title = t("newTimes.title", { family: family.displayName });
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href={`/families/${family.id}`}>← {family.displayName}</a>
      </p>
      <h1>{title}</h1>
      {props.previous.length > 0 && (
        <p class="muted">
          {t("newTimes.previous")} {props.previous.join(" · ")}
        </p>
      )}
      {error && <FormErrorAlert t={t} error={error} />}
      <form method="post" action={`/visits/${props.visitId}/times`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <ProposedTimesFieldset
          t={t}
          familyTimeZone={family.timezone}
          educatorTimeZone={actor.timeZone}
          values={props.values}
        />
        <p class="muted">{t("newTimes.explain")}</p>
        <button type="submit">{t("newTimes.send")}</button>
      </form>
    </Layout>
  );
}
