/**
 * Carrier keywords, in every language we write in. A text is a keyword only when the WHOLE
 * message is one (after normalising case, width, diacritics, surrounding punctuation and
 * spaces): "Stop!" and "ＳＴＯＰ" opt out; "Please don't stop the reading program" does not.
 * Natural-language requests ("please stop texting me") are not guessed at: `optOutRequest`
 * only flags them for a person to review. The lists are documented in docs/keywords.md.
 */
export type KeywordKind = "opt_out" | "opt_in" | "help";

export const KEYWORDS: Record<string, Record<KeywordKind, string[]>> = {
  en: {
    opt_out: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT", "STOP ALL"],
    opt_in: ["START", "UNSTOP"],
    help: ["HELP", "INFO"],
  },
  es: {
    opt_out: ["ALTO", "PARAR", "PARA", "PARE", "BASTA", "CANCELAR", "DETENER", "BAJA"],
    opt_in: ["INICIAR", "COMENZAR", "ALTA"],
    help: ["AYUDA"],
  },
  vi: { opt_out: ["DỪNG", "HỦY", "NGỪNG", "DỪNG LẠI"], opt_in: ["BẮT ĐẦU"], help: ["GIÚP", "TRỢ GIÚP"] },
  "zh-Hans": { opt_out: ["退订", "取消", "停止", "退出"], opt_in: ["开始", "订阅"], help: ["帮助"] },
  ar: { opt_out: ["توقف", "إيقاف", "إلغاء", "الغاء"], opt_in: ["ابدأ", "بدء"], help: ["مساعدة"] },
  so: { opt_out: ["JOOJI", "JOOJI FARIIMAHA"], opt_in: ["BILOW"], help: ["CAAWIMO", "CAAWIN"] },
  hmn: { opt_out: ["TSUM", "NRES"], opt_in: ["PIB"], help: ["PAB"] },
  ht: { opt_out: ["SISPANN", "KANPE", "ANILE"], opt_in: ["KÒMANSE"], help: ["ÈD"] },
  pt: { opt_out: ["PARAR", "PARE", "SAIR", "CANCELAR"], opt_in: ["COMEÇAR", "INICIAR"], help: ["AJUDA"] },
  ru: { opt_out: ["СТОП", "ОТПИСАТЬСЯ", "ОТМЕНА", "ОТПИСКА"], opt_in: ["СТАРТ"], help: ["ПОМОЩЬ"] },
  ko: { opt_out: ["중지", "정지", "수신거부", "취소"], opt_in: ["시작"], help: ["도움", "도움말"] },
  tl: { opt_out: ["HINTO", "ITIGIL", "TIGIL"], opt_in: ["SIMULA"], help: ["TULONG"] },
  uk: { opt_out: ["СТОП", "ВІДПИСАТИСЯ", "СКАСУВАТИ", "ВІДПИСКА"], opt_in: ["СТАРТ", "ПОЧАТИ"], help: ["ДОПОМОГА"] },
  fr: { opt_out: ["ARRÊT", "ARRÊTER", "DÉSABONNER", "DÉSINSCRIRE"], opt_in: ["COMMENCER", "DÉMARRER"], help: ["AIDE"] },
  prs: { opt_out: ["توقف", "لغو", "بس"], opt_in: ["شروع"], help: ["کمک"] },
};

/**
 * Opt-out keywords that also mean "cancel" — what a family may type to call off a visit. They
 * still opt the number out (the conservative reading of the FCC's 2024 revocation rule, and
 * carriers treat CANCEL so anyway); when one follows a visit message, the pair is told too
 * (services/inbound/flag-possible-visit-cancel.ts).
 */
export const CANCEL_WORDS = new Set(
  ["CANCEL", "CANCELAR", "HỦY", "取消", "إلغاء", "الغاء", "ANILE", "ОТМЕНА", "취소", "СКАСУВАТИ", "لغو"].map((w) =>
    normalizeForKeywords(w),
  ),
);

