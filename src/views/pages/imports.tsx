import type { Actor } from "../../context";
import type { School } from "../../schemas/schools";
import type { ImportResult } from "../../services/roster/import-roster";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  schools: School[];
  result: ImportResult | null;
};
const KINDS = ["schools", "educators", "families", "contacts", "students"] as const;

/** Upload → dry run (counts and row errors) → the same upload again with "apply". */
export function ImportsPage({ t, actor, csrfToken, schools, result }: Props) {
  return (
    <Layout title={t("imports.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("imports.title")}</h1>
      <p>{t("imports.intro")}</p>
      <p class="muted">{t("imports.households")}</p>
      <p>
        <a href="/imports/template.csv">{t("imports.template")}</a>
      </p>
      <form method="post" action="/imports" enctype="multipart/form-data" class="card" id="import-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("imports.files")} <input type="file" name="files" multiple accept=".zip,.csv" required />
          </label>
        </p>
        <p>
          <label>
            {t("imports.school")}{" "}
            <select name="schoolId">
              {schools.map((s) => (
                <option value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="commit" value="1" /> {t("imports.commit")}
          </label>
        </p>
        <button type="submit">{t("imports.submit")}</button>{" "}
        <progress id="import-progress" max="100" value="0" hidden />
      </form>
      {result && (
        <section class="card" aria-live="polite">
          <h2>{result.committed ? t("imports.applied") : t("imports.dryRun")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t("imports.created")}</th>
                <th scope="col">{t("imports.updated")}</th>
                <th scope="col">{t("imports.unchanged")}</th>
                <th scope="col">{t("imports.deactivated")}</th>
              </tr>
            </thead>
            <tbody>
              {KINDS.map((k) => (
                <tr>
                  <th scope="row">{t(`imports.kinds.${k}`)}</th>
                  <td>{result[k].created}</td>
                  <td>{result[k].updated}</td>
                  <td>{result[k].unchanged}</td>
                  <td>{result[k].deactivated}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul>
            {KINDS.flatMap((k) =>
              result[k].errors.map((e) => (
                <li>
                  <code>
                    {e.file}:{e.line}
                  </code>{" "}
                  {e.message}
                </li>
              )),
            )}
          </ul>
        </section>
      )}
      <script src="/assets/import.js" defer />
    </Layout>
  );
}
