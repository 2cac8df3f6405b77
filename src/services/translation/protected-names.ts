import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { chunk } from "../../../db/raw-batch";
import { contacts, families, schools, students } from "../../../db/schema";

/**
 * The names an engine must leave alone in a family's messages: the guardians', the children's,
 * the household's and the school's. They stay in our text as tokens and never reach the engine.
 */
export async function protectedNamesOf(db: Db, familyIds: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, Set<string>>();
  const add = (familyId: string, ...values: (string | null)[]) => {
    const set = names.get(familyId) ?? new Set<string>();
    for (const value of values) for (const part of (value ?? "").split(/\s+/)) if (part.length >= 2) set.add(part);
    names.set(familyId, set);
  };
  for (const part of chunk([...new Set(familyIds)], 90)) {
    const [households, guardians, children] = await Promise.all([
      db
        .select({ id: families.id, displayName: families.displayName, school: schools.name })
        .from(families)
        .innerJoin(schools, eq(schools.id, families.schoolId))
        .where(inArray(families.id, part)),
      db
        .select({ familyId: contacts.familyId, name: contacts.name })
        .from(contacts)
        .where(inArray(contacts.familyId, part)),
      db
        .select({ familyId: students.familyId, name: students.firstName })
        .from(students)
        .where(inArray(students.familyId, part)),
    ]);
    for (const h of households) {
      add(h.id, h.displayName.replace(/\bfamily\b/i, ""));
      // A school's name is protected whole ("Riverside Elementary"), not word by word.
      names.get(h.id)!.add(h.school);
    }
    for (const g of guardians) add(g.familyId, g.name);
    for (const c of children) add(c.familyId, c.name);
  }
  return new Map([...names].map(([id, set]) => [id, [...set]]));
}
