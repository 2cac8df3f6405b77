import { fieldLabel } from "../components/form-error";
import { Layout, type Translate } from "../layout";

/** Error pages say what happened in plain words and leak nothing (no stack, no ids). */
export function ErrorPage({
  t,
  title,
  message,
  fields,
  back,
}: {
  t: Translate;
  title: string;
  message: string;
  /** A refused form's fields, named as a teacher would name them. */
  fields?: Record<string, string> | undefined;
  /** Bad input: the browser's Back button returns to the form with what was typed. */
  back?: boolean;
}) {
  return (
    <Layout title={title} t={t}>
      <h1>{title}</h1>
      <p role="alert">{message}</p>
      {fields && Object.keys(fields).length > 0 && (
        <ul>
          {Object.entries(fields).map(([field, reason]) => (
            <li>
              {fieldLabel(t, field)}: {reason}
            </li>
          ))}
        </ul>
      )}
      {back && <p>{t("errors.goBack")}</p>}
      <p>
        <a href="/">{t("errors.home")}</a>
      </p>
    </Layout>
  );
}
