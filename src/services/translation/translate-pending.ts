import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { messages, messageTranslations } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { retryDelayMs } from "../../domain/backoff";
import { newId } from "../../domain/ids";
import { protectedNamesOf } from "./protected-names";
import { translateText } from "./translate-text";

/** Rows one run claims; each takes an engine call of up to TRANSLATION_TIMEOUT_MS. */
const CLAIM = 20;
/** Longer than CLAIM calls that all time out, so a live run never loses its rows to another. */
const LEASE_MS = 5 * 60_000;
/** Then the row is `failed` and staff read the original with the reason (about a day of retries). */
export const MAX_TRANSLATION_ATTEMPTS = 10;

/**
 * The `translate` job: family texts waiting for the staff language, oldest first. Claims rows
 * with a lease (two runs — the Node timer and `npm run job`, cron and a Queue consumer — never
 * translate one row twice), translates through the cache, the cap and the engine chain, and
 * settles each row only while it still holds the lease. A 429/5xx/timeout backs off and
 * retries (Retry-After honoured); an engine that cannot translate the pair, a rejected key or
 * the monthly cap ends the row at once with the reason. Cadence, conversations and opt-out
 * review never wait for this: they ran when the message was filed.
 */
export async function translatePending(ctx: SystemContext, now: Date = ctx.deps.clock.now()) {
  const { db, random } = ctx.deps;
  const owner = newId("trn", now.getTime());
  const due = db
    .select({ id: messageTranslations.id })
    .from(messageTranslations)
    .where(
      and(
        eq(messageTranslations.status, "pending"),
        or(isNull(messageTranslations.nextAttemptAt), lte(messageTranslations.nextAttemptAt, now)),
        or(isNull(messageTranslations.leaseUntil), lt(messageTranslations.leaseUntil, now)),
      ),
    )
    .orderBy(asc(messageTranslations.createdAt))
    .limit(CLAIM);
  const claimed = await db
    .update(messageTranslations)
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(
      and(
        inArray(messageTranslations.id, due),
        eq(messageTranslations.status, "pending"),
        or(isNull(messageTranslations.leaseUntil), lt(messageTranslations.leaseUntil, now)),
      ),
    )
    .returning();
  if (claimed.length === 0) return { claimed: 0, done: 0, retrying: 0, failed: 0, overCap: 0 };

  const found = new Map(
    (
      await db
        .select({ id: messages.id, body: messages.body, familyId: messages.familyId })
        .from(messages)
        .where(
          inArray(
            messages.id,
            claimed.map((r) => r.messageId),
          ),
        )
    ).map((m) => [m.id, m]),
  );
  const namesOf = await protectedNamesOf(
    db,
    [...found.values()].flatMap((m) => (m.familyId ? [m.familyId] : [])),
  );
  const counts = { claimed: claimed.length, done: 0, retrying: 0, failed: 0, overCap: 0 };
  for (const row of claimed) {
    const message = found.get(row.messageId);
    const result = await translateText(ctx.deps, {
      text: message?.body ?? "",
      from: row.sourceLanguage,
      to: row.targetLanguage,
      names: message?.familyId ? namesOf.get(message.familyId) : [],
    });
    const at = ctx.deps.clock.now();
    const attempts = row.attempts + 1;
    let settle: Partial<typeof messageTranslations.$inferInsert>;
    if ("text" in result) {
      counts.done++;
      settle = {
        status: "done",
        text: result.text,
        engine: result.engine,
        model: result.model,
        detectedLanguage: result.detectedFrom,
        detectionScore: result.detectionScore,
        chars: row.chars + result.chars,
        statusReason: result.cached ? "cached" : null,
      };
    } else if (result.retryable && attempts < MAX_TRANSLATION_ATTEMPTS) {
      counts.retrying++;
      const wait = Math.max(retryDelayMs(attempts, random), (result.retryAfterSeconds ?? 0) * 1000);
      settle = { status: "pending", statusReason: result.reason, nextAttemptAt: new Date(at.getTime() + wait) };
    } else {
      if (result.status === "over_cap") counts.overCap++;
      else counts.failed++;
      settle = { status: result.status, statusReason: result.reason };
    }
    // Fenced: a run whose lease ran out (and was re-claimed) writes nothing.
    await db
      .update(messageTranslations)
      .set({ ...settle, attempts, leaseOwner: null, leaseUntil: null, updatedAt: at })
      .where(and(eq(messageTranslations.id, row.id), eq(messageTranslations.leaseOwner, owner)));
  }
  return counts;
}
