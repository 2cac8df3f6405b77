import { eventTextIn } from "../../domain/event-text";
import { textDirection } from "../../domain/languages";
import { type SegmentInfo, smsSegments } from "../../domain/sms-segments";
import { questionIn } from "../../domain/surveys";
import { formatShortTime, formatVisitTime } from "../../domain/time-format";
import type { I18n } from "../../i18n";
import type { TemplateKey, TemplateParams } from "./catalog";

export type RenderOptions = { timeZone: string };
export type RenderedSms = { body: string; language: string; fallbackFrom: string | null; segments: SegmentInfo };
export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  language: string;
  fallbackFrom: string | null;
};

/**
 * Renders a template in the family's language. If any string the template needs is missing
 * in that language, the whole message is rendered in English (never half and half) and
 * `fallbackFrom` names the language that was asked for, so the gap is recorded.
 */
export function renderSms(
  i18n: I18n,
  key: TemplateKey,
  lng: string,
  params: TemplateParams,
  options: RenderOptions,
): RenderedSms {
  const main = agreeing(i18n, "sms", key, params.educatorCount);
  const needed = [
    main,
    ...(key === "visit_invitation" ? ["fragments.time_option", "fragments.reply_one", "fragments.reply_many"] : []),
    ...(key === "event_rsvp_ack" && params.answer ? [`fragments.rsvp_${params.answer}`] : []),
    ...(key === "survey_question"
      ? [`fragments.survey_${params.questionKind ?? "text"}`, "fragments.survey_option"]
      : []),
    ...(key === "conference_invitation"
      ? ["fragments.time_option", "fragments.conference_reply", "fragments.conference_link_only"]
      : []),
  ];
  const language = hasAll(i18n, lng, "sms", needed) ? lng : "en";
  const t = (k: string, values: Record<string, unknown> = {}) => i18n.t(language, `sms:${k}`, values);

  const body = t(main, templateValues(t, key, language, params, options.timeZone, formatShortTime));
  return { body, language, fallbackFrom: language === lng ? null : lng, segments: smsSegments(body) };
}

