/**
 * PTLT conferences: publishing slots, booking by link or text, confirmations, reminders, attendance.
 * The room's public face: code outside src/services/conferences imports from here, never a file inside.
 */
export * from "./book-by-link";
export * from "./book-by-text";
export * from "./conference-calendar";
export * from "./get-conference";
export * from "./mark-attendance";
export * from "./publish-conference";
export * from "./remind-bookings";
