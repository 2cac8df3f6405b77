/**
 * Home visits: invitations, proposed times, answers, scheduling, records, draws.
 * The room's public face: code outside src/services/visits imports from here, never a file inside.
 */
export * from "./answer-visit";
export * from "./change-visit";
export * from "./complete-visit";
export * from "./confirm-visit";
export * from "./draw-households";
export * from "./family-visit-page";
export * from "./invitation-form";
export * from "./invite-family";
export * from "./join-visit";
export * from "./list-draws";
export * from "./load-visit";
export * from "./pending-answer";
export * from "./preview-invitation";
export * from "./propose-new-times";
export * from "./record-no-show";
export * from "./save-visit-notes";
export * from "./visit-register";
