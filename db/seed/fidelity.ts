import { derivedId } from "../../src/domain/ids";
import { schoolYearOf } from "../../src/domain/school-year";
import type {
  educatorCommitments,
  eventInvitations,
  events,
  trainingAttendance,
  trainings,
  visitEducators,
  visits,
} from "../schema";
import { DAY_MS, localTime, type SeedContext } from "./context";
import type { StaffRows } from "./staff";

export type FidelityRows = {
  trainings: (typeof trainings.$inferInsert)[];
  trainingAttendance: (typeof trainingAttendance.$inferInsert)[];
  educatorCommitments: (typeof educatorCommitments.$inferInsert)[];
  /** HVP's workshop (the seed: "at least one workshop a year"), held with attendance taken. */
  events: (typeof events.$inferInsert)[];
  eventInvitations: (typeof eventInvitations.$inferInsert)[];
};

/** Reflections on the educator's own practice (PTHV's debrief): counted, per pair. */
const REFLECTIONS = [
  "The family's hopes for her were bigger than I had assumed; I came in thinking about reading scores.",
  "I talked too much at first. When I stopped, Dad told us what really worries him.",
  "I had assumed they did not come to conferences because they did not care. Both parents work nights.",
  "We talked less than we listened. Good.",
  "I was nervous about the language gap; the interpreter made it easy. Next time I will greet them in Spanish myself.",
];

/** Notes about the family, in the partner's own words (private to the pair; never a reflection). */
const PARTNER_NOTES = [
  "Grandmother does the school run: include her in the next message.",
  "He lit up talking about soccer. Use it in class.",
  "Mom prefers texts in the evening; the plan says so now.",
];

/**
 * The demo's fidelity records, derived without the shared PRNG (it runs after every other
 * builder, so the rest of the district is unchanged): every staff member trained as their
 * school's model asks — the invitation form's training rule must let the demo's teachers
 * invite — plus a refresher some skipped; staff commitments at Riverside (PTHV: support);
 * the compensation log and pair reflections on most completed visits, with gaps, as real
 * schools have. Mutates `seats` (the visit_educators rows) in place.
 */
export function buildFidelity(
  ctx: SeedContext,
  staff: StaffRows,
  visitRows: (typeof visits.$inferInsert)[],
  seats: (typeof visitEducators.$inferInsert)[],
): FidelityRows {
  const rows: FidelityRows = {
    trainings: [],
    trainingAttendance: [],
    educatorCommitments: [],
    events: [],
    eventInvitations: [],
  };
  const setupAt = new Date(ctx.nowMs - 120 * DAY_MS);
  const day = (offsetDays: number) => new Date(setupAt.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
  const yearOf = (isoDay: string) => {
    const [y, m] = isoDay.split("-").map(Number) as [number, number];
    const start = m >= 7 ? y : y - 1;
    return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
  };
  for (const school of staff.schools) {
    const people = staff.educators.filter((e) => e.schoolId === school.id && e.role !== "district_admin");
    const held = [
      {
        kind: "introductory" as const,
        title: "Introductory home visit training",
        on: day(20),
        minutes: 180,
        who: people,
      },
      // A refresher in the fall that not everyone made (it does not gate visits).
      {
        kind: "refresher" as const,
        title: "Fall reflection and debrief session",
        on: day(95),
        minutes: 90,
        who: people.filter((_, i) => i % 3 !== 2),
      },
    ];
    for (const h of held) {
      const at = new Date(`${h.on}T17:00:00Z`);
      const id = ctx.id("trg", at);
      rows.trainings.push({
        id,
        schoolId: school.id!,
        schoolYear: yearOf(h.on),
        kind: h.kind,
        title: h.title,
        heldOn: h.on,
        durationMinutes: h.minutes,
        createdAt: at,
        updatedAt: at,
      });
      for (const p of h.who) rows.trainingAttendance.push({ trainingId: id, educatorId: p.id! });
    }
    if (school.programModel === "pthv") {
      // PTHV: ≥ 50 % of staff support. Most agreed; one supports without visiting; one not asked yet.
      const answers = ["supports", "agreed", "agreed", "agreed", "supports"] as const;
      people.forEach((p, i) => {
        if (i === people.length - 1) return;
        rows.educatorCommitments.push({
          educatorId: p.id!,
          schoolYear: yearOf(day(30)),
          schoolId: school.id!,
          commitment: answers[i % answers.length]!,
          recordedAt: new Date(setupAt.getTime() + 30 * DAY_MS),
        });
      });
    }
  }

  // HVP: one family workshop, three weeks ago, for the families visited so far; ids derived (no
  // PRNG draw), so every row after this stays as it was.
  const hvp = staff.schools.find((s) => s.programModel === "hvp");
  if (hvp) {
    const startsAt = localTime(ctx.now, -21, 18, 0, hvp.timezone);
    const eventId = derivedId("evt", "demo:hvp-workshop");
    rows.events.push({
      id: eventId,
      schoolId: hvp.id!,
      schoolYear: schoolYearOf(startsAt, hvp.timezone),
      kind: "workshop",
      title: "Family workshop: reading together at home",
      startsAt,
      durationMinutes: 75,
      location: "Lincoln Park library",
      translations: { es: { title: "Taller familiar: leer juntos en casa" } },
      createdAt: new Date(startsAt.getTime() - 20 * DAY_MS),
      updatedAt: startsAt,
    });
    const visited = [
      ...new Set(visitRows.filter((v) => v.schoolId === hvp.id && v.status === "completed").map((v) => v.familyId)),
    ];
    visited.forEach((familyId, i) => {
      const rsvp = i % 4 === 3 ? "no" : "yes";
      rows.eventInvitations.push({
        id: derivedId("inv", `demo:hvp-workshop:${familyId}`),
        eventId,
        familyId,
        rsvp,
        respondedAt: new Date(startsAt.getTime() - 10 * DAY_MS),
        attended: rsvp === "yes" && i % 5 !== 2,
        createdAt: new Date(startsAt.getTime() - 20 * DAY_MS),
        updatedAt: startsAt,
      });
    });
  }

  const completed = new Map(visitRows.filter((v) => v.status === "completed").map((v) => [v.id!, v]));
  let n = 0;
  for (const seat of seats) {
    const visit = completed.get(seat.visitId);
    if (!visit) continue;
    n += 1;
    // One seat in six has no time logged yet: the stipend export lists it as unlogged.
    if (n % 6 !== 0) {
      seat.arrangingMinutes = 15 + (n % 3) * 5;
      seat.conductingMinutes = (visit.durationMinutes ?? 40) + 20; // the visit and the drive
      seat.debriefingMinutes = 10 + (n % 2) * 5;
      seat.minutesSpent = seat.arrangingMinutes + seat.conductingMinutes + seat.debriefingMinutes;
    }
    // About two visits in three have both reflections; the rest only the lead's or none.
    const school = staff.schools.find((s) => s.id === visit.schoolId);
    if (school?.programModel === "pthv" && (seat.role === "lead" ? n % 7 !== 0 : n % 3 !== 0)) {
      seat.reflection = REFLECTIONS[n % REFLECTIONS.length]!;
      seat.reflectedAt = new Date((visit.completedAt ?? visit.startsAt ?? setupAt).getTime() + DAY_MS);
    }
    // Some partners also keep notes about the family: those are not reflections and count for nothing.
    if (seat.role === "partner" && n % 4 === 1) seat.notes = PARTNER_NOTES[n % PARTNER_NOTES.length]!;
  }
  return rows;
}
