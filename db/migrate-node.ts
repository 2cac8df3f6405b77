import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { Db } from "./client";

/** Folder of drizzle-kit's SQL files; `wrangler d1 migrations apply` reads the same one. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** Applies pending migrations (Node only: it reads the folder from disk). */
export async function migrateDatabase(db: Db): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: the migrator is typed for LibSQLDatabase; Db is that at runtime on Node.
  await migrate(db as any, { migrationsFolder: MIGRATIONS_FOLDER });
}
