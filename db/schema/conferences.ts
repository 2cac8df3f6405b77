import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { idColumn, timestamp, timestamps } from "./_columns";
import { events } from "./events";
import { families } from "./households";
import { educators } from "./organizations";

/**
 * PTLT's individual parent–teacher conference (seed 001: "one 20–30 minute, intentional
 * parent-teacher conference"): the teacher publishes slots on a conference event, each family
 * invited to it books one (services/conferences). `position` is the slot's fixed number (1 = the
 * earliest): a family texts it to book, so it never changes once published.
 */
export const conferenceSlots = sqliteTable(
  "conference_slots",
  {
    id: idColumn(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    /** The teacher who meets the family. */
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    position: integer("position").notNull(),
    startsAt: timestamp("starts_at").notNull(),
    minutes: integer("minutes").notNull(),
    /** Null while the slot is open. Booking is `UPDATE … WHERE family_id IS NULL`: first come wins. */
    familyId: text("family_id").references(() => families.id),
    bookedAt: timestamp("booked_at"),
    /** The teacher's checklist after the conference: counts in the fidelity report (PTLT). */
    attended: integer("attended", { mode: "boolean" }),
    ...timestamps(),
  },
  (t) => [
    check("conference_slots_minutes", sql`${t.minutes} between 5 and 120`),
    check("conference_slots_booked", sql`(${t.familyId} is null) = (${t.bookedAt} is null)`),
    uniqueIndex("conference_slots_position").on(t.eventId, t.position),
    uniqueIndex("conference_slots_time").on(t.eventId, t.startsAt),
    // One slot per family and conference; open slots (no family) are not constrained.
    uniqueIndex("conference_slots_family").on(t.eventId, t.familyId).where(sql`${t.familyId} is not null`),
    index("conference_slots_due").on(t.startsAt),
  ],
);
