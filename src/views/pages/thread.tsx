import type { Actor } from "../../context";
import { languageName, textDirection } from "../../domain/languages";
import type { Family } from "../../schemas/families";
import type { listFamilyActivity } from "../../services/list-family-activity";
import { Compose } from "../components/compose";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  family: Family;
  messages: Awaited<ReturnType<typeof listFamilyActivity>>["messages"];
};

/** One family's conversation, oldest first, and a reply box that goes through the outbound pipeline. */
export function ThreadPage({ t, actor, csrfToken, family, messages }: Props) {
  const when = (d: Date) =>
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: actor.timeZone }).format(d);
  const title = t("inbox.threadTitle", { name: family.displayName });
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/inbox">← {t("inbox.title")}</a> · <a href={`/families/${family.id}`}>{family.displayName}</a>
      </p>
      <h1>{title}</h1>
      <form method="post" action={`/inbox/${family.id}/read`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit">{t("inbox.markRead")}</button>
      </form>
      {[...messages].reverse().map((m) => (
        <article
          class={`card msg-${m.direction}`}
          style={m.direction === "out" ? "margin-inline-start:10%" : "margin-inline-end:10%"}
        >
          <p class="muted">
            {m.direction === "in" ? t("family.fromFamily") : (m.educatorName ?? t("family.toFamily"))} ·{" "}
            {t(`channel.${m.channel}`)} · {languageName(m.language)} ·{" "}
            <time datetime={m.occurredAt.toISOString()}>{when(m.occurredAt)}</time>
            {m.direction === "out" && <span> · {m.status}</span>}
            {m.direction === "in" && !m.readAt && <span class="badge">{t("inbox.unread", { count: 1 })}</span>}
          </p>
          <p lang={m.language} dir={textDirection(m.language)} style="white-space:pre-wrap">
            {m.body}
          </p>
          {m.media && (
            <p class="muted">{t("inbox.media", { count: m.media.count, types: m.media.types.join(", ") })}</p>
          )}
        </article>
      ))}
      <Compose
        t={t}
        familyId={family.id}
        familyLanguage={family.language}
        csrfToken={csrfToken}
        values={{ templateKey: "personal", body: "", channel: "auto" }}
        preview={null}
        returnTo={`/inbox/${family.id}`}
      />
    </Layout>
  );
}
