import { eq } from "drizzle-orm";
import {
  consentEvents,
  educatorNotifications,
  inboundQueue,
  messageEvents,
  messages,
  messageTranslations,
  students,
  translationCache,
  visits,
} from "../../db/schema";
import type { Actor, Deps } from "../../src/context";
import { newId } from "../../src/domain/ids";
import { resolveSession } from "../../src/services/auth/resolve-session";
import { startSession } from "../../src/services/auth/start-session";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool } from "./factories";

/** The actor a signed-in educator acts as, for calling services directly. */
export async function actorOf(deps: Deps, educatorId: string): Promise<Actor> {
  const { token } = await startSession({ deps }, educatorId);
  const found = await resolveSession({ deps }, token);
  if (!found) throw new Error("no session");
  return found.actor;
}

/**
 * A family with something personal in every place Doorstep keeps it: two-way texts with
 * translations both ways, a cache entry, hopes and dreams, an educator notification, a consent
 * event, a provider event whose payload names the number, an unrouted receipt.
 */
export async function makeRichFamily(
  deps: Deps,
  schoolId: string,
  educatorId: string,
  names: { family: string; guardian: string; child: string; phone: string; email: string },
) {
  const now = deps.clock.now();
  const made = await makeFamily(deps, schoolId, {
    teachers: [educatorId],
    displayName: names.family,
    contact: { name: names.guardian, phone: names.phone, email: names.email },
  });
  await deps.db.update(students).set({ firstName: names.child }).where(eq(students.familyId, made.family.id));
  const visitId = await makeCompletedVisit(deps, {
    familyId: made.family.id,
    schoolId,
    educatorIds: [educatorId],
    at: "2026-09-20T22:00:00Z",
    cadenceDays: 14,
  });
  await deps.db
    .update(visits)
    .set({
      privateNotes: `${names.child} dreams of becoming an astronaut-${names.family}`,
      resourceRequests: `Food pantry for ${names.guardian}`,
    })
    .where(eq(visits.id, visitId));
  const inbound = {
    id: newId("msg", Date.parse("2026-10-01T15:00:00Z")),
    familyId: made.family.id,
    contactId: made.contact.id,
    direction: "in" as const,
    kind: "personal" as const,
    channel: "sms" as const,
    language: "es",
    body: `Hola, soy ${names.guardian}, la mamá de ${names.child}`,
    address: names.phone,
    status: "received" as const,
    provider: "twilio" as const,
    providerMessageId: `SM${made.family.id}`,
    conversationId: `cnv_${made.family.id}`,
    initiatedBy: "family" as const,
    occurredAt: new Date("2026-10-01T15:00:00Z"),
    createdAt: now,
    updatedAt: now,
  };
  const outbound = {
    ...inbound,
    id: newId("msg", Date.parse("2026-10-01T16:00:00Z")),
    educatorId,
    direction: "out" as const,
    body: `Gracias ${names.guardian}, nos vemos pronto`,
    status: "delivered" as const,
    providerMessageId: `SM${made.family.id}b`,
    occurredAt: new Date("2026-10-01T16:00:00Z"),
  };
  // From the family's number before it was on file: in the unmatched inbox, no family id.
  const unmatched = {
    ...inbound,
    id: newId("msg", Date.parse("2026-09-01T15:00:00Z")),
    familyId: null,
    contactId: null,
    body: `Who is this? ${names.guardian} here`,
    providerMessageId: `SM${made.family.id}u`,
    conversationId: null,
    occurredAt: new Date("2026-09-01T15:00:00Z"),
  };
  await deps.db.insert(messages).values([inbound, outbound, unmatched]);
  const translation = (messageId: string, direction: "to_staff" | "to_family", text: string, original?: string) => ({
    id: `trn_${newId("msg").slice(4)}`,
    messageId,
    direction,
    sourceLanguage: direction === "to_staff" ? "es" : "en",
    targetLanguage: direction === "to_staff" ? "en" : "es",
    original: original ?? null,
    text,
    machineText: text,
    engine: "fake",
    status: "done" as const,
    createdAt: now,
    updatedAt: now,
  });
  await deps.db
    .insert(messageTranslations)
    .values([
      translation(inbound.id, "to_staff", `Hello, I am ${names.guardian}, the mother of ${names.child}`),
      translation(outbound.id, "to_family", outbound.body, `Thanks ${names.guardian}, see you soon`),
    ]);
  await deps.db.insert(translationCache).values({
    key: `k_${made.family.id}`,
    sourceLanguage: "es",
    targetLanguage: "en",
    text: `Hello, I am ${names.guardian}, the mother of ${names.child}`,
    engine: "fake",
    createdAt: now,
    lastUsedAt: now,
  });
  await deps.db
    .insert(educatorNotifications)
    .values({ id: newId("ntf"), educatorId, messageId: inbound.id, createdAt: now });
  await deps.db.insert(consentEvents).values({
    id: newId("cns"),
    familyId: made.family.id,
    contactId: made.contact.id,
    channel: "sms",
    kind: "help",
    source: "keyword",
    keyword: "HELP",
    messageId: inbound.id,
    createdAt: now,
    updatedAt: now,
  });
  await deps.db.insert(messageEvents).values({
    id: newId("mev"),
    messageId: outbound.id,
    provider: "twilio",
    dedupeKey: `${outbound.providerMessageId}:delivered`,
    eventType: "delivered",
    payload: { To: names.phone, MessageStatus: "delivered" },
    occurredAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await deps.db.insert(inboundQueue).values({
    messageId: newId("msg"),
    providerMessageId: `SM${made.family.id}q`,
    address: names.phone,
    body: `Also: ${names.child} will be late`,
    kind: "personal",
    priorSmsOptedOut: false,
    createdAt: now,
  });
  return { ...made, visitId, inbound, outbound, unmatched };
}

/** A school with a coordinator, a teacher and a district admin (in another school). */
export async function makeRecordsSchool(deps: Deps) {
  const school = await makeSchool(deps, { name: "Riverside Elementary" });
  const other = await makeSchool(deps, { name: "Hillview" });
  const teacher = await makeEducator(deps, school.id, { name: "Ms. Rivera" });
  const coordinator = await makeEducator(deps, school.id, { role: "coordinator" });
  const otherCoordinator = await makeEducator(deps, other.id, { role: "coordinator" });
  const admin = await makeEducator(deps, other.id, { role: "district_admin" });
  return { school, other, teacher, coordinator, otherCoordinator, admin };
}
