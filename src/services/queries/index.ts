/**
 * Reads many verbs share, written once: the scoping rule, batched reads, API shapes.
 * The room's public face: code outside src/services/queries imports from here, never a file inside.
 */
export * from "./load-family-views";
export * from "./read-together";
export * from "./scope";
export * from "./to-api";
export * from "./visit-pair";
export * from "./visit-scope";
