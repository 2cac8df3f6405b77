/**
 * The "add to calendar" file behind a family's /c/ link (visit, event or conference slot).
 * The room's public face: code outside src/services/calendar imports from here, never a file inside.
 */
export * from "./calendar-file";
