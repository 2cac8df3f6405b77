import type { Actor } from "../../context";
import type { listOptOutReviews } from "../../services/inbound";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  reviews: Awaited<ReturnType<typeof listOptOutReviews>>;
};

export function OptOutReviewsPage({ t, actor, csrfToken, reviews }: Props) {
  const day = (d: Date) =>
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: actor.timeZone }).format(d);
  return (
    <Layout title={t("inbox.reviews")} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/inbox">← {t("inbox.title")}</a>
      </p>
      <h1>{t("inbox.reviews")}</h1>
      <p>{t("inbox.reviewsIntro")}</p>
      {reviews.length === 0 && <p>{t("inbox.reviewsEmpty")}</p>}
      {reviews.map((r) => (
        <article class="card">
          <p>
            <a href={`/inbox/${r.familyId}`}>{r.familyName}</a> · {r.contactName} ·{" "}
            <span class="badge">
              {r.overdue
                ? t("inbox.overdue", { date: day(r.dueAt) })
                : t("inbox.daysLeft", { count: r.businessDaysLeft })}
            </span>
          </p>
          <p style="white-space:pre-wrap">{r.body}</p>
          {(["opt_out", "dismiss"] as const).map((decision) => (
            <form method="post" action={`/inbox/reviews/${r.id}`} class="inline">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="decision" value={decision} />
              <button type="submit">
                {decision === "opt_out"
                  ? t("inbox.honour", { channel: t(`channel.${r.channel}`) })
                  : t("inbox.dismiss")}
              </button>{" "}
            </form>
          ))}
        </article>
      ))}
    </Layout>
  );
}
