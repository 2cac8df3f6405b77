import { SegmentedMessage } from "sms-segments-calculator";

/** `characters`: UTF-16 units on the fast paths (what UCS-2 bills), graphemes from the calculator. */
export type SegmentInfo = { encoding: "GSM-7" | "UCS-2"; segments: number; characters: number };

/** GSM 03.38 basic character set (one septet each). */
export const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_BASIC_SET = new Set(GSM_BASIC);
/** GSM 03.38 extension table: two septets each (an escape, then the character). */
export const GSM_EXTENDED = "^{}\\[~]|€\f";

/**
 * What an SMS costs. One "ú" or emoji makes the whole text UCS-2: 70 characters a segment
 * instead of 160 (67/153 when split). Twilio's own calculator is the reference, but it costs
 * ~250 µs a call; the two common cases where the count is plain arithmetic — only basic GSM
 * characters, or only BMP characters in UCS-2 — are computed directly (a test checks both
 * paths agree). Extension characters (€ [ ] { } ~ | ^ \) and emoji go to the calculator,
 * which knows how they may not be split across segments.
 */
export function smsSegments(body: string): SegmentInfo {
  let allBasicGsm = true;
  let hasSurrogates = false;
  for (const ch of body) {
    if (!GSM_BASIC_SET.has(ch)) allBasicGsm = false;
    if (ch.length > 1) hasSurrogates = true;
  }
  if (allBasicGsm) {
    const n = body.length;
    return { encoding: "GSM-7", characters: n, segments: n <= 160 ? 1 : Math.ceil(n / 153) };
  }
  if (!hasSurrogates && !/[€[\]{}~|^\\\f]/.test(body)) {
    // No GSM extension characters, so the text is UCS-2 exactly when some character is not basic GSM.
    const n = body.length;
    return { encoding: "UCS-2", characters: n, segments: n <= 70 ? 1 : Math.ceil(n / 67) };
  }
  return viaCalculator(body);
}

/** Twilio's sms-segments-calculator: the reference implementation. */
export function viaCalculator(body: string): SegmentInfo {
  const message = new SegmentedMessage(body, "auto");
  return {
    encoding: message.encodingName === "UCS-2" ? "UCS-2" : "GSM-7",
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
  };
}
