import type { educators, schools } from "../../../db/schema";
import type { Educator } from "../../schemas/educators";
import type { School } from "../../schemas/schools";

/** Row → API shape. Dates leave as ISO strings; nothing internal (settings) leaks. */
export function toSchool(row: typeof schools.$inferSelect): School {
  return {
    id: row.id,
    districtId: row.districtId,
    name: row.name,
    timezone: row.timezone,
    programModel: row.programModel,
    defaultLanguage: row.defaultLanguage,
    defaultChannel: row.defaultChannel,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toEducator(row: typeof educators.$inferSelect): Educator {
  return {
    id: row.id,
    schoolId: row.schoolId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role,
    languages: row.languages,
    active: row.active,
  };
}
