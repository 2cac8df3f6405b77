/**
 * Households: creating, listing, reading one family and its activity.
 * The room's public face: code outside src/services/families imports from here, never a file inside.
 */
export * from "./create-family";
export * from "./family-handover-of-school";
export * from "./get-family";
export * from "./list-families";
export * from "./list-family-activity";
