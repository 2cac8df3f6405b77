import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chunk } from "../../db/raw-batch";
import {
  consentEvents,
  contacts,
  educatorNotifications,
  families,
  inboundQueue,
  messages,
  schools,
} from "../../db/schema";
import { yieldToIo } from "../after-io";
import type { SystemContext } from "../context";
import type { Deps } from "../deps";
import { derivedId } from "../domain/ids";
import { classifyKeyword, optOutRequest } from "../domain/keywords";
import { conversationFor } from "../messaging/conversation-store";
import { dispatchDue } from "../messaging/dispatcher";
import { prepareOutbound } from "../messaging/enqueue";
import { responsibleEducators } from "../messaging/responsible-educators";
import { interpretAsVisitAnswer } from "./visits/pending-answer";

type Receipt = typeof inboundQueue.$inferSelect;
type Match = { contact: typeof contacts.$inferSelect; family: typeof families.$inferSelect; timeZone: string };

/**
 * Routes received texts (inbound_queue), oldest first: stores the message, finds the family and
 * contact, joins the conversation, records consent, queues the one answer to STOP/START/HELP
 * (none when Twilio's Advanced Opt-Out answered), flags natural-language opt-outs for review,
 * and tells the responsible educators. Each message's effects and the removal of its receipt
 * are one batch with derived ids, so running twice (a kick and the job) changes nothing.
 */
export async function routeInbound(ctx: SystemContext, options: { limit?: number; messageIds?: string[] } = {}) {
  const { db } = ctx.deps;
  const queued = await db
    .select({ queue: inboundQueue, storedAs: messages.id })
    .from(inboundQueue)
    .leftJoin(
      messages,
      and(eq(messages.provider, "twilio"), eq(messages.providerMessageId, inboundQueue.providerMessageId)),
    )
    .where(options.messageIds ? inArray(inboundQueue.messageId, options.messageIds) : undefined)
    .orderBy(asc(inboundQueue.createdAt))
    .limit(options.limit ?? 200);
  let routed = 0;
  for (const { queue, storedAs } of queued) {
    const done = db.delete(inboundQueue).where(eq(inboundQueue.messageId, queue.messageId));
    // The MessageSid is stored under another id: Twilio repeated a text routed earlier (its
    // receipt was gone, so the webhook took it again). Nothing more to do.
    if (storedAs !== null && storedAs !== queue.messageId) await db.batch([done]);
    else {
      // Stored, routed and the receipt removed in one commit. The message may exist already
      // under this very id (a receipt queued before migration 0018, when the webhook wrote
      // messages itself); then the insert does nothing and routing goes on as usual.
      await db.batch([
        db.insert(messages).values(messageOf(queue)).onConflictDoNothing(),
        done,
        ...(await effectsOf(ctx.deps, queue)),
      ]);
    }
    routed++;
    // Yield to waiting requests between messages: routing a backlog must not hold up webhooks.
    await yieldToIo();
  }
  return { routed };
}

/** The message a receipt becomes: as received, filed as English until its family is found. */
function messageOf(receipt: Receipt): typeof messages.$inferInsert {
  return {
    id: receipt.messageId,
    direction: "in",
    channel: "sms",
    kind: receipt.kind,
    language: "en",
    body: receipt.body,
    address: receipt.address,
    media: receipt.media,
    status: "received",
    statusReason: receipt.statusReason,
    provider: "twilio",
    providerMessageId: receipt.providerMessageId,
    occurredAt: receipt.createdAt,
    createdAt: receipt.createdAt,
    updatedAt: receipt.createdAt,
  };
}

