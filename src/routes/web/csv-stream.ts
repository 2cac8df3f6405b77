import { csvCell } from "./csv";

/**
 * A streamed CSV download: rows are pulled from `rows` only as the client reads, so a large
 * export holds one page of rows at a time. `total` (when known) goes out first as `x-export-rows` so a
 * client can show progress against the rows it has received.
 */
export function csvStreamResponse<T>(
  filename: string,
  header: string[],
  total: number | null,
  rows: AsyncIterable<T>,
  cells: (row: T) => unknown[],
): Response {
  const line = (values: unknown[]) => `${values.map(csvCell).join(",")}\r\n`;
  return new Response(
    textStream(line(header), rows, (r) => line(cells(r)), ""),
    {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        ...(total === null ? {} : { "x-export-rows": String(total) }),
        "cache-control": "no-store",
      },
    },
  );
}

/** Rows turned to text per pull: enough that each chunk is worth a write, few enough to stay small. */
const ROWS_PER_CHUNK = 200;

/**
 * `head`, then `render(row)` for each row (pulled on demand, as the reader asks), then `tail`.
 * A failure mid-way errors the stream: the download ends broken rather than looking complete.
 */
export function textStream<T>(
  head: string,
  rows: AsyncIterable<T>,
  render: (row: T) => string,
  tail: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let chunk = head;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (let i = 0; i < ROWS_PER_CHUNK; i++) {
          const next = await iterator.next();
          if (next.done) {
            controller.enqueue(encoder.encode(chunk + tail));
            controller.close();
            return;
          }
          chunk += render(next.value);
        }
        controller.enqueue(encoder.encode(chunk));
        chunk = "";
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
