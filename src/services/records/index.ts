/**
 * Records exports: a family's data, message history.
 * The room's public face: code outside src/services/records imports from here, never a file inside.
 */
export * from "./export-family-data";
export * from "./export-messages";
export * from "./family-history";
