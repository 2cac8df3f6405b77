/**
 * SQLite allows one writer at a time. When another connection (a job in another process, a
 * backup, an operator's shell) holds the write lock, a write gets SQLITE_BUSY. The drivers we
 * use on Node are synchronous: a busy_timeout waits *inside* the call and so blocks the whole
 * event loop — reads included. So each connection waits only a short BUSY_TIMEOUT_MS inside
 * SQLite, and a busy write is retried here with asynchronous backoff (other requests run
 * meanwhile) until a bounded budget is spent; then it fails with DatabaseBusyError, which the
 * app's error handler answers with 503 and Retry-After — never a 500.
 */

/** PRAGMA busy_timeout on every connection (libsql client pool, the native batch connection). */
export const BUSY_TIMEOUT_MS = 50;

/** How long a write keeps retrying before giving up with DatabaseBusyError (default). */
export const DEFAULT_BUSY_BUDGET_MS = 5_000;

/** What a caller should wait before trying again, as the Retry-After header says it. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** The database stayed locked by another writer for longer than the retry budget. Transport-free. */
export class DatabaseBusyError extends Error {
  readonly retryAfterSeconds = BUSY_RETRY_AFTER_SECONDS;
  constructor(
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The database is busy (locked by another writer for over ${Math.round(waitedMs)} ms)`, options);
    this.name = "DatabaseBusyError";
  }
}

/** The chain of causes (drizzle wraps driver errors in DrizzleQueryError with `cause`). */
function* causes(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * True when SQLite answered "locked by someone else": SQLITE_BUSY (and its extended codes such
 * as SQLITE_BUSY_SNAPSHOT) from libsql, the native module or D1's "database is locked".
 */
export function isBusyError(error: unknown): boolean {
  for (const e of causes(error)) {
    if (e instanceof DatabaseBusyError) return true;
    const code = String((e as { code?: unknown }).code ?? "");
    if (code.startsWith("SQLITE_BUSY")) return true;
    const message = String((e as Error).message ?? "");
    if (/SQLITE_BUSY|database is locked/i.test(message)) return true;
  }
  return false;
}

/** True when SQLite refused a write because the database (file, mount or connection) is read-only. */
export function isReadOnlyError(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (code.startsWith("SQLITE_READONLY")) return true;
    if (/SQLITE_READONLY|readonly database|read-only/i.test(String((e as Error).message ?? ""))) return true;
  }
  return false;
}

/** The DatabaseBusyError in an error's causes, if any (the error handler reads Retry-After from it). */
export function databaseBusyOf(error: unknown): DatabaseBusyError | null {
  if (!isBusyError(error)) return null;
  for (const e of causes(error)) if (e instanceof DatabaseBusyError) return e;
  return new DatabaseBusyError(0, { cause: error });
}

export type BusyRetryOptions = {
  /** Total time to keep retrying, from the first attempt. */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called after each busy failure, before the wait (the client replaces its connections). */
  onBusy?: (error: unknown) => void;
  /** Other failures known to have applied nothing, retried like a busy one. */
  retryAlso?: (error: unknown) => boolean;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` again while it fails with SQLITE_BUSY, backing off 10, 20, 40 … 500 ms (with
 * jitter, so many waiting writers do not retry in lock-step), until `budgetMs` has passed; then
 * throws DatabaseBusyError. Only for operations that are atomic on failure — one autocommit
 * statement, one batch, one BEGIN — so running them again cannot apply anything twice.
 */
export async function retryOnBusy<T>(attempt: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const budgetMs = options.budgetMs ?? DEFAULT_BUSY_BUDGET_MS;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  let delay = 10;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof DatabaseBusyError) throw error;
      const busy = isBusyError(error);
      if (!busy && !options.retryAlso?.(error)) throw error;
      if (busy) options.onBusy?.(error);
      const waited = now() - started;
      if (waited >= budgetMs) throw new DatabaseBusyError(waited, { cause: error });
      await sleep(Math.min(delay * (0.5 + Math.random()), budgetMs - waited));
      delay = Math.min(delay * 2, 500);
    }
  }
}
