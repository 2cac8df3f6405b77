import type { Translate } from "../layout";
import { FieldError, type FormError, fieldErrorId, invalidProps } from "./form-error";

/**
 * 1–3 times typed on the family's wall clock (the educator's own zone noted below). `min` and
 * `max` bound the picker to the school year; the service refuses the same times by name.
 */
export function ProposedTimesFieldset(props: {
  t: Translate;
  familyTimeZone: string;
  educatorTimeZone: string;
  values: string[];
  min?: string;
  max?: string;
  schoolYear?: string;
  error?: FormError | undefined;
}) {
  const { t, error } = props;
  return (
    <fieldset aria-describedby={error?.fields?.slots ? fieldErrorId("slots") : undefined}>
      <legend>{t("invite.times", { timezone: props.familyTimeZone })}</legend>
      <FieldError error={error} name="slots" />
      {[0, 1, 2].map((i) => (
        <p>
          <label for={`time${i}`}>{t("invite.time", { n: i + 1 })}</label>{" "}
          <input
            id={`time${i}`}
            type="datetime-local"
            name="times"
            value={props.values[i] ?? ""}
            required={i === 0}
            min={props.min}
            max={props.max}
            {...invalidProps(error, `slots.${i}`)}
          />{" "}
          <FieldError error={error} name={`slots.${i}`} />
        </p>
      ))}
      {props.schoolYear && props.max && (
        <p class="muted">{t("invite.withinYear", { year: props.schoolYear, last: props.max.slice(0, 10) })}</p>
      )}
      <p class="muted">{t("invite.yourZone", { timezone: props.educatorTimeZone })}</p>
    </fieldset>
  );
}
