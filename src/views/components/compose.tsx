import { digitGroups } from "../../domain/digit-groups";
import { LANGUAGE_TAGS, languageName, textDirection } from "../../domain/languages";
import { smsSegments } from "../../domain/sms-segments";
import { educatorPickable } from "../../messaging/templates/catalog";
import { MESSAGE_BODY_MAX } from "../../schemas/messages";
import type { Translate } from "../layout";
import { FieldError, type FormError, FormErrorAlert, fieldErrorId } from "./form-error";
import { engineName as engineLabel } from "./message-card";

export type ComposeValues = {
  templateKey: string;
  body: string;
  channel: string;
  /** The language the teacher writes in (default the staff language). */
  sourceLanguage: string;
  /** "Send later", as typed (local date-time in the educator's zone); kept through Preview and errors. */
  sendAt?: string;
};
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
  /** Free text machine-translated into the family's language (Preview pressed). */
  translation: { text: string; engine: string | null; sourceLanguage: string } | null;
  /** Why free text could not be translated: nothing is sent until the teacher chooses. */
  translationError: { failure: "failed" | "over_cap"; language: string; reason: string } | null;
  /** No engine is configured: free text goes as written (said, never implied otherwise). */
  notTranslated?: boolean;
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
  returnTo?: string | undefined;
  /** A refused send (empty, too long…): said beside the message box, the text kept. */
  error?: FormError | undefined;
}) {
  const { t, familyId, csrfToken, values, preview, error } = props;
  return (
    <section class="card" aria-labelledby="compose">
      <h2 id="compose">{t("compose.title")}</h2>
      {error && <FormErrorAlert t={t} error={error} />}
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
            {educatorPickable().map((key) => (
              <option value={key} selected={values.templateKey === key}>
                {t(`compose.templates.${key}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="body">{t("compose.body", { language: languageName(props.familyLanguage) })}</label>
          <br />
          {/* No maxlength: the browser would cut a pasted text silently. The limit is said
              up front, counted as the teacher types, and refused by name with the text kept. */}
          <textarea
            id="body"
            name="body"
            rows={4}
            style="width:100%"
            data-limit={MESSAGE_BODY_MAX}
            aria-describedby={error?.fields?.body ? `compose-counter ${fieldErrorId("body")}` : "compose-counter"}
            {...(error?.fields?.body ? { "aria-invalid": "true" } : {})}
          >
            {values.body}
          </textarea>
          <FieldError error={error} name="body" />
          <br />
          <span
            id="compose-counter"
            class="muted"
            aria-live="polite"
            data-template={t("compose.counter", { characters: "{c}", limit: LIMIT, segments: "{s}" })}
            data-template-over={t("compose.counterOver", { characters: "{c}", limit: LIMIT, over: "{o}" })}
          >
            {counterText(t, values.body)}
          </span>
          <br />
          <span class="muted">{t("compose.untranslated", { language: languageName(props.familyLanguage) })}</span>
        </p>
        <p>
          <label for="sourceLanguage">{t("compose.writtenIn")}</label>{" "}
          <select id="sourceLanguage" name="sourceLanguage">
            {LANGUAGE_TAGS.map((tag) => (
              <option value={tag} selected={values.sourceLanguage === tag}>
                {languageName(tag)}
              </option>
            ))}
          </select>
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
          <label for="sendAt">{t("scheduled.sendAt")}</label>{" "}
          <input
            type="datetime-local"
            id="sendAt"
            name="sendAt"
            value={values.sendAt ?? ""}
            aria-describedby="sendAt-hint"
          />{" "}
          <span class="muted" id="sendAt-hint">
            {t("scheduled.sendAtHint")}
          </span>
        </p>
        <p>
          <button type="submit" name="action" value="preview">
            {t("compose.preview")}
          </button>{" "}
          <button type="submit" name="action" value="send">
            {preview?.translation ? t("compose.sendTranslation") : t("compose.send")}
          </button>
          {(preview?.translation || preview?.translationError) && (
            <>
              {" "}
              <button type="submit" name="action" value="send_as_written">
                {t("compose.sendAsWritten")}
              </button>
            </>
          )}
        </p>
      </form>
      <div id="compose-preview" aria-live="polite">
        {preview && <PreviewBlock t={t} preview={preview} />}
      </div>
      <script src="/assets/compose.js" defer></script>
    </section>
  );
}

/**
 * "12 of 1,000 characters · 1 SMS segment": the limit is stated before it bites. Rendered on
 * the server for the first paint and for no-JS; /assets/compose.js keeps it current as the
 * teacher types (the preview then gives Twilio's exact count).
 */
const LIMIT = digitGroups(MESSAGE_BODY_MAX);

export function counterText(t: Translate, body: string): string {
  const { segments } = smsSegments(body);
  const key = body.length > MESSAGE_BODY_MAX ? "compose.counterOver" : "compose.counter";
  return t(key, {
    count: body.length,
    characters: body.length.toLocaleString("en-US"),
    limit: MESSAGE_BODY_MAX.toLocaleString("en-US"),
    over: (body.length - MESSAGE_BODY_MAX).toLocaleString("en-US"),
    segments: body.length === 0 ? 0 : segments,
  });
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
      {preview.translationError && (
        <p class="badge" role="alert">
          {preview.translationError.failure === "over_cap"
            ? t("compose.translationOverCap")
            : t("compose.translationFailed", {
                language: languageName(preview.translationError.language),
                reason: preview.translationError.reason,
              })}
        </p>
      )}
      {preview.notTranslated && (
        <p class="muted">{t("compose.notTranslated", { language: languageName(preview.language) })}</p>
      )}
      {preview.translation && (
        <p>
          <label for="translatedBody">
            {t("compose.translationTitle")} ({engineLabel(t, preview.translation.engine)})
          </label>
          <br />
          <span class="muted">{t("compose.translationHint", { language: languageName(preview.language) })}</span>
          <textarea
            id="translatedBody"
            name="translatedBody"
            form="compose-form"
            rows={4}
            maxlength={1600}
            style="width:100%"
            lang={preview.language}
            dir={textDirection(preview.language)}
          >
            {preview.translation.text}
          </textarea>
        </p>
      )}
      {preview.subject && (
        <p>
          <strong>{preview.subject}</strong>
        </p>
      )}
      <pre
        style="white-space:pre-wrap;font-family:inherit"
        lang={preview.language}
        dir={textDirection(preview.language)}
      >
        {preview.body}
      </pre>
    </div>
  );
}
