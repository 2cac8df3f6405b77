import type { Actor } from "../../context";
import { RETENTION_LIMITS, type RetentionSchedule } from "../../domain/retention";
import { type FormError, FormErrorAlert } from "../components/form-error";
import { Layout, type Translate } from "../layout";

/** /settings/retention: the district's schedule, editable by district admins. */
export function RetentionSettingsPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  schedule: RetentionSchedule;
  customised: boolean;
  saved?: boolean;
  error?: FormError | undefined;
}) {
  const { t, schedule } = props;
  const number = (name: keyof typeof RETENTION_LIMITS) => (
    <p>
      <label>
        {t(`records.${name}`)}{" "}
        <input
          type="number"
          name={name}
          min={RETENTION_LIMITS[name].min}
          max={RETENTION_LIMITS[name].max}
          value={String(schedule[name])}
          required
        />
      </label>
    </p>
  );
  return (
    <Layout title={t("records.retentionTitle")} t={t} actor={props.actor} csrfToken={props.csrfToken}>
      <p>
        <a href="/records">← {t("records.title")}</a>
      </p>
      <h1>{t("records.retentionTitle")}</h1>
      <p>{t("records.retentionIntro")}</p>
      {!props.customised && <p class="muted">{t("records.retentionDefaults")}</p>}
      {props.saved && <p role="status">{t("records.saved")}</p>}
      {props.error && <FormErrorAlert t={t} error={props.error} />}
      <form method="post" action="/settings/retention" class="card">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {number("messageYears")}
        <fieldset>
          <legend>{t("records.hopesAndDreams")}</legend>
          <label>
            <input
              type="radio"
              name="hopesAndDreams"
              value="end_of_school_year"
              checked={schedule.hopesAndDreams === "end_of_school_year"}
            />{" "}
            {t("records.hopesEnd")}
          </label>{" "}
          <label>
            <input type="radio" name="hopesAndDreams" value="keep" checked={schedule.hopesAndDreams === "keep"} />{" "}
            {t("records.hopesKeep")}
          </label>
        </fieldset>
        {number("translationCacheDays")}
        {number("auditYears")}
        <button type="submit">{t("records.save")}</button>
      </form>
    </Layout>
  );
}
