import { CsvError, parse } from "csv-parse/stream";
import { type CsvTable, csvTableBuilder } from "../../domain/roster/csv";
import { ValidationError } from "../../errors";
import { type Pacer, pacer } from "./pace";

/** A CSV as its text, or as the byte chunks a zip entry inflated to. */
export type CsvSource = string | Uint8Array[];

/** A few ms of csv-parse on the 2-core reference machine; 256 KiB slices held the loop 65+ ms (2026-12-04). */
const PARSE_SLICE_BYTES = 16 * 1024;
const CHUNK_BYTES = 16 * 1024;

/**
 * Parses a CSV in slices with a turn of the event loop between them (csv-parse's streaming
 * parser; the sync one would hold the loop for the whole file — seconds for a district).
 */
export async function readCsvTable(file: string, source: CsvSource, pace: Pacer = pacer(PARSE_SLICE_BYTES)) {
  const chunks = typeof source === "string" ? split(new TextEncoder().encode(source)) : source.flatMap(split);
  let next = 0;
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = chunks[next++];
      if (!chunk) return controller.close();
      await pace(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
  const table = csvTableBuilder(file);
  const reader = input
    .pipeThrough(parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }))
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      table.add(value as { record: string[]; info: { lines: number } });
    }
  } catch (error) {
    // A CSV that cannot be read at all (an unclosed quote, a binary file): name the file and line.
    if (error instanceof CsvError)
      throw new ValidationError({
        [file]: `line ${(error as CsvError & { lines?: number }).lines ?? "?"}: ${error.message}`,
      });
    throw error;
  }
  return table.table() satisfies CsvTable;
}

function split(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.byteLength; i += CHUNK_BYTES) out.push(bytes.subarray(i, i + CHUNK_BYTES));
  return out;
}
