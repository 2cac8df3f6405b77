import { eq } from "drizzle-orm";
import { consentEvents, contacts, families, schools } from "../../../db/schema";
import { verifySignedId } from "../../auth/signed-ids";
import type { SystemContext } from "../../context";
import { newId } from "../../domain/ids";

/** The contact an unsubscribe link names, with the school's name the page states (null for a forged or mangled link). */
export async function findUnsubscribeContact(ctx: SystemContext, token: string) {
  const contactId = await verifySignedId(ctx.deps.config.sessionSecret, "unsubscribe", token);
  if (!contactId) return null;
  const [row] = await ctx.deps.db
    .select({ contact: contacts, language: families.language, schoolId: families.schoolId, schoolName: schools.name })
    .from(contacts)
    .innerJoin(families, eq(families.id, contacts.familyId))
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(eq(contacts.id, contactId));
  return row ?? null;
}

/** One click from an email footer or a mail client's List-Unsubscribe: email stops at once. */
export async function unsubscribeContact(ctx: SystemContext, token: string): Promise<boolean> {
  const found = await findUnsubscribeContact(ctx, token);
  if (!found) return false;
  if (found.contact.emailOptedOutAt) return true; // already done: the same answer, nothing new
  const now = ctx.deps.clock.now();
  await ctx.deps.db.batch([
    ctx.deps.db.update(contacts).set({ emailOptedOutAt: now, updatedAt: now }).where(eq(contacts.id, found.contact.id)),
    ctx.deps.db.insert(consentEvents).values({
      id: newId("cns", now.getTime()),
      familyId: found.contact.familyId,
      contactId: found.contact.id,
      channel: "email",
      kind: "opt_out",
      source: "keyword",
      keyword: "unsubscribe link",
      createdAt: now,
      updatedAt: now,
    }),
  ]);
  return true;
}
