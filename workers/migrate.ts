/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (libsql / Turso). */
import { migrateDatabase } from "../db/migrate-node";
import { loadConfig, nodeEnvironment } from "../src/config";
import { buildDeps } from "../src/deps";

const deps = await buildDeps(loadConfig(nodeEnvironment()));
await migrateDatabase(deps.db);
console.log("Migrations applied.");
deps.close();
