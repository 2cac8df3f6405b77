import { fieldLabel } from "../components/form-error";
import { Layout, type Translate } from "../layout";

/**
 * Error pages say what happened in plain words and leak nothing (no stack, no row ids). The
 * small reference line is the request id, which support finds on the server's log lines.
 */
export function ErrorPage({
  t,
  title,
  message,
  fields,
  back,
  reference,
}: {
  t: Translate;
  title: string;
  message: string;
  /** A refused form's fields, named as a teacher would name them. */
  fields?: Record<string, string> | undefined;
  /** Bad input: the browser's Back button returns to the form with what was typed. */
  back?: boolean;
  /** The request id (X-Request-Id), for a teacher to quote when asking for help. */
  reference?: string | undefined;
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
      {reference && (
        <p>
          <small>{t("errors.reference", { id: reference })}</small>
        </p>
      )}
    </Layout>
  );
}
