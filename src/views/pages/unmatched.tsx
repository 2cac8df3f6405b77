import type { Actor } from "../../context";
import type { Family } from "../../schemas/families";
import type { listUnmatched } from "../../services/inbox";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  items: Awaited<ReturnType<typeof listUnmatched>>;
  q: string;
  candidates: Family[];
};

export function UnmatchedPage({ t, actor, csrfToken, items, q, candidates }: Props) {
  return (
    <Layout title={t("inbox.unmatched")} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/inbox">← {t("inbox.title")}</a>
      </p>
      <h1>{t("inbox.unmatched")}</h1>
      <p>{t("inbox.unmatchedIntro")}</p>
      {items.length === 0 && <p>{t("inbox.unmatchedEmpty")}</p>}
      {items.map((m) => (
        <article class="card msg-in">
          <p class="muted">
            {t("inbox.from", { address: m.address ?? "?" })} · {t(`channel.${m.channel}`)} ·{" "}
            {m.occurredAt.toISOString().slice(0, 16).replace("T", " ")} UTC
          </p>
          <p style="white-space:pre-wrap">{m.body}</p>
          <form method="get" action="/inbox/unmatched">
            <input type="hidden" name="message" value={m.id} />
            <label>
              {t("inbox.findFamily")} <input type="search" name="q" value={q} />
            </label>{" "}
            <button type="submit">{t("home.searchButton")}</button>
          </form>
          {q &&
            candidates.map((family) => (
              <form method="post" action={`/inbox/unmatched/${m.id}/assign`} class="inline">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <input type="hidden" name="familyId" value={family.id} />
                <button type="submit">{t("inbox.assign", { name: family.displayName })}</button>{" "}
              </form>
            ))}
        </article>
      ))}
    </Layout>
  );
}
