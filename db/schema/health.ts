import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./_columns";

/**
 * One row per checker (`readyz`, `startup`), overwritten on each check: the readiness probe
 * proves the database takes a write by writing here. Never grows.
 */
export const heartbeats = sqliteTable("heartbeats", {
  id: text("id").primaryKey(),
  beatAt: timestamp("beat_at").notNull(),
});
