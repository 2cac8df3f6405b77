import { and, asc, eq, gt, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { contacts, families, students } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { foldSearch, phoneDigits } from "../../domain/search-text";
import { ValidationError } from "../../errors";
import type { Family, FamilyListQuery } from "../../schemas/families";
import { familyScope, loadFamilyViews } from "../queries";

/**
 * Families in scope, by household name, in pages. The cursor is the (name, id) of the last
 * row served — keyset pagination, so page 50 costs what page 1 costs and rows added while a
 * coordinator pages through never shift the pages.
 */
export async function listFamilies(
  ctx: ServiceContext,
  query: FamilyListQuery,
): Promise<{ families: Family[]; nextCursor: string | null }> {
  const { db, clock } = ctx.deps;
  const conditions: SQL[] = [familyScope(ctx.actor, clock.now()), eq(families.active, true)];
  if (query.schoolId) conditions.push(eq(families.schoolId, query.schoolId));
  if (query.q) conditions.push(matches(query.q));
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor);
    conditions.push(or(gt(families.displayName, name), and(eq(families.displayName, name), gt(families.id, id)))!);
  }
  const rows = await db
    .select()
    .from(families)
    .where(and(...conditions))
    .orderBy(asc(families.displayName), asc(families.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    families: await loadFamilyViews(db, page, clock.now()),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.displayName, last.id) : null,
  };
}

/**
 * Household name, a guardian's name, phone or email, or a child's first name — accents and
 * case ignored ("Garcia" finds "García": names are compared in their stored folded form, see
 * src/domain/search-text.ts), and a phone number found however it is typed.
 */
function matches(q: string): SQL {
  // Escape LIKE's wildcards so "50%" or "a_b" match literally.
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const pattern = like(q);
  const folded = like(foldSearch(q));
  const contains = (column: SQLWrapper, p = pattern) => sql`${column} like ${p} escape '\\'`;
  const digits = phoneDigits(q);
  const phone = digits ? sql` or ${contains(contacts.phone, like(digits))}` : sql``;
  return or(
    contains(families.searchName, folded),
    sql`exists (select 1 from ${contacts} where ${contacts.familyId} = ${families.id}
          and (${contains(contacts.searchName, folded)} or ${contains(contacts.phone)} or ${contains(contacts.email)}${phone}))`,
    sql`exists (select 1 from ${students} where ${students.familyId} = ${families.id} and ${contains(students.searchName, folded)})`,
  )!;
}

function encodeCursor(name: string, id: string): string {
  return btoa(encodeURIComponent(JSON.stringify([name, id])));
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(decodeURIComponent(atob(cursor)));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) {
      return value as [string, string];
    }
  } catch {
    // fall through
  }
  throw new ValidationError({ cursor: "is not a cursor this API returned" });
}
