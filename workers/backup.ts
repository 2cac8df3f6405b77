/**
 * `npm run backup -- <file>`: a consistent snapshot of the live SQLite database at DATABASE_URL
 * into a new file, while the server keeps running (VACUUM INTO; db/backup.ts). Prints what the
 * snapshot holds. Turso and D1: see docs/operations.md.
 */
import { BackupError, backupDatabase, databaseFileOf } from "../db/backup";

const target = process.argv[2];
if (!target || target.startsWith("-")) {
  console.error("Usage: npm run backup -- <new file.db>   (reads DATABASE_URL)");
  process.exit(2);
}
try {
  const source = databaseFileOf(process.env.DATABASE_URL);
  const started = Date.now();
  const report = backupDatabase(source, target);
  console.log(
    JSON.stringify(
      {
        backup: target,
        from: source,
        tookMs: Date.now() - started,
        integrity: report.integrity,
        migrations: report.appliedMigrations.length,
        counts: report.counts,
      },
      null,
      2,
    ),
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`Backup not taken.\n${error.message}`);
  process.exit(1);
}
