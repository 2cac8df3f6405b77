import type { messages } from "../schema";
import {
  addMs,
  DAY_MS,
  HOUR_MS,
  localHour,
  localTime,
  MINUTE_MS,
  type SeedContext,
  shuffle,
  weighted,
} from "./context";
import type { DemoFamily } from "./households";
import { type PhraseSelector, type Rendered, renderPhrase } from "./phrases";
import type { FamilyTimeline, SchedulingThread } from "./visits";

type MessageRow = typeof messages.$inferInsert;

/** A message before it gets an id, a status and its conversation. */
type Draft = {
  at: Date;
  direction: "in" | "out";
  kind: "personal" | "scheduling" | "reminder";
  text: Rendered;
  educatorId: string | null;
  visitId: string | null;
};

const HISTORY_DAYS = 90;
/** DOMAIN: a conversation starts with the first message after a quiet gap of more than 72 h. */
const CONVERSATION_GAP_MS = 72 * HOUR_MS;
/** Days between conversations after a visit, by the plan's cadence: keeping in touch more often than agreed. */
const GAP_DAYS: Record<number, readonly [number, number]> = { 14: [2, 6], 30: [2, 8], 42: [3, 8] };

export function buildMessages(ctx: SeedContext, timelines: FamilyTimeline[]): MessageRow[] {
  const from = ctx.nowMs - HISTORY_DAYS * DAY_MS;
  const rows: MessageRow[] = [];
  for (const timeline of timelines) {
    const drafts = [
      ...timeline.threads.flatMap((thread) => schedulingDrafts(timeline, thread)),
      ...conversationDrafts(ctx, timeline),
    ]
      // History covers the last 90 days and nothing is ever in the future (a reply that
      // would land after `now` is simply a reply not yet received).
      .filter((d) => d.at.getTime() >= from && d.at.getTime() < ctx.nowMs)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    rows.push(...toRows(ctx, timeline.family, drafts));
  }
  return rows;
}

/** Invitation, the family's answer, the confirmation and the automatic reminder. */
function schedulingDrafts(t: FamilyTimeline, thread: SchedulingThread): Draft[] {
  const child = t.family.children[0]!;
  const say = (select: PhraseSelector) => renderPhrase(t.family.language, select, child);
  const base = { visitId: thread.visitId };
  const out = { ...base, direction: "out" as const, educatorId: t.pair.lead };
  const drafts: Draft[] = [{ ...out, at: thread.inviteAt, kind: "scheduling", text: say((b) => b.invite) }];
  if (thread.reply) {
    const select: PhraseSelector = thread.reply.kind === "accept" ? (b) => b.accept : (b) => b.decline;
    drafts.push({
      ...base,
      at: thread.reply.at,
      direction: "in",
      kind: "personal",
      educatorId: null,
      text: say(select),
    });
  }
  if (thread.confirmAt) drafts.push({ ...out, at: thread.confirmAt, kind: "scheduling", text: say((b) => b.confirm) });
  if (thread.reminderAt) drafts.push({ ...out, at: thread.reminderAt, kind: "reminder", text: say((b) => b.reminder) });
  return drafts;
}

/**
 * Keeping in touch after the visit. Each family has its own starting readiness to write
 * first, and it grows over the months — the program's sign that trust is building.
 * A few families without a visit reach out on their own too.
 */
function conversationDrafts(ctx: SeedContext, t: FamilyTimeline): Draft[] {
  const { rng } = ctx;
  const drafts: Draft[] = [];
  if (t.completedAt) {
    const visitDaysAgo = Math.floor((ctx.nowMs - t.completedAt.getTime()) / DAY_MS);
    const [minGap, maxGap] = GAP_DAYS[t.cadenceDays ?? 30] ?? [3, 10];
    const readiness = 0.15 + rng.next() * 0.3;
    const topics = topicDecks(ctx);
    for (let daysAgo = visitDaysAgo - rng.int(1, 3); daysAgo >= 0; daysAgo -= rng.int(minGap, maxGap)) {
      const progress = 1 - daysAgo / visitDaysAgo;
      const familyOpens = rng.chance(readiness + 0.3 * progress);
      drafts.push(...exchange(ctx, t, -daysAgo, familyOpens, topics.next(familyOpens)));
    }
  } else if (t.story === "reachesOut") {
    const topics = topicDecks(ctx);
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) drafts.push(...exchange(ctx, t, -rng.int(1, 60), true, topics.next(true)));
  }
  return drafts;
}

/** Each family's topics come round in a shuffled order, so the same news is not told twice running. */
function topicDecks(ctx: SeedContext) {
  const deck = () => {
    const order = shuffle(ctx.rng, [0, 1, 2, 3, 4]);
    let turn = 0;
    return () => order[turn++ % order.length]!;
  };
  const family = deck();
  const teacher = deck();
  return { next: (familyOpens: boolean) => (familyOpens ? family() : teacher()) };
}

