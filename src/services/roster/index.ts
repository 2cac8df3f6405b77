/**
 * Roster import: reading uploads and planning each school's changes.
 * The room's public face: code outside src/services/roster imports from here, never a file inside.
 */
export * from "./import-roster";
export * from "./read-upload";
export * from "./read-zip";
