/**
 * Is a visited family being contacted as often as agreed? Pure: plan + messages + now in, status
 * out. Days are the school's calendar days (a touch at 23:30 on Monday is Monday), counted on
 * local dates so daylight-saving changes never add or lose a day.
 *
 * A touch (DOMAIN.md) is a personal two-way contact: a personal message we sent (sent,
 * delivered or read), a message from the family, a logged call or in-person talk. Broadcasts,
 * reminders, scheduling texts and keyword replies are not touches. The visit itself starts
 * the clock.
 */
export type CadenceStatus = "on_track" | "due_soon" | "overdue" | "no_plan";
export const DUE_SOON_DAYS = 7;

export type CadenceMessage = {
  occurredAt: Date;
  direction: "in" | "out";
  kind: string;
  status: string;
  conversationId: string | null;
  initiatedBy: "family" | "educator" | null;
};

export type CadencePlan = { cadenceDays: number; visitedAt: Date } | null;

export type Cadence = {
  status: CadenceStatus;
  lastTouchAt: Date | null;
  nextDueOn: string | null; // local date YYYY-MM-DD in the school's zone
  daysOverdue: number;
  conversations: number;
  familyInitiatedConversations: number;
};

const TOUCH_KINDS = new Set(["personal", "logged_call", "logged_in_person"]);
const DELIVERED_ENOUGH = new Set(["sent", "delivered", "read", "logged"]);

export function isTouch(m: Pick<CadenceMessage, "direction" | "kind" | "status">): boolean {
  if (!TOUCH_KINDS.has(m.kind)) return false;
  if (m.direction === "in") return m.status === "received" || m.kind !== "personal";
  return DELIVERED_ENOUGH.has(m.status);
}

export function computeCadence(input: {
  plan: CadencePlan;
  messages: CadenceMessage[];
  now: Date;
  timeZone: string;
  windowDays?: number;
}): Cadence {
  const { plan, messages, now, timeZone } = input;
  const windowStart = now.getTime() - (input.windowDays ?? 90) * 24 * 60 * 60_000;
  const touches = messages.filter(isTouch).map((m) => m.occurredAt.getTime());
  const lastTouch = touches.length ? Math.max(...touches) : null;
  const opened = new Map<string, "family" | "educator">();
  for (const m of messages) {
    if (m.conversationId && m.initiatedBy && m.occurredAt.getTime() >= windowStart && !opened.has(m.conversationId)) {
      opened.set(m.conversationId, m.initiatedBy);
    }
  }
  const conversationCounts = {
    conversations: opened.size,
    familyInitiatedConversations: [...opened.values()].filter((who) => who === "family").length,
  };
  if (!plan)
    return {
      status: "no_plan",
      lastTouchAt: lastTouch ? new Date(lastTouch) : null,
      nextDueOn: null,
      daysOverdue: 0,
      ...conversationCounts,
    };

  const baseline = Math.max(plan.visitedAt.getTime(), lastTouch ?? 0);
  const dueDay = dayNumber(new Date(baseline), timeZone) + plan.cadenceDays;
  const today = dayNumber(now, timeZone);
  const status: CadenceStatus = today > dueDay ? "overdue" : dueDay - today <= DUE_SOON_DAYS ? "due_soon" : "on_track";
  return {
    status,
    lastTouchAt: lastTouch ? new Date(lastTouch) : null,
    nextDueOn: dayString(dueDay),
    daysOverdue: Math.max(0, today - dueDay),
    ...conversationCounts,
  };
}

/** The family-initiated share: conversations families opened ÷ all conversations. */
export function familyInitiatedShare(
  cadences: Pick<Cadence, "conversations" | "familyInitiatedConversations">[],
): number | null {
  const all = cadences.reduce((n, c) => n + c.conversations, 0);
  return all === 0 ? null : cadences.reduce((n, c) => n + c.familyInitiatedConversations, 0) / all;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/** Local calendar day in the zone, as days since 1970-01-01. */
export function dayNumber(at: Date, timeZone: string): number {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(timeZone, f);
  }
  const [y, m, d] = f.format(at).split("-").map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
