import { raw } from "hono/html";
import { recordTime } from "../../domain/record-times";
import type { RecordRow } from "../../services/records";
import type { Translate } from "../layout";

/**
 * The printable history, written in three parts so the route can stream it: the head (with the
 * count, so the reader knows how much is coming), one entry per message (each says "n of
 * total": progress while it loads), and the end. Plain on purpose — a parent reads it on paper:
 * no navigation, black on white, each message kept whole across page breaks.
 */
export function historyHead(t: Translate, h: { family: string; school: string; total: number }): string {
  return `<!doctype html><html lang="en">${String(
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{t("records.historyTitle", { family: h.family })}</title>
      <style>{raw(PRINT_STYLES)}</style>
    </head>,
  )}<body><main id="main">${String(
    <>
      <h1>{t("records.historyTitle", { family: h.family })}</h1>
      <p>{t("records.historyIntro", { family: h.family, school: h.school })}</p>
      <p>
        <strong>{t("records.historyCount", { count: h.total })}</strong>
      </p>
    </>,
  )}<ol class="history">`;
}

export function historyEntry(t: Translate, row: RecordRow, n: number, total: number, timeZone: string): string {
  const from =
    row.direction === "in"
      ? t("records.fromFamily", { name: row.sender || row.family })
      : t("records.fromSchool", { name: row.sender || row.school });
  return String(
    <li class={row.direction === "in" ? "in" : "out"}>
      <p class="meta">
        <span class="progress">{t("records.historyProgress", { n, total })}</span> ·{" "}
        <time datetime={row.occurredAt.toISOString()}>{recordTime(row.occurredAt, timeZone)}</time> · {from} ·{" "}
        {row.channel}
      </p>
      <p class="body" lang={row.language}>
        {row.body}
      </p>
      {row.original && (
        <p>
          <em>{t("records.asWritten")}:</em> {row.original}
        </p>
      )}
      {row.translation && (
        <p>
          <em>{t("records.translation")}:</em> {row.translation}
        </p>
      )}
      <p class="meta">
        {t("records.status")}: {row.status}
        {row.statusReason ? ` (${row.statusReason})` : ""}
      </p>
    </li>,
  );
}

export function historyTail(t: Translate, total: number, printed: string): string {
  return `</ol>${String(<p>{t("records.historyEnd", { count: total, date: printed })}</p>)}</main></body></html>`;
}

const PRINT_STYLES = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#000;background:#fff;line-height:1.5}
main{max-width:46rem;margin:0 auto;padding:1rem}
ol.history{list-style:none;padding:0}
ol.history li{border-top:1px solid #999;padding:.5rem 0;break-inside:avoid}
.meta{font-size:.9rem;color:#333;margin:.2rem 0}
.body{white-space:pre-wrap;margin:.2rem 0}
li.in .body{font-weight:500}
@media print{.progress{display:none}main{max-width:none}}
`;
