import { SegmentedMessage } from "sms-segments-calculator";

export type SegmentInfo = { encoding: "GSM-7" | "UCS-2"; segments: number; characters: number };

/**
 * What an SMS costs: Twilio's own calculator decides GSM-7 vs UCS-2 (one "ú" or emoji makes
 * the whole text UCS-2: 70 characters a segment instead of 160, 67/153 when split).
 */
export function smsSegments(body: string): SegmentInfo {
  const message = new SegmentedMessage(body, "auto");
  return {
    encoding: message.encodingName === "UCS-2" ? "UCS-2" : "GSM-7",
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
  };
}
