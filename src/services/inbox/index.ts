/**
 * The educator's inbox: threads, read state, unmatched messages, logged calls.
 * The room's public face: code outside src/services/inbox imports from here, never a file inside.
 */
export * from "./list-family-messages";
export * from "./list-inbox";
export * from "./log-contact";
export * from "./mark-thread-read";
export * from "./unmatched-inbox";
