import type { Actor } from "../../context";
import { languageName } from "../../domain/languages";
import type { listInbox } from "../../services/inbox";
import { UntrustedText } from "../components/untrusted-text";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  threads: Awaited<ReturnType<typeof listInbox>>;
  q?: string;
  unreadOnly?: boolean;
  /** Unread family messages in the reader's scope (all threads, not just those shown). */
  unreadTotal?: number;
};

/** Threads newest first; unread ones stand out. Coordinators also get the two review queues. */
export function InboxPage({ t, actor, csrfToken, threads, q = "", unreadOnly = false, unreadTotal = 0 }: Props) {
  const filtered = q !== "" || unreadOnly;
  const when = (d: Date | null) =>
    d
      ? new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: actor.timeZone }).format(
          d,
        )
      : "";
  return (
    <Layout title={t("inbox.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("inbox.title")}</h1>
      {actor.role !== "educator" && (
        <p>
          <a href="/inbox/unmatched">{t("inbox.unmatched")}</a> · <a href="/inbox/reviews">{t("inbox.reviews")}</a>
        </p>
      )}
      <form method="get" action="/inbox" class="card" aria-label={t("inboxTools.search")}>
        <label for="inbox-q">{t("inboxTools.search")}</label>{" "}
        <input id="inbox-q" name="q" type="search" value={q} maxlength={100} />
        {unreadOnly && <input type="hidden" name="unread" value="1" />}{" "}
        <button type="submit">{t("inboxTools.searchButton")}</button>
      </form>
      <nav aria-label={t("inboxTools.filters")}>
        <p>
          <a href={q ? `/inbox?q=${encodeURIComponent(q)}` : "/inbox"} aria-current={unreadOnly ? undefined : "page"}>
            {t("inboxTools.all")}
          </a>{" "}
          ·{" "}
          <a
            href={`/inbox?unread=1${q ? `&q=${encodeURIComponent(q)}` : ""}`}
            aria-current={unreadOnly ? "page" : undefined}
          >
            {t("inboxTools.unread", { count: unreadTotal })}
          </a>
        </p>
      </nav>
      {threads.length === 0 && <p>{filtered ? t("inboxTools.noMatch") : t("inbox.empty")}</p>}
      <ul class="plain">
        {threads.map((thread) => (
          <li class={`card ${thread.unread > 0 ? "msg-in" : ""}`}>
            <a href={`/inbox/${thread.familyId}`}>
              <strong>
                <UntrustedText text={thread.displayName} />
              </strong>
            </a>{" "}
            {thread.unread > 0 && <span class="badge">{t("inbox.unread", { count: thread.unread })}</span>}
            <br />
            <span class="muted">
              {languageName(thread.language)} · {when(thread.lastAt)} ·{" "}
              {thread.lastDirection === "in"
                ? t("inbox.family")
                : thread.lastSender === null
                  ? t("inbox.you")
                  : thread.lastSender === "school"
                    ? t("inbox.school")
                    : thread.lastSender}
              {thread.lastKind === "broadcast" && ` (${t("inbox.broadcast")})`}:
            </span>{" "}
            {thread.lastBody.length > 120 ? `${thread.lastBody.slice(0, 120)}…` : thread.lastBody}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
