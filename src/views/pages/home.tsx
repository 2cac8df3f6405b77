import type { Actor } from "../../context";
import { languageName } from "../../domain/languages";
import type { Family } from "../../schemas/families";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  families: Family[];
  nextCursor: string | null;
  q: string | undefined;
};

/** The landing page for every role: the households in their scope. */
export function HomePage({ t, actor, csrfToken, families, nextCursor, q }: Props) {
  const title = t(`home.title.${actor.role}`);
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{title}</h1>
      <form method="get" action="/">
        <label for="q">{t("home.search")}</label> <input id="q" name="q" type="search" value={q ?? ""} />{" "}
        <button type="submit">{t("home.searchButton")}</button>
      </form>
      {families.length === 0 ? (
        <p role="status">{q ? t("home.noResults", { q }) : t("home.empty")}</p>
      ) : (
        <table class="responsive">
          <caption>{t("home.count", { count: families.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("home.household")}</th>
              <th scope="col">{t("home.children")}</th>
              <th scope="col">{t("home.language")}</th>
              <th scope="col">{t("home.channel")}</th>
              <th scope="col">{t("home.latestVisit")}</th>
            </tr>
          </thead>
          <tbody>
            {families.map((f) => (
              <tr>
                <td data-label={t("home.household")}>
                  <a href={`/families/${f.id}`}>{f.displayName}</a>
                </td>
                <td data-label={t("home.children")}>
                  {f.students.map((s) => `${s.firstName} (${s.grade})`).join(", ")}
                </td>
                <td data-label={t("home.language")}>{languageName(f.language)}</td>
                <td data-label={t("home.channel")}>{t(`channel.${f.channel}`)}</td>
                <td data-label={t("home.latestVisit")}>
                  {f.latestVisit ? t(`visitStatus.${f.latestVisit.status}`) : t("home.noVisit")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <p>
          <a href={`/?${new URLSearchParams({ ...(q ? { q } : {}), cursor: nextCursor })}`}>{t("home.next")}</a>
        </p>
      )}
    </Layout>
  );
}
