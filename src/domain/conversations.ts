/**
 * Conversations (DOMAIN): a conversation starts with the first message after a quiet gap
 * (default 72 h); whoever sent that message initiated it. Messages that are not conversation
 * — keyword-only texts (STOP, HELP) and system messages (welcome, confirmations) — get no
 * conversation and do not reset the gap. Automatic reminders do count: a family answering a
 * reminder is answering the school, not starting a conversation.
 */
export const DEFAULT_CONVERSATION_GAP_HOURS = 72;

export type ConversationMessage = {
  occurredAt: Date;
  direction: "in" | "out";
  conversationId: string | null;
  initiatedBy: "family" | "educator" | null;
};

export type ConversationAssignment = { conversationId: string; initiatedBy: "family" | "educator" };

export function assignConversation(
  previous: ConversationMessage | null,
  next: { occurredAt: Date; direction: "in" | "out" },
  gapHours: number,
  newConversationId: () => string,
): ConversationAssignment {
  const gapMs = gapHours * 60 * 60_000;
  if (
    previous?.conversationId &&
    previous.initiatedBy &&
    next.occurredAt.getTime() - previous.occurredAt.getTime() <= gapMs
  ) {
    return { conversationId: previous.conversationId, initiatedBy: previous.initiatedBy };
  }
  return { conversationId: newConversationId(), initiatedBy: next.direction === "in" ? "family" : "educator" };
}

/** Which messages take part in conversations. */
export function joinsConversation(message: { kind: string; isKeyword?: boolean }): boolean {
  return message.kind !== "system" && !message.isKeyword;
}
