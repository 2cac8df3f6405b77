import { and, eq } from "drizzle-orm";
import { educators, loginTokens } from "../../db/schema";
import { randomToken, sha256 } from "../auth/tokens";
import type { SystemContext } from "../context";

export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;

/**
 * Emails a single-use sign-in link to an active educator. Unknown addresses get no email and
 * the same answer, so the form cannot be used to learn who works at a school.
 */
export async function requestLoginLink(ctx: SystemContext, rawEmail: string): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  const { db, clock, config, email: mailer, log } = ctx.deps;
  const [educator] = await db
    .select({ id: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.email, email), eq(educators.active, true)))
    .limit(1);
  if (!educator) {
    log("info", "login link requested for an unknown address");
    return;
  }
  const now = clock.now();
  const token = randomToken();
  await db.insert(loginTokens).values({
    id: await sha256(token),
    educatorId: educator.id,
    expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_MS),
    createdAt: now,
  });
  const link = `${config.publicBaseUrl}/login/verify?token=${encodeURIComponent(token)}`;
  // The link opens a page with a button; only the button's POST signs in. Mail scanners that
  // follow links therefore cannot use the token up.
  await mailer.send({
    to: email,
    subject: "Your Doorstep sign-in link",
    text: `Hello ${educator.name},\n\nSign in to Doorstep with this link (valid for 15 minutes, once):\n${link}\n\nIf you did not ask for it, ignore this email.`,
    customArgs: { educatorId: educator.id },
  });
}
