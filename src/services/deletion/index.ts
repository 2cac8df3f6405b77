/**
 * Erasing a family on request.
 * The room's public face: code outside src/services/deletion imports from here, never a file inside.
 */
export * from "./delete-family";
