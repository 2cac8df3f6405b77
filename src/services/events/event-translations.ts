import type { EventTranslations } from "../../../db/schema/events";
import type { SystemContext } from "../../context";

/**
 * The title and place of a new event in other languages, stored with the event and used for
 * each family's invitation and RSVP page. Today: what the coordinator entered, blank entries
 * dropped. This is where a translation provider (issue 14) will fill in the languages the
 * coordinator left empty — for `languages`, the languages of the invited families — marking
 * them machine-translated; the callers need not change.
 */
export async function eventTranslations(
  _ctx: SystemContext,
  input: { title: string; location: string; entered?: EventTranslations; languages: string[] },
): Promise<EventTranslations> {
  const out: EventTranslations = {};
  for (const [language, text] of Object.entries(input.entered ?? {})) {
    const title = text?.title?.trim();
    const location = text?.location?.trim();
    if (title || location) out[language] = { ...(title ? { title } : {}), ...(location ? { location } : {}) };
  }
  return out;
}
