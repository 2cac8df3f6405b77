/**
 * A phrase bank: the short messages the demo families and teachers exchange, in one language.
 * Every bank has exactly the same shape as the English one (the tuple types enforce it), so
 * the English text at the same place is the translation shown to staff.
 *
 * Placeholders: `{child}` is the child's first name; `[a|b]` picks `a` for a boy and `b` for
 * a girl, for languages whose grammar marks gender (Arabic and Somali verbs, Spanish and
 * Portuguese adjectives, English pronouns).
 */
type Pair = readonly [opener: string, answer: string];
type Five<T> = readonly [T, T, T, T, T];

export type PhraseBank = {
  /** Scheduling: the invitation to a home visit (educator → family). */
  invite: string;
  /** The family says yes. */
  accept: string;
  /** The family says no; the program respects it and does not ask again. */
  decline: string;
  /** The educator confirms the chosen time. */
  confirm: string;
  /** Automatic reminder the day before the visit. */
  reminder: string;
  /** Conversations an educator opens, each with the family's reply. */
  teacherTopics: Five<Pair>;
  /** Conversations a family opens (a sick child, homework, a worry), each with the answer. */
  familyTopics: Five<Pair>;
  familyThanks: readonly [string, string];
  teacherClosings: readonly [string, string];
};

export type ChildRef = { name: string; male: boolean };

export function fillPhrase(template: string, child: ChildRef): string {
  return template
    .replaceAll("{child}", child.name)
    .replace(/\[([^|\]]*)\|([^\]]*)\]/g, (_, boy: string, girl: string) => (child.male ? boy : girl));
}
