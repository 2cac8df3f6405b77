/**
 * The access and change audit: building audit rows for a batch, and listing them.
 * The room's public face: code outside src/services/audit imports from here, never a file inside.
 */
export * from "./list-audit-entries";
export * from "./record-audit";
