import { eventTextIn } from "../../domain/event-text";
import { textDirection } from "../../domain/languages";
import { type SegmentInfo, smsSegments } from "../../domain/sms-segments";
import { questionIn } from "../../domain/surveys";
import { formatShortTime, formatVisitTime } from "../../domain/time-format";
import type { I18n } from "../../i18n";
import { type TemplateKey, type TemplateParams, type TemplateSpec, templateSpec } from "./catalog";

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
  const needed = [main, ...fragmentsOf(key, params, "sms")];
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
    hasAll(i18n, lng, "email", needed) && hasAll(i18n, lng, "sms", fragmentsOf(key, params, "email")) ? lng : "en";
  const t = (k: string, values: Record<string, unknown> = {}) => i18n.t(language, `email:${k}`, values);
  const smsT = (k: string, values: Record<string, unknown> = {}) => i18n.t(language, `sms:${k}`, values);
  const values = templateValues(smsT, key, language, params, options.timeZone, formatVisitTime);

  const subject = t(`${key}.subject`, values).replace(/\s+/g, " ").trim();
  const body = t(bodyKey, values);
  const stored = [
    t("layout.greeting"),
    body,
    t("layout.reply_hint"),
    SIGNATURE,
    t("layout.footer", { school: params.school }),
  ]
    .filter(Boolean)
    .join("\n\n");
  const sent = sendableEmail(i18n, { subject, text: stored, language }, options.unsubscribeUrl);
  return { ...sent, language, fallbackFrom: language === lng ? null : lng };
}

/** Between an email's words and its footer, in the text as in the HTML (the usual "-- " line). */
const SIGNATURE = "--";

/**
 * An email as it goes to the provider, from its stored rendering (`messages.subject` and
 * `body`): the same text plus the recipient's unsubscribe line, and its HTML. The unsubscribe
 * link is added here, never stored: it works for whoever holds it, and staff read the thread.
 * `renderEmail` builds its result through this too, so the two cannot drift apart.
 */
export function sendableEmail(
  i18n: I18n,
  stored: { subject: string; text: string; language: string },
  unsubscribeUrl: string | undefined,
): { subject: string; text: string; html: string } {
  const unsubscribe = i18n.t(stored.language, "email:layout.unsubscribe");
  const cut = stored.text.lastIndexOf(`\n\n${SIGNATURE}\n\n`);
  const words = cut < 0 ? stored.text : stored.text.slice(0, cut);
  const footer = cut < 0 ? "" : stored.text.slice(cut + SIGNATURE.length + 4);
  return {
    subject: stored.subject,
    text: unsubscribeUrl ? `${stored.text}\n\n${unsubscribe}: ${unsubscribeUrl}` : stored.text,
    html: emailHtml({ language: stored.language, subject: stored.subject, words, footer, unsubscribe, unsubscribeUrl }),
  };
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
  if (params.time) values.time = formatVisitTime(params.time, language, timeZone);
  const set = templateSpec(key)?.fragments;
  return set ? FRAGMENT_SETS[set].values(values, { smsT, language, params, timeZone, formatOption }) : values;
}

type FragmentContext = {
  smsT: (k: string, values?: Record<string, unknown>) => string;
  language: string;
  params: TemplateParams;
  timeZone: string;
  formatOption: typeof formatVisitTime;
};

/**
 * The catalog's `fragments` sets: which shared `sms:fragments.*` strings a template needs (by
 * channel: an email lists the times but asks for the answer in its own words), and the values
 * built from them. A template names its set; nothing here knows template keys.
 */
const FRAGMENT_SETS: Record<
  NonNullable<TemplateSpec["fragments"]>,
  {
    needs: (params: TemplateParams, channel: "sms" | "email") => string[];
    values: (values: Record<string, unknown>, ctx: FragmentContext) => Record<string, unknown>;
  }
> = {
  /** Proposed visit times as a numbered list, and how to answer with a digit. */
  time_options: {
    needs: (_params, channel) =>
      channel === "sms"
        ? ["fragments.time_option", "fragments.reply_one", "fragments.reply_many"]
        : ["fragments.time_option"],
    values: (values, { smsT, language, params, timeZone, formatOption }) => {
      if (!params.times) return values;
      const options = params.times
        .map((time, i) => smsT("fragments.time_option", { digit: i + 1, time: formatOption(time, language, timeZone) }))
        .join("\n");
      const replyHint = smsT(params.times.length === 1 ? "fragments.reply_one" : "fragments.reply_many");
      return { ...values, options, replyHint };
    },
  },
  /**
   * PTLT conference slots (services/conferences), listed by the slot's own number (a family may
   * text any open slot's number), or, when another question waits for a digit, no numbers: only
   * the link. The email lists the same times, so it needs the same fragments.
   */
  conference_options: {
    needs: () => ["fragments.time_option", "fragments.conference_reply", "fragments.conference_link_only"],
    values: (values, { smsT, language, params, timeZone, formatOption }) => {
      const times = params.times ?? [];
      const options = times
        .map((time, i) => {
          const digit = params.positions?.[i] ?? i + 1;
          return `\n${smsT("fragments.time_option", { digit, time: formatOption(time, language, timeZone) })}`;
        })
        .join("");
      const replyHint = smsT(times.length > 0 ? "fragments.conference_reply" : "fragments.conference_link_only");
      return { ...values, options, replyHint };
    },
  },
  /** The RSVP taken (yes, no or maybe), in words. */
  rsvp_answer: {
    needs: (params) => (params.answer ? [`fragments.rsvp_${params.answer}`] : []),
    values: (values, { smsT, params }) =>
      params.answer ? { ...values, answer: smsT(`fragments.rsvp_${params.answer}`) } : values,
  },
  /** A survey question in the family's language, with its choices and how to answer. */
  survey_hint: {
    needs: (params) => [`fragments.survey_${params.questionKind ?? "text"}`, "fragments.survey_option"],
    values: (values, { smsT, language, params }) => {
      if (!params.prompt) return values;
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
    },
  },
};

/** The fragments a template's text needs on this channel (none without a `fragments` set). */
function fragmentsOf(key: TemplateKey, params: TemplateParams, channel: "sms" | "email"): string[] {
  const set = templateSpec(key)?.fragments;
  return set ? FRAGMENT_SETS[set].needs(params, channel) : [];
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
  /** Greeting, body and reply hint: paragraphs. */
  words: string;
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
${paragraphs(parts.words)}
<hr style="border:none;border-top:1px solid #e4e7eb;margin:24px 0">
<p style="margin:0;font-size:13px;color:#52606d">${escapeHtml(parts.footer)}${unsubscribe}</p>
</div>
</body>
</html>`;
}
