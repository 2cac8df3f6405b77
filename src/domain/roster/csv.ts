/** A CSV file as rows keyed by its header, each with its 1-based line in the file (header = 1). */
export type CsvRow = { line: number; row: Record<string, string>; width: number };
export type CsvTable = { file: string; header: string[]; rows: CsvRow[] };

/**
 * csv-parse records (arrays, `info: true`) → a table, one record at a time (so a caller can
 * build it while parsing in slices). Rows whose every field is empty are blank lines to a reader
 * (spreadsheets export them as ",,,,") and are not rows. `width` is the row's own column count,
 * so a short or long row can be refused rather than misread.
 */
export function csvTableBuilder(file: string) {
  const table: CsvTable = { file, header: [], rows: [] };
  let first = true;
  return {
    add({ record, info }: { record: string[]; info: { lines: number } }) {
      if (first) {
        first = false;
        table.header = record.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
        return;
      }
      if (record.every((v) => v.trim() === "")) return;
      const row: Record<string, string> = {};
      const { header } = table;
      for (let i = 0; i < header.length && i < record.length; i++) row[header[i]!] = record[i]!.trim();
      table.rows.push({ line: info.lines, row, width: record.length });
    },
    table: () => table,
  };
}

/** The message for a row whose column count differs from the header's (names the columns). */
export function widthProblem(table: CsvTable, r: CsvRow): string | null {
  if (r.width === table.header.length) return null;
  const missing = table.header.slice(r.width);
  return r.width < table.header.length
    ? `has ${r.width} columns, the header has ${table.header.length} (missing ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""})`
    : `has ${r.width} columns, the header has ${table.header.length}`;
}

/** Lines, per value, on which a column holds that value (for "also on line N" messages). */
export function linesByValue(rows: CsvRow[], read: (r: CsvRow) => string | undefined): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  for (const r of rows) {
    const v = read(r);
    if (v) seen.set(v, [...(seen.get(v) ?? []), r.line]);
  }
  return seen;
}
