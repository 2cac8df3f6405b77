import { normalizeForKeywords } from "./keywords";

/**
 * A family's RSVP to an event invitation: the digits the invitation asks for (1 yes, 2 no,
 * 3 maybe) or a yes/no word in any of our languages. Interpreted only while the family has
 * an unanswered event invitation (see services/visits/pending-answer.ts).
 */
export type Rsvp = "yes" | "no" | "maybe";

const WORDS: Record<Rsvp, string[]> = {
  yes: [
    "yes",
    "si",
    "sí",
    "có",
    "co",
    "是",
    "好",
    "نعم",
    "haa",
    "yog",
    "wi",
    "sim",
    "да",
    "네",
    "예",
    "oo",
    "opo",
    "так",
    "oui",
    "بلی",
    "بله",
  ],
  no: ["no", "không", "khong", "不", "不能", "لا", "maya", "tsis", "non", "não", "nao", "нет", "아니요", "hindi", "ні"],
  maybe: [
    "maybe",
    "quizás",
    "quizas",
    "tal vez",
    "có thể",
    "也许",
    "ربما",
    "malaha",
    "tej zaum",
    "petèt",
    "talvez",
    "может быть",
    "아마",
    "siguro",
    "можливо",
    "peut-être",
    "شاید",
  ],
};
// Normalised on first use, not at module load: a cold start of the Worker should not pay for it.
let index: Map<string, Rsvp> | undefined;
function rsvpIndex(): Map<string, Rsvp> {
  if (index) return index;
  const built = new Map<string, Rsvp>();
  for (const [answer, words] of Object.entries(WORDS) as [Rsvp, string[]][])
    for (const w of words) built.set(normalizeForKeywords(w), answer);
  index = built;
  return built;
}

export function parseRsvp(text: string): Rsvp | null {
  const normalized = normalizeForKeywords(text);
  if (normalized === "1") return "yes";
  if (normalized === "2") return "no";
  if (normalized === "3") return "maybe";
  return rsvpIndex().get(normalized) ?? null;
}
