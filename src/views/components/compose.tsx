import { languageName } from "../../domain/languages";
import { EDUCATOR_PICKABLE } from "../../messaging/templates/catalog";
import type { Translate } from "../layout";

export type ComposeValues = { templateKey: string; body: string; channel: string };
export type ComposePreview = {
  status: string;
  channel: string;
  language: string;
  segments: number | null;
  encoding: string | null;
  body: string;
  subject: string | null;
  statusReason: string | null;
  welcomeFirst: boolean;
};

/**
 * The compose form on a family page. Works without JavaScript (Preview re-renders the page);
 * with it, /assets/compose.js refreshes the preview as the educator types.
 */
export function Compose(props: {
  t: Translate;
  familyId: string;
  familyLanguage: string;
  csrfToken: string;
  values: ComposeValues;
  preview: ComposePreview | null;
  /** Where to go after sending (the thread page, or the family page by default). */
  returnTo?: string;
}) {
  const { t, familyId, csrfToken, values, preview } = props;
  return (
    <section class="card" aria-labelledby="compose">
      <h2 id="compose">{t("compose.title")}</h2>
      <form
        method="post"
        action={`/families/${familyId}/messages`}
        data-preview={`/families/${familyId}/messages/preview`}
        id="compose-form"
      >
        <input type="hidden" name="_csrf" value={csrfToken} />
        {props.returnTo && <input type="hidden" name="returnTo" value={props.returnTo} />}
        <p>
          <label for="templateKey">{t("compose.template")}</label>
          <br />
          <select id="templateKey" name="templateKey">
            {EDUCATOR_PICKABLE.map((key) => (
              <option value={key} selected={values.templateKey === key}>
                {t(`compose.templates.${key}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="body">{t("compose.body", { language: languageName(props.familyLanguage) })}</label>
          <br />
          <textarea id="body" name="body" rows={4} maxlength={1000} style="width:100%">
            {values.body}
          </textarea>
          <br />
          <span class="muted">{t("compose.untranslated")}</span>
        </p>
        <p>
          <label for="channel">{t("compose.channel")}</label>{" "}
          <select id="channel" name="channel">
            {(["auto", "sms", "email"] as const).map((c) => (
              <option value={c} selected={values.channel === c}>
                {t(`compose.channels.${c}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <button type="submit" name="action" value="preview">
            {t("compose.preview")}
          </button>{" "}
          <button type="submit" name="action" value="send">
            {t("compose.send")}
          </button>
        </p>
      </form>
      <div id="compose-preview" aria-live="polite">
        {preview && <PreviewBlock t={t} preview={preview} />}
      </div>
      <script src="/assets/compose.js" defer></script>
    </section>
  );
}

export function PreviewBlock({ t, preview }: { t: Translate; preview: ComposePreview }) {
  if (preview.status === "undeliverable") {
    return <p class="badge">{t("compose.undeliverable", { reason: preview.statusReason ?? "" })}</p>;
  }
  return (
    <div class="card">
      <h3>{t("compose.previewTitle")}</h3>
      <p class="muted">
        {t("compose.previewTo", { channel: t(`channel.${preview.channel}`), language: languageName(preview.language) })}
        {preview.segments !== null && (
          <> · {t("compose.segments", { segments: preview.segments, encoding: preview.encoding })}</>
        )}
      </p>
      {preview.welcomeFirst && <p class="muted">{t("compose.welcomeFirst")}</p>}
      {preview.subject && (
        <p>
          <strong>{preview.subject}</strong>
        </p>
      )}
      <pre style="white-space:pre-wrap;font-family:inherit" lang={preview.language}>
        {preview.body}
      </pre>
    </div>
  );
}
