/**
 * What educators send and what providers tell us about it: send, preview, delivery, status callbacks.
 * The room's public face: code outside src/services/outbound imports from here, never a file inside.
 */
export * from "./cancel-scheduled-message";
export * from "./delivery-health";
export * from "./list-scheduled-messages";
export * from "./preview-message";
export * from "./record-sendgrid-events";
export * from "./record-twilio-status";
export * from "./resume-texting";
export * from "./send-message";
export * from "./send-queued";
export * from "./unsubscribe-contact";
