import type { BatchItem } from "drizzle-orm/batch";
import type { messages } from "../../db/schema";
import type { Deps } from "../context";
import { prepareOutbound } from "./enqueue";
import { isTemplateKey } from "./templates/catalog";

/**
 * The same message again, resolved afresh without the channel that just failed: a text to a
 * landline goes out by email; a bounced email goes out by text. If the family has no other
 * usable channel, the new row records that as undeliverable, for coordinators to see.
 * System messages (welcome, help, confirmations) belong to their channel and are not re-routed.
 */
export async function rerouteStatements(
  deps: Deps,
  message: typeof messages.$inferSelect,
  failedChannel: "sms" | "email",
): Promise<{ statements: BatchItem<"sqlite">[]; note: string }> {
  if (message.kind === "system" || !message.familyId || !message.templateKey || !isTemplateKey(message.templateKey)) {
    return { statements: [], note: "" };
  }
  const { statements, summary } = await prepareOutbound(deps, {
    familyId: message.familyId,
    educatorId: message.educatorId,
    templateKey: message.templateKey,
    params: message.templateParams ?? {},
    visitId: message.visitId ?? undefined,
    eventId: message.eventId ?? undefined,
    excludeChannel: failedChannel,
  });
  return {
    statements,
    note:
      summary.status === "queued"
        ? `; re-sent by ${summary.channel} as ${summary.id}`
        : `; no other channel (${summary.statusReason})`,
  };
}
