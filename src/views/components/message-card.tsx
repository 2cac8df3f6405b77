import { languageName, textDirection } from "../../domain/languages";
import type { listFamilyActivity } from "../../services/families";
import type { TranslationView } from "../../services/translation";
import type { Translate } from "../layout";
import { UntrustedText } from "./untrusted-text";

type Message = Awaited<ReturnType<typeof listFamilyActivity>>["messages"][number];

/**
 * One message as staff see it: who, channel, language, time in the educator's zone, delivery
 * status for outbound; the body as text in its own language and direction (never as HTML);
 * under it the machine translation, labelled with its engine (or why there is none); attachments
 * noted. Educators who read the family's language may correct a translation.
 */
export function MessageCard(props: {
  t: Translate;
  message: Message;
  timeZone: string;
  csrfToken?: string;
  returnTo?: string;
}) {
  const { t, message: m, timeZone } = props;
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
      {m.translation && <TranslationLine t={t} translation={m.translation} />}
      {m.translation && m.mayCorrect && props.csrfToken && (
        <CorrectTranslation
          t={t}
          messageId={m.id}
          translation={m.translation}
          csrfToken={props.csrfToken}
          returnTo={props.returnTo}
        />
      )}
      {m.media && <p class="muted">{t("inbox.media", { count: m.media.count, types: m.media.types.join(", ") })}</p>}
    </article>
  );
}

export function engineName(t: Translate, engine: string | null) {
  return engine ? t(`translation.engines.${engine}`, { defaultValue: engine }) : "";
}

/** The staff-language line under a message: the translation, or the honest reason there is none. */
function TranslationLine({ t, translation: tr }: { t: Translate; translation: TranslationView }) {
  if (tr.direction === "to_family") {
    // The body is what the family got; staff see what the teacher wrote and how it was made.
    const how =
      tr.status === "as_written"
        ? t("translation.asWritten")
        : tr.status === "edited"
          ? t("translation.edited")
          : t("translation.machine", { engine: engineName(t, tr.engine) });
    return (
      <p class="muted translation">
        {tr.original && tr.status !== "as_written" && (
          <>
            {t("translation.youWrote")}:{" "}
            <span lang={tr.sourceLanguage} dir={textDirection(tr.sourceLanguage)}>
              <UntrustedText text={tr.original} />
            </span>
            <br />
          </>
        )}
        <small>{how}</small>
      </p>
    );
  }
  if ((tr.status === "done" || tr.status === "corrected") && tr.text) {
    return (
      <div class="translation" lang={tr.targetLanguage} dir={textDirection(tr.targetLanguage)}>
        <p style="white-space:pre-wrap;margin-bottom:0">
          <UntrustedText text={tr.text} />
        </p>
        <p class="muted" style="margin-top:0">
          <small>
            {tr.status === "corrected"
              ? t("translation.corrected", { name: tr.correctedBy ?? "" })
              : t("translation.machine", { engine: engineName(t, tr.engine) })}
            {tr.detectedLanguage && tr.detectedLanguage !== tr.sourceLanguage && (
              <>
                {" "}
                ·{" "}
                <strong>
                  {t("translation.otherLanguage", {
                    language: languageName(tr.detectedLanguage),
                    expected: languageName(tr.sourceLanguage),
                  })}
                </strong>
              </>
            )}
          </small>
        </p>
      </div>
    );
  }
  if (tr.status === "pending") return <p class="muted translation">{t("translation.pending")}</p>;
  const reason =
    tr.status === "over_cap"
      ? t("translation.reasons.over_cap")
      : tr.statusReason?.startsWith("not_configured")
        ? t("translation.reasons.not_configured")
        : tr.statusReason?.startsWith("unsupported_pair")
          ? t("translation.reasons.unsupported_pair", { language: languageName(tr.sourceLanguage) })
          : t("translation.reasons.failed");
  return <p class="muted translation">{t("translation.notTranslated", { reason })}</p>;
}

/** A bilingual educator's correction; kept with who and when, the machine's text beside it. */
function CorrectTranslation(props: {
  t: Translate;
  messageId: string;
  translation: TranslationView;
  csrfToken: string;
  returnTo?: string;
}) {
  const { t, translation: tr } = props;
  return (
    <details>
      <summary>{t("translation.correct")}</summary>
      <form method="post" action={`/messages/${props.messageId}/translation`}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.returnTo && <input type="hidden" name="returnTo" value={props.returnTo} />}
        <label for={`tr-${props.messageId}`}>
          {t("translation.correctLabel", { language: languageName(tr.sourceLanguage) })}
        </label>
        <textarea id={`tr-${props.messageId}`} name="text" rows={3} maxlength={2000} style="width:100%" required>
          {tr.text ?? ""}
        </textarea>
        <button type="submit">{t("translation.save")}</button>
      </form>
    </details>
  );
}
