/**
 * How long personal data is kept, and applying it.
 * The room's public face: code outside src/services/retention imports from here, never a file inside.
 */
export * from "./apply-retention";
export * from "./get-retention";
export * from "./update-retention";
