/**
 * A family's text or email, from the webhook to the thread: receipt, group commit, routing, keyword effects.
 * The room's public face: code outside src/services/inbound imports from here, never a file inside.
 */
export * from "./opt-out-reviews";
export * from "./pipeline";
export * from "./receive-email";
export * from "./receive-sms";
export * from "./route-inbound";
export * from "./route-inbound-soon";
