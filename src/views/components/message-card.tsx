import { languageName, textDirection } from "../../domain/languages";
import type { listFamilyActivity } from "../../services/list-family-activity";
import type { Translate } from "../layout";
import { UntrustedText } from "./untrusted-text";

type Message = Awaited<ReturnType<typeof listFamilyActivity>>["messages"][number];

/**
 * One message as staff see it: who, channel, language, time in the educator's zone, delivery
 * status for outbound; the body as text in its own language and direction (never as HTML);
 * an English rendering when there is one; attachments noted.
 */
export function MessageCard({ t, message: m, timeZone }: { t: Translate; message: Message; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    m.occurredAt,
  );
  return (
    <article
      class={`card msg-${m.direction}`}
      style={m.direction === "out" ? "margin-inline-start:8%" : "margin-inline-end:8%"}
    >
      <p class="muted">
        {m.direction === "in" ? (
          t("family.fromFamily")
        ) : m.educatorName ? (
          <UntrustedText text={m.educatorName} />
        ) : (
          t("family.toFamily")
        )}{" "}
        · {t(`channel.${m.channel}`)} · {languageName(m.language)} ·{" "}
        <time datetime={m.occurredAt.toISOString()}>{when}</time>
        {m.direction === "out" && (
          <span>
            {" "}
            · {m.status}
            {m.statusReason ? ` (${m.statusReason})` : ""}
          </span>
        )}
        {m.direction === "in" && !m.readAt && (
          <>
            {" "}
            <span class="badge">{t("inbox.unread", { count: 1 })}</span>
          </>
        )}
      </p>
      <p lang={m.language} dir={textDirection(m.language)} style="white-space:pre-wrap">
        <UntrustedText text={m.body} />
      </p>
      {m.translatedBody && m.language !== "en" && (
        <p class="muted" lang="en">
          {t("family.inEnglish")}: <UntrustedText text={m.translatedBody} />
        </p>
      )}
      {m.media && <p class="muted">{t("inbox.media", { count: m.media.count, types: m.media.types.join(", ") })}</p>}
    </article>
  );
}
