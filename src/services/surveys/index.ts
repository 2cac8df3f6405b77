/**
 * End-of-year surveys: presets, sending, answers by text, link or sign-in, results.
 * The room's public face: code outside src/services/surveys imports from here, never a file inside.
 */
export * from "./answer-as-educator";
export * from "./answer-by-link";
export * from "./answer-by-text";
export * from "./ask-question";
export * from "./create-survey";
export * from "./export-survey";
export * from "./list-surveys";
export * from "./open-survey";
export * from "./response-rates";
export * from "./run-surveys";
export * from "./survey-results";
export * from "./update-survey";
