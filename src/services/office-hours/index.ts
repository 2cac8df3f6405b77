/**
 * Educators' office hours: reading and setting them.
 * The room's public face: code outside src/services/office-hours imports from here, never a file inside.
 */
export * from "./get-office-hours";
export * from "./list-team-office-hours";
export * from "./set-office-hours";
