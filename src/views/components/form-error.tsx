import type { Child } from "hono/jsx";
import type { Translate } from "../layout";

/** A refused form's message and each named field (what the service's 400/409 said). */
export type FormError = { message: string; fields?: Record<string, string> | undefined };

/**
 * The words a teacher sees for a field the service named. Services name fields as the API
 * body does (`slots.0`, `familyId`, `evaluation.goal`); a page never shows those keys.
 * `labels` are the page's own (e.g. an evaluation question's text); then `fields.*` in
 * web.json; a numbered key takes its number (`slots.1` → "Time 2"); anything else is
 * spelled out from its name rather than shown raw.
 */
export function fieldLabel(t: Translate, field: string, labels: Record<string, string> = {}): string {
  if (labels[field]) return labels[field];
  const numbered = /^(.+)\.(\d+)$/.exec(field);
  if (numbered) {
    const label = t(`fields.${numbered[1]}_n`, { n: Number(numbered[2]) + 1, defaultValue: "" });
    if (label) return label;
  }
  const known = t(`fields.${field.replace(/\./g, "_")}`, { defaultValue: "" });
  if (known) return known;
  const last =
    field
      .split(".")
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? field;
  const words = last
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The alert above a form that was refused; `children` adds a way forward (e.g. "Join that visit"). */
export function FormErrorAlert(props: {
  t: Translate;
  error: FormError;
  labels?: Record<string, string>;
  children?: Child;
}) {
  const { t, error } = props;
  return (
    <div class="card form-error" role="alert" id="form-error">
      <p>
        <strong>{error.message}</strong>
      </p>
      {error.fields && Object.keys(error.fields).length > 0 && (
        <ul>
          {Object.entries(error.fields).map(([field, reason]) => (
            <li>
              {fieldLabel(t, field, props.labels)}: {reason}
            </li>
          ))}
        </ul>
      )}
      {props.children}
    </div>
  );
}

/** The refusal for one field, printed beside it (the input points here with aria-describedby). */
export function FieldError(props: { error: FormError | undefined; name: string }) {
  const reason = props.error?.fields?.[props.name];
  if (!reason) return null;
  return (
    <span class="field-error" id={fieldErrorId(props.name)}>
      {reason}
    </span>
  );
}

export const fieldErrorId = (name: string) => `error-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;

/** aria-describedby / aria-invalid for an input whose field was refused (nothing otherwise). */
export function invalidProps(error: FormError | undefined, name: string) {
  return error?.fields?.[name] ? { "aria-invalid": "true", "aria-describedby": fieldErrorId(name) } : {};
}
