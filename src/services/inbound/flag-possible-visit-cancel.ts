import { and, desc, eq, gte, isNotNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { cancelWordAlerts, messages } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { derivedId } from "../../domain/ids";
import { isCancelWord } from "../../domain/keywords";
import { visitPair } from "../queries";

/** A cancel word this soon after a visit message probably answers it. */
export const CANCEL_WORD_WINDOW_MS = 48 * 60 * 60 * 1000;

/**
 * A family texted an opt-out keyword that also means "cancel" (CANCELAR, 取消, HỦY, …). The
 * number is opted out regardless (routing does that); if we wrote to the family about a visit
 * in the last 48 hours, they may have meant "cancel the visit", and the visiting pair — who can
 * no longer text them — must hear it at once to reach the family by phone or email. Returns
 * the alert rows to commit with the routed text (derived ids: routing twice writes nothing
 * more); the `cancel-word-alerts` job emails them.
 */
export async function flagPossibleVisitCancel(
  ctx: SystemContext,
  input: { familyId: string; receipt: { messageId: string; createdAt: Date }; keyword: { keyword: string } },
): Promise<BatchItem<"sqlite">[]> {
  const { familyId, receipt, keyword } = input;
  if (!isCancelWord(keyword.keyword)) return [];
  const { db, clock } = ctx.deps;
  const [recent] = await db
    .select({ visitId: messages.visitId })
    .from(messages)
    .where(
      and(
        eq(messages.familyId, familyId),
        eq(messages.direction, "out"),
        isNotNull(messages.visitId),
        gte(messages.occurredAt, new Date(receipt.createdAt.getTime() - CANCEL_WORD_WINDOW_MS)),
      ),
    )
    .orderBy(desc(messages.occurredAt))
    .limit(1);
  if (!recent?.visitId) return [];
  const pair = (await visitPair(db, recent.visitId)).filter((s) => s.active).map((s) => ({ id: s.educatorId }));
  const now = clock.now();
  return pair.map((educator) =>
    db
      .insert(cancelWordAlerts)
      .values({
        id: derivedId("cwa", `${receipt.messageId}:${educator.id}`),
        educatorId: educator.id,
        familyId,
        messageId: receipt.messageId,
        visitId: recent.visitId!,
        keyword: keyword.keyword,
        createdAt: now,
      })
      .onConflictDoNothing(),
  );
}
