import { asc } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { districts } from "../../../db/schema";
import { newId } from "../../domain/ids";

/**
 * A deployment serves one district (DESIGN: the district admin and the ADMIN_API_TOKEN see
 * "the district"). The table stays so a multi-district deployment remains a data change.
 */
export async function deploymentDistrictId(db: Db): Promise<string | null> {
  const [row] = await db.select({ id: districts.id }).from(districts).orderBy(asc(districts.createdAt)).limit(1);
  return row?.id ?? null;
}

export async function ensureDeploymentDistrict(db: Db, timezone: string, now: Date): Promise<string> {
  const existing = await deploymentDistrictId(db);
  if (existing) return existing;
  const id = newId("dst", now.getTime());
  await db.insert(districts).values({ id, name: "District", timezone, createdAt: now, updatedAt: now });
  return id;
}