/** Is this keyword (as `classifyKeyword` names it) one that may have meant "cancel the visit"? */
export function isCancelWord(keyword: string): boolean {
  return CANCEL_WORDS.has(normalizeForKeywords(keyword));
}

/** Phrases that probably mean "stop", but are not keywords: flagged for staff review only. */
export const OPT_OUT_PHRASES: Record<string, string[]> = {
  en: [
    "stop texting",
    "stop sending",
    "stop messaging",
    "dont text",
    "do not text",
    "no more texts",
    "no more messages",
    "remove me",
    "take me off",
    "unsubscribe me",
  ],
  es: ["no mas mensajes", "no más mensajes", "dejen de", "no me manden", "no quiero recibir", "ya no me", "borrenme"],
  vi: ["đừng nhắn", "đừng gửi", "không nhận", "ngừng gửi", "không muốn nhận"],
  "zh-Hans": ["不要再发", "别再发", "不要发", "不想收到"],
  ar: ["لا ترسل", "توقفوا عن", "لا أريد رسائل"],
  so: ["ha ii soo dirin", "jooji fariimaha"],
  hmn: ["tsis txhob xa", "tsis xav tau"],
  ht: ["pa voye", "sispann voye"],
  pt: ["não mande", "parem de", "não quero receber"],
  ru: ["не пишите", "перестаньте", "не присылайте"],
  ko: ["보내지 마", "그만 보내", "받고 싶지 않"],
  tl: ["huwag nang mag-text", "wag na mag-text", "ayoko na"],
  uk: ["не пишіть", "не надсилайте", "припиніть"],
  fr: ["arrêtez", "ne plus recevoir", "ne m'envoyez plus"],
  prs: ["پیام نفرستید", "دیگر پیام"],
};

/**
 * Arabic-Indic (٠–٩, U+0660) and Persian (۰–۹, U+06F0) digits as ASCII. NFKC folds full-width
 * "１" but not these, and our Arabic and Dari dates are written in them, so families answer in
 * them: every parser of a digit answer goes through `normalizeForKeywords`.
 */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.codePointAt(0)! - 0x0660) % 0x90));
}

/** NFKC, ASCII digits, lower case, no diacritics ("đ" → "d"), no surrounding punctuation, single spaces. */
export function normalizeForKeywords(text: string): string {
  return asciiDigits(text.normalize("NFKC"))
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC")
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, "")
    .replace(/\s+/g, " ");
}

type KeywordMatch = { kind: KeywordKind; language: string; keyword: string };

// Normalised on first use, not when the module loads: every cold start of the Worker evaluates
// this module, and only an inbound text needs the tables (bench/cold-start.ts).
let index: Map<string, KeywordMatch> | undefined;
function keywordIndex(): Map<string, KeywordMatch> {
  if (index) return index;
  const built = new Map<string, KeywordMatch>();
  for (const [language, kinds] of Object.entries(KEYWORDS)) {
    for (const kind of ["help", "opt_in", "opt_out"] as const) {
      for (const keyword of kinds[kind]) {
        // Opt-out wins a clash: a word that might mean "stop" must stop.
        const key = normalizeForKeywords(keyword);
        if (!built.has(key) || kind === "opt_out") built.set(key, { kind, language, keyword });
      }
    }
  }
  index = built;
  return built;
}

/** The keyword this whole message is, if it is one. */
export function classifyKeyword(text: string): KeywordMatch | null {
  return keywordIndex().get(normalizeForKeywords(text)) ?? null;
}

let phrases: string[] | undefined;

/** Does this ordinary message look like a request to stop? (For a person to decide.) */
export function optOutRequest(text: string): boolean {
  const normalized = normalizeForKeywords(text).replace(/['’]/g, "");
  phrases ??= Object.values(OPT_OUT_PHRASES).flat().map(normalizeForKeywords);
  return phrases.some((phrase) => normalized.includes(phrase.replace(/['’]/g, "")));
}
