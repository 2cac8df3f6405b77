/**
 * `npm run restore -- <backup.db> [--check] [--force]`: puts a backup in place of the SQLite
 * database at DATABASE_URL (db/backup.ts). Before anything is replaced it checks the backup's
 * integrity_check and its migrations (none newer than this code), and that no running server or
 * job has the database open (--force skips only that). `--check` stops after the checks.
 * The old file is kept beside it as `<name>.before-restore-<time>`.
 */
import { parseArgs } from "node:util";
import { BackupError, checkRestore, databaseFileOf, restoreDatabase } from "../db/backup";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { force: { type: "boolean", default: false }, check: { type: "boolean", default: false } },
});
const backup = positionals[0];
if (!backup) {
  console.error("Usage: npm run restore -- <backup.db> [--check] [--force]   (replaces DATABASE_URL's file)");
  process.exit(2);
}
try {
  const target = databaseFileOf(process.env.DATABASE_URL);
  if (values.check) {
    const plan = checkRestore(backup, target, { force: values.force });
    console.log(JSON.stringify({ checked: backup, target, ...summary(plan) }, null, 2));
  } else {
    const result = restoreDatabase(backup, target, { force: values.force });
    console.log(
      JSON.stringify(
        { restored: backup, target, keptAs: result.keptAs, ...summary(result), counts: result.restored.counts },
        null,
        2,
      ),
    );
  }
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`Nothing restored.\n${error.message}`);
  process.exit(1);
}

function summary(plan: { backup: { integrity: string; appliedMigrations: number[] }; pendingMigrations: string[] }) {
  return {
    integrity: plan.backup.integrity,
    migrations: plan.backup.appliedMigrations.length,
    pendingMigrations: plan.pendingMigrations,
    ...(plan.pendingMigrations.length > 0
      ? { note: "pending migrations are applied when the server next starts" }
      : {}),
  };
}
