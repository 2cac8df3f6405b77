/**
 * Who is signing in: sessions, magic links, OIDC sign-in, roles, and family-link guess limits.
 * The room's public face: code outside src/services/auth imports from here, never a file inside.
 */
export * from "./end-session";
export * from "./finish-oidc-sign-in";
export * from "./guard-link-guesses";
export * from "./issue-login-link";
export * from "./oidc-providers";
export * from "./redeem-login-link";
export * from "./request-login-link";
export * from "./require-role";
export * from "./resolve-session";
export * from "./start-oidc-sign-in";
export * from "./start-session";
