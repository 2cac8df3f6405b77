import type { Actor } from "../../context";
import type { School } from "../../schemas/schools";
import type { ImportResult } from "../../services/roster";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  schools: School[];
  result: ImportResult | null;
};
const KINDS = ["schools", "educators", "families", "contacts", "students"] as const;

/**
 * Upload → dry run (counts, rows not imported, whom an apply deactivates) → the same upload
 * again with "apply". Rows not imported are the first thing shown, and applying with them
 * takes a second tick that names how many — a coordinator must not believe a roster complete.
 */
export function ImportsPage({ t, actor, csrfToken, schools, result }: Props) {
  const errors = result
    ? KINDS.flatMap((k) => result[k].errors).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    : [];
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
        {result && result.notImported > 0 && (
          <p>
            <label>
              <input type="checkbox" name="acceptErrors" value="1" />{" "}
              {t("imports.acceptErrors", { count: result.notImported })}
            </label>
          </p>
        )}
        <button type="submit">{t("imports.submit")}</button>{" "}
        <progress id="import-progress" max="100" value="0" hidden />
      </form>
      {result && (
        <section class="card" aria-live="polite">
          <h2>{result.committed ? t("imports.applied") : t("imports.dryRun")}</h2>
          {result.notImported > 0 && (
            <div role="alert" id="rows-not-imported">
              <p>
                <strong>{t("imports.notImported", { count: result.notImported })}</strong>
              </p>
              <p>{result.acceptanceNeeded ? t("imports.notApplied") : t("imports.notImportedHelp")}</p>
            </div>
          )}
          {result.districtCreated && <p>{t("imports.districtCreated", result.districtCreated)}</p>}
          <table>
            <thead>
              <tr>
                <th scope="col">{t("imports.kind")}</th>
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
          {errors.length > 0 && (
            <ul id="import-errors">
              {errors.map((e) => (
                <li>
                  <code>
                    {e.file}:{e.line}
                  </code>{" "}
                  {e.message}
                </li>
              ))}
            </ul>
          )}
          {result.deactivations.length > 0 && (
            <>
              <h3>
                {t(result.committed ? "imports.deactivatedList" : "imports.wouldDeactivate", {
                  count: result.deactivations.length,
                })}
              </h3>
              <ul id="import-deactivations">
                {result.deactivations.map((d) => (
                  <li>
                    {t(`imports.kinds.${d.kind}`)}: {d.name} ({d.externalId}), {d.school}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <script src="/assets/import.js" defer />
    </Layout>
  );
}
