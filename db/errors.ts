/** True when SQLite refused a write because of a UNIQUE index (libsql and D1 word it alike). */
export function isUniqueViolation(error: unknown, indexOrColumn?: string): boolean {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    messages.push(String((current as Error).message ?? current));
    current = (current as { cause?: unknown }).cause;
  }
  const text = messages.join(" | ");
  if (!/UNIQUE constraint failed|SQLITE_CONSTRAINT_UNIQUE/.test(text)) return false;
  return indexOrColumn === undefined || text.includes(indexOrColumn);
}
