/**
 * School events (dinners, workshops, team meetings): creating, inviting, RSVPs and attendance.
 * The room's public face: code outside src/services/events imports from here, never a file inside.
 */
export * from "./create-event";
export * from "./event-page";
export * from "./event-summary";
export * from "./family-event-page";
export * from "./get-event";
export * from "./list-events";
export * from "./preview-event";
export * from "./rsvp";
