/**
 * Backup and restore of a local SQLite database file (Node only). Turso and D1 have their own
 * point-in-time recovery and export (docs/operations.md); this is for the embedded default.
 *
 * The snapshot is `VACUUM INTO`: one read transaction, so it is consistent (every committed
 * write or none of it) while the server keeps writing — WAL lets writers go on during it — and
 * it is compact and carries no -wal file. Restoring checks the copy before anything is replaced.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "libsql";
import { MIGRATIONS_FOLDER } from "./migrate-node";

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** The file of a `file:` DATABASE_URL; a clear refusal for Turso/D1 (their tools do it). */
export function databaseFileOf(url: string | undefined): string {
  if (!url) throw new BackupError("DATABASE_URL is not set: name the SQLite file (file:./data/doorstep.db).");
  if (!url.startsWith("file:")) {
    throw new BackupError(
      `DATABASE_URL is not a local file (${url.split("?")[0]}). Back up Turso with its point-in-time ` +
        "recovery or `turso db shell <db> .dump`, and D1 with `wrangler d1 export` / Time Travel (docs/operations.md).",
    );
  }
  const path = url.slice("file:".length).split("?")[0]!;
  if (path === "" || path === ":memory:") throw new BackupError("An in-memory database has nothing to back up.");
  return resolve(path);
}

export type DatabaseReport = {
  integrity: string;
  /** Applied migrations, by drizzle's `created_at` (the journal's `when`). */
  appliedMigrations: number[];
  /** Rows per table (drizzle's bookkeeping and SQLite's own tables left out). */
  counts: Record<string, number>;
};

/** integrity_check, migration state and row counts of a database file, opened only to read. */
export function inspectDatabase(file: string): DatabaseReport {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const header = readFileSync(file).subarray(0, 16).toString("latin1");
  if (header !== "SQLite format 3\0") throw new BackupError(`${file} is not an SQLite database.`);
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(file);
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    const integrity = (db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("; ");
    const tables = (
      db
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
        .all() as { name: string }[]
    ).map((r) => r.name);
    const appliedMigrations = tables.includes("__drizzle_migrations")
      ? (
          db.prepare("select created_at from __drizzle_migrations order by created_at").all() as {
            created_at: number;
          }[]
        ).map((r) => Number(r.created_at))
      : [];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      if (table.startsWith("__drizzle")) continue;
      counts[table] = Number((db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n);
    }
    return { integrity, appliedMigrations, counts };
  } catch (error) {
    throw new BackupError(`${file} cannot be read as a database: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/** The migrations this code knows, by the `when` drizzle stores as `created_at`. */
export function knownMigrations(): { when: number; tag: string }[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number; tag: string }[];
  };
  return journal.entries.map((e) => ({ when: e.when, tag: e.tag }));
}

/**
 * `VACUUM INTO` a new file: a consistent snapshot of the live database, taken without stopping
 * the server (a read transaction; writers go on). Refuses to overwrite an existing file.
 * Returns the snapshot's report (integrity "ok" checked).
 */
export function backupDatabase(source: string, target: string): DatabaseReport {
  const out = resolve(target);
  if (existsSync(out)) throw new BackupError(`${out} already exists: choose a new file name.`);
  if (!existsSync(source)) throw new BackupError(`The database ${source} does not exist.`);
  const db = new Database(source);
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.prepare("VACUUM INTO ?").run(out);
  } finally {
    db.close();
  }
  const report = inspectDatabase(out);
  if (report.integrity !== "ok")
    throw new BackupError(`The snapshot ${out} failed integrity_check: ${report.integrity}`);
  return report;
}

/**
 * Processes (other than this one) that have the database, its -wal or its -shm open: a running
 * server or job. Linux (/proc); elsewhere null (unknown), and restore then asks for --force.
 */
export function processesUsing(file: string): number[] | null {
  if (!existsSync("/proc/self/fd")) return null;
  const paths = new Set([file, `${file}-wal`, `${file}-shm`]);
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (paths.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          found.push(pid);
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}

export type RestorePlan = {
  backup: DatabaseReport;
  /** Migrations the code has that the backup lacks: applied at the next start. */
  pendingMigrations: string[];
};

/** Every check restore makes before touching the live file. Throws BackupError naming what is wrong. */
export function checkRestore(backupFile: string, target: string, options: { force?: boolean } = {}): RestorePlan {
  const backup = inspectDatabase(resolve(backupFile));
  if (backup.integrity !== "ok") throw new BackupError(`${backupFile} failed integrity_check: ${backup.integrity}`);
  if (backup.appliedMigrations.length === 0) {
    throw new BackupError(`${backupFile} has no migration history (__drizzle_migrations): not a Doorstep database.`);
  }
  const known = knownMigrations();
  const knownWhen = new Set(known.map((m) => m.when));
  const unknown = backup.appliedMigrations.filter((when) => !knownWhen.has(when));
  if (unknown.length > 0) {
    throw new BackupError(
      `${backupFile} has ${unknown.length} migration(s) this code does not know (created_at ${unknown.join(", ")}): ` +
        "it comes from a newer version. Restore it with that version, or deploy it first.",
    );
  }
  const applied = new Set(backup.appliedMigrations);
  const pendingMigrations = known.filter((m) => !applied.has(m.when)).map((m) => m.tag);
  if (!options.force) {
    const users = processesUsing(target);
    if (users === null) {
      throw new BackupError(
        `Cannot tell whether a server has ${target} open on this system: stop it, then pass --force.`,
      );
    }
    if (users.length > 0) {
      throw new BackupError(
        `${target} is open in process ${users.join(", ")} (a running server or job). Stop it first; ` +
          "--force replaces the file anyway (the running process keeps its old, unlinked copy until it restarts).",
      );
    }
  }
  return { backup, pendingMigrations };
}

/**
 * Replaces `target` with a copy of `backupFile`, after `checkRestore`. The old file (with its
 * -wal and -shm) is kept beside it as `<name>.before-restore-<time>`; the copy is written beside
 * the target and renamed into place, so the target is never half-written.
 */
export function restoreDatabase(
  backupFile: string,
  target: string,
  options: { force?: boolean; now?: Date } = {},
): RestorePlan & { keptAs: string | null; restored: DatabaseReport } {
  const plan = checkRestore(backupFile, target, options);
  const stamp = (options.now ?? new Date()).toISOString().replaceAll(":", "-");
  const incoming = join(dirname(target), `.${basename(target)}.restoring`);
  rmSync(incoming, { force: true });
  // VACUUM INTO again rather than a byte copy: the copy is consistent even if the backup file
  // were open elsewhere, and it is checked once more below.
  const source = new Database(resolve(backupFile));
  try {
    source.prepare("VACUUM INTO ?").run(incoming);
  } finally {
    source.close();
  }
  let keptAs: string | null = null;
  if (existsSync(target)) {
    keptAs = `${target}.before-restore-${stamp}`;
    renameSync(target, keptAs);
    for (const suffix of ["-wal", "-shm"]) {
      if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${keptAs}${suffix}`);
    }
  }
  renameSync(incoming, target);
  const restored = inspectDatabase(target);
  if (restored.integrity !== "ok" || statSync(target).size === 0) {
    throw new BackupError(`The restored ${target} failed integrity_check: ${restored.integrity}`);
  }
  return { ...plan, keptAs, restored };
}
