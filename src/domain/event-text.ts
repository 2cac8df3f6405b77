/** An event's title and place in other languages, by language tag. */
export type EventTranslations = Record<string, { title?: string; location?: string }>;

/**
 * An event's title and place as a family reads them: their language's entry where there is
 * one (coordinator-entered or machine-translated, see services/events/event-translations.ts),
 * else the text as the coordinator wrote it. Each field falls back on its own.
 */
export function eventTextIn(
  original: { title: string; location: string | null },
  translations: EventTranslations | null | undefined,
  language: string,
): { title: string; location: string | null } {
  const own = translations?.[language];
  return { title: own?.title || original.title, location: own?.location || original.location };
}
