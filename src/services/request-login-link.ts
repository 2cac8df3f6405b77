import { and, eq, isNull } from "drizzle-orm";
import { educators, loginTokens, staffMail } from "../../db/schema";
import type { RateRule } from "../auth/rate-limiter";
import { randomToken, sha256 } from "../auth/tokens";
import type { SystemContext } from "../context";
import { staffMailRow } from "../messaging/staff-mail";

export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;
/** Five links an address per 15 minutes: enough for a lost email, too few to flood an inbox. */
export const LOGIN_ADDRESS_RULE: RateRule = { limit: 5, windowMs: 15 * 60_000 };
/** Per client address: a school's staff often share one public address (NAT), so it is generous. */
export const LOGIN_CLIENT_RULE: RateRule = { limit: 60, windowMs: 15 * 60_000 };

export type LoginLinkRequest = { email: string; client: string };
export type LoginLinkOutcome =
  | { status: "accepted"; staffMailIds: string[] }
  | { status: "limited"; retryAfterSeconds: number };

/**
 * Queues a single-use sign-in link for an active educator. Unknown addresses get no email and
 * the same answer, counted against the same limits, and neither waits for a provider (the email
 * goes through the staff outbox after the response), so neither the words nor the timing tell
 * who works at a school. A new link replaces the educator's older unused ones.
 */
export async function requestLoginLink(ctx: SystemContext, input: LoginLinkRequest): Promise<LoginLinkOutcome> {
  const email = input.email.trim().toLowerCase();
  const { db, clock, config, i18n, limiter, log } = ctx.deps;
  const now = clock.now();
  // The client first: a flood from one address is refused before it can spend the per-address budget.
  const byClient = await limiter.hit(`login-client:${input.client}`, LOGIN_CLIENT_RULE, now);
  if (!byClient.allowed) return { status: "limited", retryAfterSeconds: byClient.retryAfterSeconds };
  const byAddress = await limiter.hit(`login-address:${await sha256(email)}`, LOGIN_ADDRESS_RULE, now);
  if (!byAddress.allowed) return { status: "limited", retryAfterSeconds: byAddress.retryAfterSeconds };

  const [educator] = await db
    .select({ id: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.email, email), eq(educators.active, true)))
    .limit(1);
  if (!educator) {
    log("info", "login link requested for an unknown address");
    return { status: "accepted", staffMailIds: [] };
  }
  const token = randomToken();
  const link = `${config.publicBaseUrl}/login/verify?token=${encodeURIComponent(token)}`;
  // The link opens a page with a button; only the button's POST signs in. Mail scanners that
  // follow links therefore cannot use the token up.
  const mail = staffMailRow(now, {
    educatorId: educator.id,
    kind: "login_link",
    to: email,
    subject: i18n.t("en", "staffMail.loginLink.subject"),
    body: i18n.t("en", "staffMail.loginLink.body", { name: educator.name, link, minutes: LOGIN_TOKEN_TTL_MS / 60_000 }),
    customArgs: { educatorId: educator.id },
  });
  await db.batch([
    db.delete(loginTokens).where(and(eq(loginTokens.educatorId, educator.id), isNull(loginTokens.usedAt))),
    db.insert(loginTokens).values({
      id: await sha256(token),
      educatorId: educator.id,
      expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_MS),
      createdAt: now,
    }),
    db.insert(staffMail).values(mail),
  ]);
  return { status: "accepted", staffMailIds: [mail.id!] };
}
