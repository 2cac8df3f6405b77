import type { Actor } from "../../context";
import { isolatedText } from "../../domain/visible-text";
import type { Family } from "../../schemas/families";
import type { listFamilyActivity } from "../../services/families";
import { Compose } from "../components/compose";
import { MessageCard } from "../components/message-card";
import { UntrustedText } from "../components/untrusted-text";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  family: Family;
  messages: Awaited<ReturnType<typeof listFamilyActivity>>["messages"];
  /** The language the reply box assumes the teacher writes in. */
  staffLanguage: string;
};

/**
 * One family's conversation, opening where a teacher picks it up: the newest message, then the
 * reply box (on a phone both fit the first screen), then the earlier messages newest first.
 * Oldest-first put the reply box thousands of pixels down a long thread.
 */
export function ThreadPage({ t, actor, csrfToken, family, messages, staffLanguage }: Props) {
  const title = t("inbox.threadTitle", { name: isolatedText(family.displayName) });
  // Newest first, as listFamilyActivity returns them.
  const [latest, ...earlier] = messages;
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/inbox">← {t("inbox.title")}</a> ·{" "}
        <a href={`/families/${family.id}`}>
          <UntrustedText text={family.displayName} />
        </a>
      </p>
      <h1>{title}</h1>
      <form method="post" action={`/inbox/${family.id}/read`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit">{t("inbox.markRead")}</button>
      </form>
      {latest && (
        <section id="latest" aria-label={t("inboxTools.latest")}>
          <MessageCard
            t={t}
            message={latest}
            timeZone={actor.timeZone}
            csrfToken={csrfToken}
            returnTo={`/inbox/${family.id}`}
          />
        </section>
      )}
      <Compose
        t={t}
        familyId={family.id}
        familyLanguage={family.language}
        csrfToken={csrfToken}
        values={{ templateKey: "personal", body: "", channel: "auto", sourceLanguage: staffLanguage }}
        preview={null}
        returnTo={`/inbox/${family.id}`}
      />
      {earlier.length > 0 && (
        <section aria-labelledby="earlier">
          <h2 id="earlier">{t("inboxTools.earlier")}</h2>
          {earlier.map((m) => (
            <MessageCard
              t={t}
              message={m}
              timeZone={actor.timeZone}
              csrfToken={csrfToken}
              returnTo={`/inbox/${family.id}`}
            />
          ))}
        </section>
      )}
    </Layout>
  );
}
