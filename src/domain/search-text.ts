/**
 * Search that ignores accents and case, the same way in JavaScript and in SQL. SQLite on D1
 * and Turso cannot register functions, and its lower() folds ASCII only, so the stored form
 * of a name (`search_name` columns, kept by triggers — see the migration that adds them) is
 * computed in SQL from the search_folds table, which holds FOLDS. The query is
 * folded here with the very same table, so both sides agree letter for letter; a letter
 * outside the table (Cyrillic, Arabic, CJK) is left as it is on both sides and still matches
 * itself.
 */

/** Accented Latin letter → its plain form: Latin-1, Latin Extended-A and Vietnamese. */
export const FOLDS: ReadonlyArray<readonly [string, string]> = buildFolds();

function buildFolds(): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const ranges: Array<[number, number]> = [
    [0xc0, 0x17f], // Latin-1 Supplement letters and Latin Extended-A (García, Łukasz, Şahin)
    [0x1ea0, 0x1ef9], // Latin Extended Additional: Vietnamese (Nguyễn, Trần, Phạm)
    [0x1a0, 0x1b0], // Ơ ơ Ư ư
  ];
  const special: Record<string, string> = { Đ: "d", đ: "d", Ø: "o", ø: "o", Ł: "l", ł: "l", Ħ: "h", ħ: "h" };
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const ch = String.fromCodePoint(code);
      const plain = special[ch] ?? ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      if (/^[A-Za-z]$/.test(plain)) pairs.push([ch, plain.toLowerCase()]);
    }
  }
  return pairs;
}

const FOLD_MAP = new Map(FOLDS);

/** The folded form of a name or query: accents off (by FOLDS), ASCII letters lower-cased. */
export function foldSearch(text: string): string {
  let out = "";
  for (const ch of text) out += FOLD_MAP.get(ch) ?? (ch >= "A" && ch <= "Z" ? ch.toLowerCase() : ch);
  return out;
}

/**
 * The same fold in SQL over `expr` (a column or NEW.column): each character looked up in
 * search_folds, else lower-cased — what the triggers store. A recursive CTE rather than
 * nested replace(): SQLite's parser refuses more than ~25 nested calls inside a trigger.
 */
export function foldSearchSql(expr: string): string {
  return `(WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(${expr}, i, 1)), lower(substr(${expr}, i, 1))) FROM chars WHERE i <= length(${expr})) SELECT folded FROM chars ORDER BY i DESC LIMIT 1)`;
}

/**
 * A phone number however it is written — "(217) 555-0142", "217.555.0142", "+1 217 555 0142"
 * — as the digits to look for in the E.164 numbers we store; null when the query is not a
 * phone number (fewer than 4 digits, or letters in it). A leading US "1" is dropped so a
 * 10-digit search and an 11-digit one find the same +1 number.
 */
export function phoneDigits(query: string): string | null {
  if (!/^[\d\s().+\-/]+$/.test(query.trim())) return null;
  let digits = query.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("1")) digits = digits.slice(1);
  return digits.length >= 4 ? digits : null;
}
