import type { Actor } from "../../context";
import type { listDraws } from "../../services/visits";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  schoolId: string;
  allowedFlags: readonly string[];
  draws: Awaited<ReturnType<typeof listDraws>>["draws"];
  names: Map<string, string>;
};

/** Coordinators: draw households to visit, and see every draw with its seed and result. */
export function DrawsPage({ t, actor, csrfToken, schoolId, allowedFlags, draws, names }: Props) {
  return (
    <Layout title={t("draws.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("draws.title")}</h1>
      <p>{t("draws.intro")}</p>
      <form method="post" action={`/draws?school=${schoolId}`} class="card">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("draws.count")} <input type="number" min={1} name="count" />
          </label>
        </p>
        <p>
          <label>
            {t("draws.seed")} <input name="seed" />
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="exclude" value="1" /> {t("draws.exclude")}
          </label>
        </p>
        {allowedFlags.length > 0 && (
          <fieldset>
            <legend>{t("draws.prioritize")}</legend>
            {allowedFlags.map((flag) => (
              <label>
                <input type="checkbox" name="prioritize" value={flag} /> {flag}{" "}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit">{t("draws.draw")}</button>
      </form>
      <h2>{t("draws.past")}</h2>
      {draws.map((d) => (
        <section class="card">
          <p class="muted">
            {t("draws.by", { count: d.result.length, seed: d.seed, date: d.createdAt.toISOString().slice(0, 10) })}
          </p>
          <ol>
            {d.result.map((id) => (
              <li>
                <a href={`/families/${id}`}>{names.get(id) ?? id}</a>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </Layout>
  );
}