/** What routing does for one received text: the statements that go with its message row. */
async function effectsOf(deps: Deps, receipt: Receipt): Promise<BatchItem<"sqlite">[]> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const from = receipt.address;
  const sid = receipt.providerMessageId;
  const matches = await db
    .select({ contact: contacts, family: families, timeZone: schools.timezone })
    .from(contacts)
    .innerJoin(families, eq(families.id, contacts.familyId))
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(and(eq(contacts.phone, from), eq(contacts.active, true)));
  const match = await pickFamily(deps, matches, from);
  if (!match) return []; // unknown number: stays in the unmatched inbox
  const keyword = receipt.kind === "system" ? classifyKeyword(receipt.body) : null;
  const conversation = keyword
    ? { conversationId: null, initiatedBy: null }
    : await conversationFor(
        db,
        match.family.id,
        { occurredAt: receipt.createdAt, direction: "in" },
        config.conversationGapHours,
      );

  const statements: BatchItem<"sqlite">[] = [
    db
      .update(messages)
      .set({
        familyId: match.family.id,
        contactId: match.contact.id,
        language: match.contact.language ?? match.family.language,
        ...conversation,
        updatedAt: now,
      })
      .where(eq(messages.id, receipt.messageId)),
  ];
  const consent = (contactId: string, familyId: string, kind: "opt_out" | "opt_in" | "help" | "opt_out_review") =>
    db
      .insert(consentEvents)
      .values({
        id: derivedId("cns", `${sid}:${contactId}:${kind}`),
        familyId,
        contactId,
        channel: "sms",
        kind,
        source: "keyword",
        keyword: keyword?.keyword ?? null,
        messageId: receipt.messageId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
  // Twilio's Advanced Opt-Out already answered STOP/START/HELP when it sets OptOutType.
  const twilioAnswered = Boolean(receipt.optOutType);

  if (keyword?.kind === "opt_out") {
    statements.push(...matches.map((m) => consent(m.contact.id, m.family.id, "opt_out")));
    if (!receipt.priorSmsOptedOut && !twilioAnswered)
      statements.push(...(await reply(deps, match, sid, "opt_out_confirmation")));
  } else if (keyword?.kind === "opt_in") {
    statements.push(...matches.map((m) => consent(m.contact.id, m.family.id, "opt_in")));
    if (receipt.priorSmsOptedOut && !twilioAnswered)
      statements.push(...(await reply(deps, match, sid, "opt_in_confirmation")));
  } else if (keyword?.kind === "help") {
    statements.push(consent(match.contact.id, match.family.id, "help"));
    if (!twilioAnswered) statements.push(...(await reply(deps, match, sid, "help_reply")));
  } else {
    // An answer to a pending invitation ("2", "0", "no thanks") is acted on, and the pair is told
    // by answerVisit; it is idempotent, so a second routing run changes nothing.
    const answered = await interpretAsVisitAnswer({ deps }, match.family.id, receipt.body);
    if (answered && answered !== "already_answered") return statements;
    if (optOutRequest(receipt.body)) statements.push(consent(match.contact.id, match.family.id, "opt_out_review"));
    for (const educatorId of await responsibleEducators(db, match.family.id, now, match.timeZone)) {
      statements.push(
        db
          .insert(educatorNotifications)
          .values({
            id: derivedId("ntf", `${sid}:${educatorId}`),
            educatorId,
            messageId: receipt.messageId,
            createdAt: now,
          })
          .onConflictDoNothing(),
      );
    }
  }
  return statements;
}

/** A number shared by two households: the one we last wrote to (or heard from) wins. */
async function pickFamily(deps: Deps, matches: Match[], from: string): Promise<Match | null> {
  if (matches.length <= 1) return matches[0] ?? null;
  const familyIds = [...new Set(matches.map((m) => m.family.id))];
  if (familyIds.length === 1) return matches[0]!;
  const [latest] = await deps.db
    .select({ familyId: messages.familyId })
    .from(messages)
    .where(and(eq(messages.address, from), inArray(messages.familyId, familyIds)))
    .orderBy(desc(messages.occurredAt))
    .limit(1);
  return matches.find((m) => m.family.id === latest?.familyId) ?? matches[0]!;
}

/** The one automatic answer to a keyword, in the family's language, queued idempotently. */
async function reply(
  deps: Deps,
  match: Match,
  sid: string,
  templateKey: "opt_out_confirmation" | "opt_in_confirmation" | "help_reply",
) {
  const { statements } = await prepareOutbound(deps, {
    familyId: match.family.id,
    educatorId: null,
    templateKey,
    params: {},
    contactId: match.contact.id,
    // Answer the number that wrote, whatever its opt-out state is at this instant.
    forceChannel: "sms",
    idempotencyKey: `twilio:${sid}:${templateKey}`,
  });
  return statements;
}

/**
 * Routing after the answer, without competing with a burst of webhooks. A kick waits until
 * texts stop arriving for a moment (IDLE_MS), but no longer than its deadline: 30 s for
 * ordinary texts (under a flood, acknowledging Twilio comes first; threads catch up right
 * after). A STOP/START/HELP is different — the family waits for its answer — so half a second
 * after one arrives, those keyword texts alone are routed and their answers dispatched, without
 * routing the whole backlog of ordinary texts in front of them. STOP itself needs no routing to
 * take effect: the webhook applied it. Every pass ends with a dispatcher run for the replies it
 * queued. The `route-inbound` job catches leftovers.
 */
const IDLE_MS = 200;
const URGENT_MS = 500;
const ORDINARY_MS = 30_000;
type LoopState = {
  run: Promise<unknown>;
  lastKick: number;
  deadline: number;
  keywordDeadline: number;
  /** Keyword texts (STOP/START/HELP) waiting for the quick pass. */
  keywordTexts: string[];
  dirty: boolean;
};
const loops = new WeakMap<Deps, LoopState>();

export function routeInboundSoon(ctx: SystemContext, options: { keywordText?: string } = {}): Promise<unknown> {
  const now = Date.now();
  const keywordDeadline = options.keywordText ? now + URGENT_MS : Number.POSITIVE_INFINITY;
  const current = loops.get(ctx.deps);
  if (current) {
    current.lastKick = now;
    current.deadline = Math.min(current.deadline, now + ORDINARY_MS);
    current.keywordDeadline = Math.min(current.keywordDeadline, keywordDeadline);
    if (options.keywordText) current.keywordTexts.push(options.keywordText);
    current.dirty = true;
    return current.run;
  }
  const state: LoopState = {
    run: Promise.resolve(),
    lastKick: now,
    deadline: now + ORDINARY_MS,
    keywordDeadline,
    keywordTexts: options.keywordText ? [options.keywordText] : [],
    dirty: true,
  };
  const routeAll = async () => {
    while ((await routeInbound(ctx)).routed > 0) {}
    await dispatchDue(ctx, ctx.deps.clock.now());
  };
  const routeKeywordTexts = async (messageIds: string[]) => {
    // 50 ids per query keeps the IN list under D1's 100 bound parameters.
    for (const part of chunk(messageIds, 50)) await routeInbound(ctx, { messageIds: part });
    await dispatchDue(ctx, ctx.deps.clock.now());
  };
  state.run = (async () => {
    while (state.dirty) {
      state.dirty = false;
      while (Date.now() - state.lastKick < IDLE_MS && Date.now() < state.deadline) {
        if (Date.now() >= state.keywordDeadline) {
          state.keywordDeadline = Number.POSITIVE_INFINITY;
          await routeKeywordTexts(state.keywordTexts.splice(0));
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      state.deadline = Number.POSITIVE_INFINITY;
      state.keywordDeadline = Number.POSITIVE_INFINITY;
      state.keywordTexts = [];
      await routeAll();
      if (state.dirty) state.deadline = Date.now() + ORDINARY_MS;
    }
  })().finally(() => loops.delete(ctx.deps));
  loops.set(ctx.deps, state);
  return state.run;
}
