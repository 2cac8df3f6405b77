import type { Db } from "../client";
import { schools } from "../schema";

/** A database with no school has nothing to show: the demo district may be seeded into it. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: schools.id }).from(schools).limit(1);
  return rows.length === 0;
}
