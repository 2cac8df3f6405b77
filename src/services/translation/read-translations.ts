import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { chunk } from "../../../db/raw-batch";
import { educators, messageTranslations } from "../../../db/schema";

export type TranslationView = {
  direction: "to_staff" | "to_family";
  status: (typeof messageTranslations.$inferSelect)["status"];
  sourceLanguage: string;
  targetLanguage: string;
  /** to_family: what the teacher wrote (the body is what the family got). */
  original: string | null;
  text: string | null;
  machineText: string | null;
  engine: string | null;
  model: string | null;
  detectedLanguage: string | null;
  detectionScore: number | null;
  statusReason: string | null;
  correctedBy: string | null;
  correctedAt: Date | null;
};

/** Each message's translation (at most one per direction; staff read one), by message id. */
export async function translationsOf(db: Db, messageIds: string[]): Promise<Map<string, TranslationView>> {
  const byMessage = new Map<string, TranslationView>();
  // 90 ids per query keeps the IN list under D1's 100 bound parameters.
  for (const part of chunk([...new Set(messageIds)], 90)) {
    const rows = await db
      .select({ row: messageTranslations, correctedBy: educators.name })
      .from(messageTranslations)
      .leftJoin(educators, eq(educators.id, messageTranslations.correctedByEducatorId))
      .where(inArray(messageTranslations.messageId, part));
    for (const { row, correctedBy } of rows) {
      byMessage.set(row.messageId, {
        direction: row.direction,
        status: row.status,
        sourceLanguage: row.sourceLanguage,
        targetLanguage: row.targetLanguage,
        original: row.original,
        text: row.text,
        machineText: row.machineText,
        engine: row.engine,
        model: row.model,
        detectedLanguage: row.detectedLanguage,
        detectionScore: row.detectionScore,
        statusReason: row.statusReason,
        correctedBy,
        correctedAt: row.correctedAt,
      });
    }
  }
  return byMessage;
}

/** What staff read for a message in a list line or an export: the translation when there is one. */
export function staffText(body: string, translation: TranslationView | undefined): string {
  if (!translation) return body;
  if (translation.direction === "to_family") return translation.original ?? body;
  return translation.text ?? body;
}
