import { describe, expect, it } from "vitest";
import {
  type CadenceMessage,
  computeCadence,
  dayNumber,
  familyInitiatedShare,
  isTouch,
} from "../../src/domain/cadence";

const TZ = "America/Chicago";
const msg = (at: string, over: Partial<CadenceMessage> = {}): CadenceMessage => ({
  occurredAt: new Date(at),
  direction: "out",
  kind: "personal",
  status: "delivered",
  conversationId: null,
  initiatedBy: null,
  ...over,
});
const plan = (visitedAt: string, cadenceDays = 42) => ({ visitedAt: new Date(visitedAt), cadenceDays });

describe("what counts as a touch", () => {
  it.each([
    [{ kind: "personal", direction: "out", status: "delivered" }, true],
    [{ kind: "personal", direction: "out", status: "sent" }, true],
    [{ kind: "personal", direction: "out", status: "failed" }, false],
    [{ kind: "personal", direction: "out", status: "queued" }, false],
    [{ kind: "personal", direction: "in", status: "received" }, true],
    [{ kind: "logged_call", direction: "out", status: "logged" }, true],
    [{ kind: "logged_in_person", direction: "out", status: "logged" }, true],
    [{ kind: "broadcast", direction: "out", status: "delivered" }, false],
    [{ kind: "reminder", direction: "out", status: "delivered" }, false],
    [{ kind: "scheduling", direction: "out", status: "delivered" }, false],
    [{ kind: "system", direction: "in", status: "received" }, false], // STOP, HELP
  ] as const)("%o → %s", (m, expected) => {
    expect(isTouch(m)).toBe(expected);
  });
});

describe("computeCadence", () => {
  it("no completed visit: no plan", () => {
    expect(
      computeCadence({ plan: null, messages: [], now: new Date("2026-11-02T15:00:00Z"), timeZone: TZ }).status,
    ).toBe("no_plan");
  });

  it("on track, due soon (within 7 days), overdue with days counted on the school's calendar", () => {
    const p = plan("2026-09-01T22:00:00Z", 42); // Sept 1, 5 pm Chicago → due Oct 13
    const at = (now: string) => computeCadence({ plan: p, messages: [], now: new Date(now), timeZone: TZ });
    expect(at("2026-10-01T15:00:00Z")).toMatchObject({ status: "on_track", nextDueOn: "2026-10-13", daysOverdue: 0 });
    expect(at("2026-10-06T15:00:00Z").status).toBe("due_soon");
    expect(at("2026-10-13T23:00:00Z").status).toBe("due_soon"); // due today: not yet overdue
    expect(at("2026-10-16T15:00:00Z")).toMatchObject({ status: "overdue", daysOverdue: 3 });
  });

  it("a logged call counts; a broadcast and a reminder do not", () => {
    const p = plan("2026-08-20T15:00:00Z", 30);
    const now = new Date("2026-10-01T15:00:00Z");
    const withBroadcast = computeCadence({
      plan: p,
      now,
      timeZone: TZ,
      messages: [msg("2026-09-25T15:00:00Z", { kind: "broadcast" }), msg("2026-09-28T15:00:00Z", { kind: "reminder" })],
    });
    expect(withBroadcast.status).toBe("overdue");
    const withCall = computeCadence({
      plan: p,
      now,
      timeZone: TZ,
      messages: [msg("2026-09-25T15:00:00Z", { kind: "logged_call", status: "logged" })],
    });
    expect(withCall).toMatchObject({ status: "on_track", nextDueOn: "2026-10-25" });
  });

  it("is daylight-saving safe: the fall-back night neither adds nor loses a day", () => {
    // Last touch Oct 31, 23:30 CDT (Nov 1 04:30Z); 7-day plan → due Nov 7, across the Nov 1 change.
    const p = plan("2026-10-01T15:00:00Z", 7);
    const messages = [msg("2026-11-01T04:30:00Z")];
    expect(computeCadence({ plan: p, messages, now: new Date("2026-11-08T05:30:00Z"), timeZone: TZ })).toMatchObject({
      nextDueOn: "2026-11-07",
      status: "due_soon",
    }); // Nov 7, 23:30 CST
    expect(computeCadence({ plan: p, messages, now: new Date("2026-11-08T06:30:00Z"), timeZone: TZ })).toMatchObject({
      status: "overdue",
      daysOverdue: 1,
    }); // Nov 8, 00:30 CST
    expect(dayNumber(new Date("2026-11-01T04:30:00Z"), TZ)).toBe(dayNumber(new Date("2026-10-31T12:00:00Z"), TZ));
  });

  it("counts conversations in the window and who opened each; a reply to a reminder is the school's", () => {
    const now = new Date("2026-11-02T15:00:00Z");
    const messages = [
      msg("2026-10-01T15:00:00Z", { kind: "reminder", conversationId: "c1", initiatedBy: "educator" }),
      msg("2026-10-01T16:00:00Z", {
        direction: "in",
        status: "received",
        conversationId: "c1",
        initiatedBy: "educator",
      }),
      msg("2026-10-20T15:00:00Z", { direction: "in", status: "received", conversationId: "c2", initiatedBy: "family" }),
      msg("2026-06-01T15:00:00Z", { direction: "in", status: "received", conversationId: "c0", initiatedBy: "family" }), // outside 90 days
    ];
    const c = computeCadence({ plan: plan("2026-09-01T15:00:00Z"), messages, now, timeZone: TZ });
    expect(c).toMatchObject({ conversations: 2, familyInitiatedConversations: 1 });
    expect(familyInitiatedShare([c, { conversations: 2, familyInitiatedConversations: 2 }])).toBe(0.75);
    expect(familyInitiatedShare([])).toBeNull();
  });
});