/** One short back-and-forth: an opener, usually an answer, sometimes thanks and a closing. */
function exchange(
  ctx: SeedContext,
  t: FamilyTimeline,
  dayOffset: number,
  familyOpens: boolean,
  topic: number,
): Draft[] {
  const { rng } = ctx;
  const tz = t.family.school.timezone;
  const child = rng.pick(t.family.children);
  const educatorId = rng.chance(0.75) ? t.pair.lead : t.pair.partner;
  const say = (select: PhraseSelector) => renderPhrase(t.family.language, select, child);
  const drafts: Draft[] = [];
  let at = localTime(ctx.now, dayOffset, familyOpens ? rng.int(7, 20) : rng.int(12, 18), rng.int(0, 59), tz);
  const push = (direction: "in" | "out", select: PhraseSelector, minutesLater: [number, number] | null) => {
    if (minutesLater)
      at = awake(ctx, addMs(at, rng.int(...minutesLater) * MINUTE_MS), tz, direction === "out" ? 21 : 22);
    const educator = direction === "out" ? educatorId : null;
    drafts.push({ at, direction, kind: "personal", text: say(select), educatorId: educator, visitId: null });
  };

  if (familyOpens) {
    push("in", (b) => b.familyTopics[topic]![0], null);
    push("out", (b) => b.familyTopics[topic]![1], [20, 240]);
    const thanks = rng.int(0, 1);
    if (rng.chance(0.5)) push("in", (b) => b.familyThanks[thanks]!, [5, 120]);
    if (rng.chance(0.15)) push("out", (b) => b.teacherClosings[0], [2, 30]);
  } else {
    push("out", (b) => b.teacherTopics[topic]![0], null);
    if (rng.chance(0.85)) {
      push("in", (b) => b.teacherTopics[topic]![1], [10, 240]);
      const closing = rng.int(0, 1);
      if (rng.chance(0.35)) push("out", (b) => b.teacherClosings[closing]!, [5, 90]);
    }
  }
  return drafts;
}

/** A message that would go out in the middle of the night waits for the next morning. */
function awake(ctx: SeedContext, at: Date, timeZone: string, endHour: number): Date {
  const hour = localHour(at, timeZone);
  if (hour >= 7 && hour < endHour) return at;
  return localTime(at, hour < 7 ? 0 : 1, 7, ctx.rng.int(15, 59), timeZone);
}

/** Ids, delivery details and conversations, walking one family's messages in time order. */
function toRows(ctx: SeedContext, family: DemoFamily, drafts: Draft[]): MessageRow[] {
  const { rng } = ctx;
  const rows: MessageRow[] = [];
  const reachable = family.contacts.filter((c) => (family.channel === "sms" ? c.phone : c.email));
  let conversation: { id: string; initiatedBy: "family" | "educator" } | null = null;
  let previousAt = Number.NEGATIVE_INFINITY;
  for (const d of drafts) {
    const at = d.at.getTime();
    if (!conversation || at - previousAt > CONVERSATION_GAP_MS) {
      conversation = {
        id: `cnv_${ctx.id("msg", d.at).slice(4)}`,
        initiatedBy: d.direction === "in" ? "family" : "educator",
      };
    }
    previousAt = at;
    const id = ctx.id("msg", d.at);
    // Outbound goes to the first guardian; either guardian may write in.
    const contact = d.direction === "in" ? rng.pick(reachable) : reachable[0]!;
    const status = d.direction === "in" ? "received" : outboundStatus(ctx, family.channel);
    const readAt = d.direction === "in" ? addMs(d.at, rng.int(5, 240) * MINUTE_MS) : null;
    rows.push({
      id,
      familyId: family.id,
      contactId: contact.id,
      educatorId: d.educatorId,
      direction: d.direction,
      kind: d.kind,
      channel: family.channel,
      language: family.language,
      body: d.text.body,
      translatedBody: d.text.translatedBody,
      address: family.channel === "sms" ? contact.phone : contact.email,
      segments: family.channel === "sms" ? smsSegments(d.text.body) : null,
      status,
      statusReason: status === "failed" ? failureReason(family.channel) : null,
      provider: "console",
      providerMessageId: status === "failed" ? null : `console-${id.slice(4).toLowerCase()}`,
      visitId: d.visitId,
      conversationId: conversation.id,
      initiatedBy: conversation.initiatedBy,
      occurredAt: d.at,
      // Messages from the last few hours may still be unread.
      readAt: readAt && readAt.getTime() <= ctx.nowMs ? readAt : null,
      createdAt: d.at,
      updatedAt: d.at,
    });
  }
  return rows;
}

function outboundStatus(ctx: SeedContext, channel: "sms" | "email") {
  const options =
    channel === "sms"
      ? ([
          ["delivered", 85],
          ["sent", 11],
          ["failed", 4],
        ] as const)
      : ([
          ["delivered", 70],
          ["sent", 28],
          ["failed", 2],
        ] as const);
  return weighted(ctx.rng, options);
}

function failureReason(channel: "sms" | "email"): string {
  return channel === "sms" ? "The carrier could not deliver the text (demo)." : "The mailbox was unavailable (demo).";
}

// GSM-7 basic set (without the escape table): texts only in these characters travel 160 per
// segment; anything else (Vietnamese, Arabic, Chinese…) is sent as UCS-2, 70 per segment.
const GSM7 = /^[A-Za-z0-9 \n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/u;

function smsSegments(body: string): number {
  if (GSM7.test(body)) return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}
