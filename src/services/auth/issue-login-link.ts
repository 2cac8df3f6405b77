import { and, eq, isNull } from "drizzle-orm";
import { educators, loginTokens, staffMail } from "../../../db/schema";
import { randomToken, sha256 } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import { staffMailRow } from "../../messaging/staff-mail";
import { normalizeEmail } from "./request-login-link";

export const LOGIN_TOKEN_TTL_MS = 15 * 60 * 1000;

/**
 * After the response to an accepted request: an active educator with this address gets a new
 * single-use link, queued in the staff outbox in the same batch that replaces their older
 * unused links. Anyone else gets nothing. Returns the queued staff mail ids (none or one).
 * If the process stops before this runs, no link is made and the person asks again.
 */
export async function issueLoginLink(ctx: SystemContext, rawEmail: string): Promise<string[]> {
  const email = normalizeEmail(rawEmail);
  const { db, clock, config, i18n, log } = ctx.deps;
  const [educator] = await db
    .select({ id: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.email, email), eq(educators.active, true)))
    .limit(1);
  if (!educator) {
    log("info", "login link requested for an unknown address");
    return [];
  }
  const now = clock.now();
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
  return [mail.id!];
}
