import type { Actor } from "../../context";
import type { AuditEntryView } from "../../services/audit";
import { Layout, type Translate } from "../layout";

export type AuditQuery = { actor: string; family: string; action: string; from: string; to: string };

/** /records/audit: the filter form, one page of entries (newest first), the next page and the CSV. */
export function AuditLogPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  query: AuditQuery;
  entries: AuditEntryView[];
  next: string | null;
}) {
  const { t, query } = props;
  const params = (extra: Record<string, string>) =>
    new URLSearchParams(
      Object.entries({ ...query, ...extra }).filter(([, v]) => v !== "") as [string, string][],
    ).toString();
  const when = (d: Date) =>
    new Intl.DateTimeFormat("en-US", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: props.actor.timeZone,
    }).format(d);
  return (
    <Layout title={t("records.auditTitle")} t={t} actor={props.actor} csrfToken={props.csrfToken}>
      <p>
        <a href="/records">← {t("records.title")}</a>
      </p>
      <h1>{t("records.auditTitle")}</h1>
      <p>{t("records.auditIntro")}</p>
      <form method="get" action="/records/audit" class="card">
        <label>
          {t("records.auditActor")} <input name="actor" value={query.actor} />
        </label>{" "}
        <label>
          {t("records.auditFamily")} <input name="family" value={query.family} />
        </label>{" "}
        <label>
          {t("records.auditAction")} <input name="action" value={query.action} />
        </label>{" "}
        <label>
          {t("records.from")} <input type="date" name="from" value={query.from} />
        </label>{" "}
        <label>
          {t("records.to")} <input type="date" name="to" value={query.to} />
        </label>{" "}
        <button type="submit">{t("records.auditFilter")}</button>
      </form>
      <p>
        <a href={`/records/audit.csv?${params({})}`}>{t("records.auditCsv")}</a>
      </p>
      {props.entries.length === 0 ? (
        <p>{t("records.auditEmpty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("records.auditWhen")}</th>
              <th scope="col">{t("records.auditWho")}</th>
              <th scope="col">{t("records.auditWhat")}</th>
              <th scope="col">{t("records.auditSubject")}</th>
              <th scope="col">{t("records.auditDetail")}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td>{when(e.at)}</td>
                <td>{e.actorName ?? e.actorType}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.subjectType === "family" && e.subjectId ? (
                    <a href={`/records/audit?${params({ family: e.subjectId })}`}>{e.subjectName ?? e.subjectId}</a>
                  ) : (
                    [e.subjectType, e.subjectId].filter(Boolean).join(" ")
                  )}
                </td>
                <td>
                  <code>{e.detail ? JSON.stringify(e.detail) : ""}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.next && (
        <p>
          <a href={`/records/audit?${params({ after: props.next })}`}>{t("records.auditNext")} →</a>
        </p>
      )}
    </Layout>
  );
}
