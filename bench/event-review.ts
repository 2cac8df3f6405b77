/**
 * The event review step against the send it precedes: previewing an invitation to a whole
 * school (every family through the real send path's recipient and rendering decision, nothing
 * written) compared with creating that event (the same decisions plus the writes), for the same
 * audience in the same run. A review that costs about as much as the send is fine for a page a
 * coordinator opens once per event; one much costlier would need grouping before rendering.
 *   BENCH_FAMILIES (default 300)
 */
import { contacts, educators, families, schools } from "../db/schema";
import type { ServiceContext } from "../src/context";
import { newId } from "../src/domain/ids";
import { LANGUAGE_TAGS } from "../src/domain/languages";
import { createEvent, previewEvent } from "../src/services/events";
import { ensureDeploymentDistrict } from "../src/services/schools";
import { benchDeps, measure } from "./support";

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 300);
const { deps, done } = await benchDeps("event-review", { SMS_QUIET_HOURS: "off" });
const { db } = deps;
const now = new Date();
const districtId = await ensureDeploymentDistrict(db, "America/Chicago", now);
const schoolId = newId("sch");
await db.insert(schools).values({
  id: schoolId,
  districtId,
  name: "Riverside Elementary",
  timezone: "America/Chicago",
  programModel: "pthv",
});
const coordinatorId = newId("edu");
await db
  .insert(educators)
  .values({ id: coordinatorId, schoolId, name: "Rosa Delgado", email: "rosa@bench.example.org", role: "coordinator" });
const familyRows = Array.from({ length: FAMILIES }, (_, i) => ({
  id: newId("fam"),
  schoolId,
  language: LANGUAGE_TAGS[i % LANGUAGE_TAGS.length]!,
  channel: i % 7 === 0 ? ("email" as const) : ("sms" as const),
  displayName: `Family ${i}`,
  timezone: "America/Chicago",
}));
for (let i = 0; i < familyRows.length; i += 50) await db.insert(families).values(familyRows.slice(i, i + 50));
const contactRows = familyRows.map((f, i) => ({
  id: newId("con"),
  familyId: f.id,
  name: `Guardian ${i}`,
  phone: `+1217557${String(i).padStart(4, "0")}`,
  email: `guardian${i}@bench.example.org`,
}));
for (let i = 0; i < contactRows.length; i += 50) await db.insert(contacts).values(contactRows.slice(i, i + 50));

const ctx: ServiceContext = {
  deps,
  actor: {
    type: "educator",
    educatorId: coordinatorId,
    role: "coordinator",
    schoolId,
    districtId,
    name: "Rosa Delgado",
    timeZone: "America/Chicago",
  },
};
const input = {
  schoolId,
  kind: "family_dinner" as const,
  title: "Family Literacy Night",
  startsAt: new Date(now.getTime() + 14 * 24 * 3_600_000).toISOString(),
  location: "the cafeteria",
  translations: { es: { title: "Noche de Lectura Familiar" } },
  audience: { all: true as const },
};

const iterations = 5;
const send = await measure("create and invite (baseline)", () => createEvent(ctx, input), { iterations });
const review = await measure("review (preview, nothing written)", () => previewEvent(ctx, input), { iterations });
console.log(`event review, ${FAMILIES} families, ${LANGUAGE_TAGS.length} languages, SMS and email:`);
for (const t of [send, review]) console.log(`  ${t.name}: p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms`);
console.log(`  review / send: ${(review.p50 / send.p50).toFixed(2)}× (p50)`);
done();
