import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamp } from "./_columns";
import { educators } from "./organizations";

/**
 * Signed-in sessions. The primary key is the SHA-256 of the cookie value, so a copy of the
 * database cannot be used to sign in.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: timestamp("created_at").notNull(),
    lastSeenAt: timestamp("last_seen_at").notNull(),
  },
  (t) => [index("sessions_educator").on(t.educatorId), index("sessions_expiry").on(t.expiresAt)],
);

/** Magic-link tokens, stored only as SHA-256 hashes; single use; 15 minutes. */
export const loginTokens = sqliteTable(
  "login_tokens",
  {
    id: text("id").primaryKey(),
    educatorId: text("educator_id")
      .notNull()
      .references(() => educators.id),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("login_tokens_expiry").on(t.expiresAt)],
);

/**
 * Sign-ins started with Google or Microsoft (OpenID Connect), waiting for the provider to send
 * the browser back. Keyed by the SHA-256 of `state`; the PKCE verifier and the nonce stay on
 * the server. `used_at` makes each one single-use, like a login token; 10 minutes.
 */
export const oidcAttempts = sqliteTable(
  "oidc_attempts",
  {
    id: text("id").primaryKey(),
    provider: text("provider").notNull(),
    nonce: text("nonce").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("oidc_attempts_expiry").on(t.expiresAt)],
);
