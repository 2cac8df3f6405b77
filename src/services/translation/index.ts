/**
 * Machine translation of free text, both ways: queueing, the translate job, corrections, budget.
 * The room's public face: code outside src/services/translation imports from here, never a file inside.
 */
export * from "./correct-translation";
export * from "./protected-names";
export * from "./queue-translation";
export * from "./read-translations";
export * from "./translate-for-family";
export * from "./translate-pending";
export * from "./translation-budget";
