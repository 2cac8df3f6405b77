import { parse } from "csv-parse/sync";

/** CSV text → records keyed by header, each with its 1-based line number in the file (header = 1). */
export function readCsv(text: string): { line: number; row: Record<string, string> }[] {
  const records = parse(text.replace(/^\uFEFF/, ""), {
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map(({ record, info }) => ({ line: info.lines, row: record }));
}
