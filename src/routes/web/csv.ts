/** A CSV download: a header row and data rows, CRLF line ends (what spreadsheets expect). */
export function csvResponse(filename: string, header: string[], rows: unknown[][]): Response {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(","));
  return new Response(lines.join("\r\n"), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      // Only safe characters reach the header, whatever an id or a year turns out to hold.
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    },
  });
}

/** Quotes cells and defuses spreadsheet formulas (a family name starting with "=" stays text). */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
