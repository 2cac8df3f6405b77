import { describe, expect, it } from "vitest";
import { assignConversation, type ConversationMessage, joinsConversation } from "../../src/domain/conversations";

/** Replays a crafted timeline through the rule, as the services do message by message. */
function replay(timeline: { at: string; direction: "in" | "out"; kind?: string; keyword?: boolean }[], gapHours = 72) {
  let last: ConversationMessage | null = null;
  let n = 0;
  return timeline.map((m) => {
    if (!joinsConversation({ kind: m.kind ?? "personal", isKeyword: m.keyword })) return null;
    const assigned = assignConversation(
      last,
      { occurredAt: new Date(m.at), direction: m.direction },
      gapHours,
      () => `c${++n}`,
    );
    last = { occurredAt: new Date(m.at), direction: m.direction, ...assigned };
    return assigned;
  });
}

describe("conversations", () => {
  it("a family message after a quiet gap opens a family-initiated conversation", () => {
    const result = replay([
      { at: "2026-10-01T15:00:00Z", direction: "out" },
      { at: "2026-10-01T16:00:00Z", direction: "in" },
      { at: "2026-10-10T15:00:00Z", direction: "in" },
      { at: "2026-10-10T18:00:00Z", direction: "out" },
    ]);
    expect(result).toEqual([
      { conversationId: "c1", initiatedBy: "educator" },
      { conversationId: "c1", initiatedBy: "educator" },
      { conversationId: "c2", initiatedBy: "family" },
      { conversationId: "c2", initiatedBy: "family" },
    ]);
  });

  it("the gap boundary: exactly 72 h continues, a minute more starts anew", () => {
    const result = replay([
      { at: "2026-10-01T00:00:00Z", direction: "out" },
      { at: "2026-10-04T00:00:00Z", direction: "in" },
      { at: "2026-10-07T00:01:00Z", direction: "in" },
    ]);
    expect(result.map((r) => r?.conversationId)).toEqual(["c1", "c1", "c2"]);
    expect(result[2]!.initiatedBy).toBe("family");
  });

  it("keyword-only texts and system messages neither join nor reset the gap", () => {
    const result = replay([
      { at: "2026-10-01T00:00:00Z", direction: "out" },
      { at: "2026-10-05T00:00:00Z", direction: "in", kind: "system", keyword: true }, // "HELP"
      { at: "2026-10-05T00:01:00Z", direction: "out", kind: "system" }, // help reply
      { at: "2026-10-05T01:00:00Z", direction: "in" },
    ]);
    expect(result[1]).toBeNull();
    expect(result[2]).toBeNull();
    expect(result[3]).toEqual({ conversationId: "c2", initiatedBy: "family" });
  });

  it("a reply to an automatic reminder is not family-initiated", () => {
    const result = replay([
      { at: "2026-10-01T00:00:00Z", direction: "out", kind: "reminder" },
      { at: "2026-10-01T02:00:00Z", direction: "in" },
    ]);
    expect(result[1]).toEqual({ conversationId: "c1", initiatedBy: "educator" });
  });

  it("the gap is configurable", () => {
    const result = replay(
      [
        { at: "2026-10-01T00:00:00Z", direction: "out" },
        { at: "2026-10-02T01:00:00Z", direction: "in" },
      ],
      24,
    );
    expect(result[1]!.initiatedBy).toBe("family");
  });
});
