import type { Translate } from "../layout";

/** 1–3 times typed on the family's wall clock (the educator's own zone noted below). */
export function ProposedTimesFieldset(props: {
  t: Translate;
  familyTimeZone: string;
  educatorTimeZone: string;
  values: string[];
}) {
  const { t } = props;
  return (
    <fieldset>
      <legend>{t("invite.times", { timezone: props.familyTimeZone })}</legend>
      {[0, 1, 2].map((i) => (
        <p>
          <label for={`time${i}`}>{t("invite.time", { n: i + 1 })}</label>{" "}
          <input id={`time${i}`} type="datetime-local" name="times" value={props.values[i] ?? ""} required={i === 0} />
        </p>
      ))}
      <p class="muted">{t("invite.yourZone", { timezone: props.educatorTimeZone })}</p>
    </fieldset>
  );
}
