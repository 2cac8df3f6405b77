/**
 * Liveness, readiness and the development-only helpers.
 * The room's public face: code outside src/services/operations imports from here, never a file inside.
 */
export * from "./check-liveness";
export * from "./check-readiness";
export * from "./list-demo-educators";
export * from "./list-dev-phone";
