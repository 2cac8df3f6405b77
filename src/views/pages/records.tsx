import type { Actor } from "../../context";
import type { School } from "../../schemas/schools";
import { type FormError, FormErrorAlert } from "../components/form-error";
import { Layout, type Translate } from "../layout";

type Staff = Actor & { type: "educator" };

/** /records: the records-request export (CSV) and where the per-family tools are. */
export function RecordsPage(props: { t: Translate; actor: Staff; csrfToken: string; schools: School[] }) {
  const { t, actor } = props;
  return (
    <Layout title={t("records.title")} t={t} actor={actor} csrfToken={props.csrfToken}>
      <h1>{t("records.title")}</h1>
      <p>{t("records.intro")}</p>
      {actor.role === "district_admin" && (
        <p>
          <a href="/records/audit">{t("records.auditTitle")}</a> ·{" "}
          <a href="/settings/retention">{t("records.retentionTitle")}</a>
        </p>
      )}
      <form method="get" action="/records/messages.csv" class="card">
        <h2>{t("records.exportTitle")}</h2>
        <p>
          <label>
            {t("records.school")}{" "}
            <select name="school">
              <option value="">{t("records.allSchools")}</option>
              {props.schools.map((s) => (
                <option value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            {t("records.educator")} <input name="educator" />
          </label>
        </p>
        <p>
          <label>
            {t("records.family")} <input name="family" />
          </label>
        </p>
        <p>
          <label>
            {t("records.from")} <input type="date" name="from" />
          </label>{" "}
          <label>
            {t("records.to")} <input type="date" name="to" />
          </label>
        </p>
        <button type="submit">{t("records.download")}</button>
      </form>
      <section class="card">
        <h2>{t("records.familyTools")}</h2>
        <p>{t("records.familyToolsIntro")}</p>
      </section>
    </Layout>
  );
}

/** The links on a family's page (coordinators and admins; deletion for admins only). */
export function FamilyRecordsLinks(props: { t: Translate; actor: Actor; familyId: string }) {
  const { t, actor, familyId } = props;
  if (actor.role === "educator") return null;
  return (
    <p>
      <a href={`/families/${familyId}/history`}>{t("records.history")}</a> ·{" "}
      <a href={`/families/${familyId}/data.json`}>{t("records.dataExport")}</a>
      {actor.role === "district_admin" && (
        <>
          {" "}
          · <a href={`/families/${familyId}/delete`}>{t("records.delete")}</a>
        </>
      )}
    </p>
  );
}

/** /families/:id/delete: the confirmation (typing the family's name), or what was erased. */
export function DeleteFamilyPage(props: {
  t: Translate;
  actor: Staff;
  csrfToken: string;
  familyId: string;
  familyName: string;
  error?: FormError | undefined;
  done?: { messages: number; contacts: number; students: number; visits: number } | undefined;
}) {
  const { t, familyId, familyName } = props;
  return (
    <Layout
      title={t("records.deleteTitle", { family: familyName })}
      t={t}
      actor={props.actor}
      csrfToken={props.csrfToken}
    >
      <h1>{t("records.deleteTitle", { family: familyName })}</h1>
      {props.done ? (
        <p role="status">{t("records.deleted", props.done)}</p>
      ) : (
        <>
          <p>{t("records.deleteExplain")}</p>
          <p>
            <a href={`/families/${familyId}/data.json`}>{t("records.dataExport")}</a>
          </p>
          {props.error && <FormErrorAlert t={t} error={props.error} />}
          <form method="post" action={`/families/${familyId}/delete`} class="card">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <p>
              <label>
                {t("records.deleteConfirm", { family: familyName })}{" "}
                <input name="confirmName" required autocomplete="off" />
              </label>
            </p>
            <button type="submit">{t("records.deleteButton")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