export function renderEmail(
  i18n: I18n,
  key: TemplateKey,
  lng: string,
  params: TemplateParams,
  options: RenderOptions & { unsubscribeUrl?: string },
): RenderedEmail {
  const bodyKey = agreeing(i18n, "email", `${key}.body`, params.educatorCount);
  const needed = [
    `${key}.subject`,
    bodyKey,
    "layout.greeting",
    "layout.reply_hint",
    "layout.footer",
    "layout.unsubscribe",
  ];
  const language =
    hasAll(i18n, lng, "email", needed) &&
    (key !== "visit_invitation" || hasAll(i18n, lng, "sms", ["fragments.time_option"])) &&
    (key !== "conference_invitation" ||
      hasAll(i18n, lng, "sms", [
        "fragments.time_option",
        "fragments.conference_reply",
        "fragments.conference_link_only",
      ]))
      ? lng
      : "en";
  const t = (k: string, values: Record<string, unknown> = {}) => i18n.t(language, `email:${k}`, values);
  const smsT = (k: string, values: Record<string, unknown> = {}) => i18n.t(language, `sms:${k}`, values);
  const values = templateValues(smsT, key, language, params, options.timeZone, formatVisitTime);

  const subject = t(`${key}.subject`, values).replace(/\s+/g, " ").trim();
  const body = t(bodyKey, values);
  const greeting = t("layout.greeting");
  const replyHint = t("layout.reply_hint");
  const footer = t("layout.footer", { school: params.school });
  const unsubscribe = t("layout.unsubscribe");

  const text = [
    greeting,
    body,
    replyHint,
    "--",
    footer,
    options.unsubscribeUrl ? `${unsubscribe}: ${options.unsubscribeUrl}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  const html = emailHtml({
    language,
    subject,
    greeting,
    body,
    replyHint,
    footer,
    unsubscribe,
    unsubscribeUrl: options.unsubscribeUrl,
  });
  return { subject, text, html, language, fallbackFrom: language === lng ? null : lng };
}

/** Values for interpolation: names as given, times formatted for the family. */
function templateValues(
  smsT: (k: string, values?: Record<string, unknown>) => string,
  key: TemplateKey,
  language: string,
  params: TemplateParams,
  timeZone: string,
  formatOption: typeof formatVisitTime,
): Record<string, unknown> {
  const { translations, ...rest } = params;
  const values: Record<string, unknown> = { ...rest };
  if (params.event) {
    // The event's title and place in the family's language, when the event has them.
    const own = eventTextIn({ title: params.event, location: params.place ?? null }, translations, language);
    values.event = own.title;
    values.place = own.location ?? params.place;
  }
  if (key === "event_rsvp_ack" && params.answer) values.answer = smsT(`fragments.rsvp_${params.answer}`);
  if (params.time) values.time = formatVisitTime(params.time, language, timeZone);
  if (key === "visit_invitation" && params.times) {
    values.options = params.times
      .map((time, i) => smsT("fragments.time_option", { digit: i + 1, time: formatOption(time, language, timeZone) }))
      .join("\n");
    values.replyHint = smsT(params.times.length === 1 ? "fragments.reply_one" : "fragments.reply_many");
  }
  if (key === "conference_invitation") {
    // Listed by the slot's own number (a family may text any open slot's number), or, when
    // another question waits for a digit, no numbers: only the link (services/conferences).
    const times = params.times ?? [];
    values.options = times
      .map((time, i) => {
        const digit = params.positions?.[i] ?? i + 1;
        return `\n${smsT("fragments.time_option", { digit, time: formatOption(time, language, timeZone) })}`;
      })
      .join("");
    values.replyHint = smsT(times.length > 0 ? "fragments.conference_reply" : "fragments.conference_link_only");
  }
  if (key === "survey_question" && params.prompt) {
    // The question in the family's language when the survey has it (English otherwise), and its
    // answer hint; choices are listed with the digits that answer them.
    const { questionTranslations: _, ...restValues } = values;
    const own = questionIn(
      { prompt: params.prompt, choices: params.choices ?? null, translations: params.questionTranslations ?? {} },
      language,
    );
    const options = (own.choices ?? [])
      .map((choice, i) => smsT("fragments.survey_option", { digit: i + 1, choice }))
      .join("\n");
    return {
      ...restValues,
      prompt: own.prompt,
      hint: smsT(`fragments.survey_${params.questionKind ?? "text"}`, { options }),
    };
  }
  return values;
}

/**
 * The key of a text whose verbs or pronouns agree with the visiting educators ("needs" for one,
 * "need" for a pair): `key_one` or `key_other` when English has those forms, else `key`.
 * Chosen here, not by i18next's `count`, because what agrees is the grammatical number of the
 * subject (one person or two), not CLDR's numeral categories: Russian files 2 under "few",
 * Tagalog under "one", and workerd lacks plural data for some of our languages. An unknown
 * count keeps the plural, the wording every template had before counts were passed.
 */
export function agreeing(i18n: I18n, ns: string, key: string, count: number | undefined): string {
  if (typeof i18n.instance.getResource("en", ns, `${key}_other`) !== "string") return key;
  return `${key}_${count === 1 ? "one" : "other"}`;
}

function hasAll(i18n: I18n, lng: string, ns: string, keys: string[]): boolean {
  return keys.every((k) => typeof i18n.instance.getResource(lng, ns, k) === "string");
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Escaped text → paragraphs and line breaks; our own https links become clickable. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => {
      const escaped = escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
      return `<p style="margin:0 0 16px">${escaped.replace(/\n/g, "<br>")}</p>`;
    })
    .join("\n");
}

function emailHtml(parts: {
  language: string;
  subject: string;
  greeting: string;
  body: string;
  replyHint: string;
  footer: string;
  unsubscribe: string;
  unsubscribeUrl: string | undefined;
}): string {
  const dir = textDirection(parts.language);
  const unsubscribe = parts.unsubscribeUrl
    ? ` <a href="${escapeHtml(parts.unsubscribeUrl)}">${escapeHtml(parts.unsubscribe)}</a>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(parts.language)}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(parts.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f7f7f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;font-size:16px;line-height:1.5;color:#1f2933">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;text-align:${dir === "rtl" ? "right" : "left"}">
${paragraphs(parts.greeting)}
${paragraphs(parts.body)}
${paragraphs(parts.replyHint)}
<hr style="border:none;border-top:1px solid #e4e7eb;margin:24px 0">
<p style="margin:0;font-size:13px;color:#52606d">${escapeHtml(parts.footer)}${unsubscribe}</p>
</div>
</body>
</html>`;
}
