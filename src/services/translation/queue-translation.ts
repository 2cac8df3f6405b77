import type { BatchItem } from "drizzle-orm/batch";
import { messageTranslations } from "../../../db/schema";
import type { Deps } from "../../context";
import { derivedId } from "../../domain/ids";
import { translationSkip } from "../../domain/translation-need";

/**
 * The statement that asks for a family's text in the staff language, for the batch that files
 * the message (routing, inbound email): a pending row is the translate job's work item, so the
 * request is durable the moment the message is, and no webhook ever waits for an engine.
 * Returns null when nothing needs translating (the staff language already, a keyword, a digit
 * answer, emoji): staff then read the original, which is the record either way.
 */
export function queueTranslationToStaff(
  deps: Deps,
  message: { id: string; body: string; language: string },
  now: Date,
): BatchItem<"sqlite"> | null {
  const to = deps.config.translation.staffLanguage;
  if (translationSkip(message.body, message.language, to)) return null;
  return deps.db
    .insert(messageTranslations)
    .values({
      id: derivedId("trn", `${message.id}:to_staff`),
      messageId: message.id,
      direction: "to_staff",
      sourceLanguage: message.language,
      targetLanguage: to,
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
}
