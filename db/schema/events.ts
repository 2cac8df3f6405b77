import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { EVENT_KINDS, RSVP_ANSWERS } from "../../src/domain/enums";
import type { EventTranslations } from "../../src/domain/event-text";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { families } from "./households";
import { schools } from "./organizations";

/** School events: family dinners (HOME WORKS!), workshops (HVP), team meetings (PTLT). */
export const events = sqliteTable(
  "events",
  {
    id: idColumn(),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    schoolYear: text("school_year").notNull(),
    kind: text("kind", { enum: EVENT_KINDS }).notNull(),
    title: text("title").notNull(),
    startsAt: timestamp("starts_at").notNull(),
    durationMinutes: integer("duration_minutes"),
    location: text("location"),
    /**
     * The title and place in other languages, by language tag, as the coordinator entered them
     * (a translation provider may add missing ones: services/events/event-translations.ts).
     * Invitations and the RSVP page use the family's language's entry when there is one.
     */
    translations: text("translations", { mode: "json" }).$type<EventTranslations>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [check("events_kind", oneOf(t.kind, EVENT_KINDS)), index("events_school").on(t.schoolId, t.startsAt)],
);

export const eventInvitations = sqliteTable(
  "event_invitations",
  {
    id: idColumn(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    familyId: text("family_id")
      .notNull()
      .references(() => families.id),
    rsvp: text("rsvp", { enum: RSVP_ANSWERS }),
    respondedAt: timestamp("responded_at"),
    attended: integer("attended", { mode: "boolean" }),
    /**
     * The family's RSVP link (/e/<code>), as for visits: 12 random Crockford characters,
     * unguessable, good for this one invitation until the event starts.
     */
    linkCode: text("link_code"),
    ...timestamps(),
  },
  (t) => [
    check("event_invitations_rsvp", oneOf(t.rsvp, RSVP_ANSWERS)),
    uniqueIndex("event_invitations_family").on(t.eventId, t.familyId),
    uniqueIndex("event_invitations_link_code").on(t.linkCode),
  ],
);

export type { EventTranslations };
