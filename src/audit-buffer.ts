import { getTableColumns } from "drizzle-orm";
import { DatabaseBusyError, isBusyError } from "../db/busy";
import { boundParameterLimit, type Db } from "../db/client";
import { rowsPerStatement } from "../db/raw-batch";
import { auditLog } from "../db/schema";
import { afterIo } from "./after-io";

export type AuditRow = typeof auditLog.$inferInsert;

type Log = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;

export type AuditBufferOptions = {
  db: Db;
  log: Log;
  /** Hands a flush to whoever keeps the process alive for it (deps.background). */
  schedule: (task: Promise<unknown>) => void;
  /** Rows held before a read is refused (503) rather than left unaudited. */
  maxRows?: number;
  /** Wait before trying again after a flush failed. */
  retryDelayMs?: number;
};

/**
 * Access-audit rows of reads ("who looked at this family"), written after the response.
 *
 * A read must not need the write lock: when a job or a backup holds it, an audit insert inside
 * the request made a read wait or fail (issue 16.4: 388 of 7,996 requests answered 500, all on
 * a read that wrote its audit row). Reads add their row here; rows added in one turn of the event
 * loop go out together in one multi-row insert after the response. A flush that fails keeps its
 * rows and tries again later, saying so in the log; nothing is dropped. If the backlog reaches
 * `maxRows` the read is refused with DatabaseBusyError (503) — never served unaudited.
 *
 * Writes (creating, sending, cancelling) keep their audit row in their own batch: that row must
 * commit with the change it describes.
 */
export class AuditBuffer {
  readonly #options: Required<AuditBufferOptions>;
  #rows: AuditRow[] = [];
  #flushing: Promise<void> | null = null;
  #scheduled = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(options: AuditBufferOptions) {
    this.#options = { maxRows: 50_000, retryDelayMs: 1_000, ...options };
  }

  /** Rows not yet written. */
  get size(): number {
    return this.#rows.length;
  }

  add(row: AuditRow): void {
    if (this.#rows.length >= this.#options.maxRows) {
      throw new DatabaseBusyError(0, { cause: new Error(`${this.#rows.length} access-audit rows are waiting`) });
    }
    this.#rows.push(row);
    if (this.#scheduled) return;
    this.#scheduled = true;
    afterIo(() => {
      this.#scheduled = false;
      this.#options.schedule(this.flush());
    });
  }

  /**
   * Writes every waiting row. Resolves when done or when the database refused (the rows stay
   * and a retry is scheduled); never rejects. Concurrent calls share one flush.
   */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #write(): Promise<void> {
    if (this.#stopped) return; // the database is closed: close() said how many rows were left
    const { db, log } = this.#options;
    const perStatement = rowsPerStatement(Object.keys(getTableColumns(auditLog)).length, boundParameterLimit(db));
    // Rows leave the buffer only once written, so `size` always counts what is not yet stored.
    while (this.#rows.length > 0) {
      const rows = this.#rows.slice(0, Math.min(perStatement, 500));
      try {
        await db.insert(auditLog).values(rows); // retried on SQLITE_BUSY by the client
      } catch (error) {
        log(isBusyError(error) ? "warn" : "error", "access audit rows not written yet; will retry", {
          waiting: this.#rows.length,
          error: (error as Error).message,
        });
        this.#retryLater();
        return;
      }
      this.#rows.splice(0, rows.length);
    }
  }

  #retryLater(): void {
    if (this.#retryTimer || this.#stopped) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#options.schedule(this.flush());
    }, this.#options.retryDelayMs);
  }

  /** Stops the retry timer (at close); call `flush` first to write what is waiting. */
  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
