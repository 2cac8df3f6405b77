import { chunk } from "../../../db/raw-batch";
import type { SystemContext } from "../../context";
import { dispatchDue } from "../../messaging/dispatcher";
import { sendStaffMail } from "../../messaging/staff-mail";
import { translatePending } from "../translation";
import type { RoutingLoop } from "./pipeline";
import { routeInbound } from "./route-inbound";

/**
 * Routing after the answer, without competing with a burst of webhooks. A kick waits until
 * texts stop arriving for a moment (IDLE_MS), but no longer than its deadline: 30 s for
 * ordinary texts (under a flood, acknowledging Twilio comes first; threads catch up right
 * after). A STOP/START/HELP is different — the family waits for its answer — so half a second
 * after one arrives, those keyword texts alone are routed and their answers dispatched, without
 * routing the whole backlog of ordinary texts in front of them. STOP itself needs no routing to
 * take effect: the webhook applied it. Every pass starts a dispatcher run for the replies it
 * queued (dispatchSoon) without waiting for it: at the sender's rate (SMS_MPS, one text a second
 * on a long code) a run takes up to 30 s, and routing the next keyword texts must not wait
 * behind it. The loop's promise still ends only after the last run, so a Worker's waitUntil
 * covers both. The `route-inbound` job catches leftovers.
 *
 * A quick pass routes no more keyword texts than the sender can answer in the next few seconds
 * (KEYWORD_SECONDS × SMS_MPS, at least a few): under a flood of them, routing a hundred a second
 * whose answers leave at one a second only takes the core from the webhooks (it halved their
 * throughput in bench/inbound-sms.ts), and every answer still goes out as soon as the sender
 * can send it. The rest wait their turn, oldest first, in the next passes or the full routing.
 */
const IDLE_MS = 200;
const URGENT_MS = 500;
const ORDINARY_MS = 30_000;
const KEYWORD_SECONDS = 2;
const MIN_KEYWORD_TEXTS = 5;

export function routeInboundSoon(ctx: SystemContext, options: { keywordText?: string } = {}): Promise<unknown> {
  const now = Date.now();
  const keywordDeadline = options.keywordText ? now + URGENT_MS : Number.POSITIVE_INFINITY;
  const pipeline = ctx.deps.inbound;
  const current = pipeline.routing;
  if (current) {
    current.lastKick = now;
    current.deadline = Math.min(current.deadline, now + ORDINARY_MS);
    current.keywordDeadline = Math.min(current.keywordDeadline, keywordDeadline);
    if (options.keywordText) current.keywordTexts.push(options.keywordText);
    current.dirty = true;
    return current.run;
  }
  const state: RoutingLoop = {
    run: Promise.resolve(),
    lastKick: now,
    deadline: now + ORDINARY_MS,
    keywordDeadline,
    keywordTexts: options.keywordText ? [options.keywordText] : [],
    dirty: true,
  };
  const keywordTextsPerPass = Math.max(MIN_KEYWORD_TEXTS, Math.ceil(ctx.deps.config.smsMps * KEYWORD_SECONDS));
  const routeAll = async () => {
    while ((await routeInbound(ctx)).routed > 0) {}
    void dispatchSoon(ctx);
    // Family texts routed just now wait for the staff language; engines answer in their own time.
    void translateSoon(ctx);
  };
  const routeKeywordTexts = async (messageIds: string[]) => {
    // 50 ids per query keeps the IN list under D1's 100 bound parameters.
    for (const part of chunk(messageIds, 50)) await routeInbound(ctx, { messageIds: part });
    void dispatchSoon(ctx);
  };
  state.run = (async () => {
    try {
      while (state.dirty) {
        state.dirty = false;
        while (Date.now() - state.lastKick < IDLE_MS && Date.now() < state.deadline) {
          if (Date.now() >= state.keywordDeadline) {
            const now = Date.now();
            await routeKeywordTexts(state.keywordTexts.splice(0, keywordTextsPerPass));
            // Texts left over: the next pass, after the webhooks had their turn.
            state.keywordDeadline = state.keywordTexts.length > 0 ? now + URGENT_MS : Number.POSITIVE_INFINITY;
          }
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        state.deadline = Number.POSITIVE_INFINITY;
        state.keywordDeadline = Number.POSITIVE_INFINITY;
        state.keywordTexts = [];
        await routeAll();
        if (state.dirty) state.deadline = Date.now() + ORDINARY_MS;
      }
    } finally {
      // In the same turn as the last look at `dirty`: a kick from now on starts a new loop, and
      // none can land on this one unseen (nor wait behind the sends below).
      pipeline.routing = undefined;
    }
    // The replies queued last are on their way (routeAll started a run): the loop's promise ends
    // when they are sent, so a Worker's waitUntil keeps the isolate until then.
    await pipeline.dispatching?.done;
    await pipeline.translating;
  })();
  pipeline.routing = state;
  return state.run;
}

/**
 * One dispatcher run at a time for routing's replies: asked for while a run is on, it runs once
 * more after it (the replies queued meanwhile may have missed its claim). Returns the promise of
 * the runs in progress, which ends when no more are asked for.
 */
function dispatchSoon(ctx: SystemContext): Promise<void> {
  const pipeline = ctx.deps.inbound;
  const running = pipeline.dispatching;
  if (running) {
    running.again = true;
    return running.done;
  }
  const state = { again: true, done: Promise.resolve() };
  state.done = (async () => {
    try {
      while (state.again) {
        state.again = false;
        await dispatchDue(ctx, ctx.deps.clock.now()).catch((error: unknown) =>
          ctx.deps.log("error", "dispatch after routing failed", { error: (error as Error).message }),
        );
        // Staff emails routing queued (a visit answered by text): after the family's replies, never inside routing.
        await sendStaffMail(ctx, ctx.deps.clock.now()).catch((error: unknown) =>
          ctx.deps.log("error", "staff mail after routing failed", { error: (error as Error).message }),
        );
      }
    } finally {
      // In the same turn as the last check of `again`, so no request can slip in between.
      pipeline.dispatching = undefined;
    }
  })();
  pipeline.dispatching = state;
  return state.done;
}

/**
 * One translate run at a time per process after routing, the rest left to the `translate` job:
 * an engine call can take seconds, and routing must not wait for it.
 */
function translateSoon(ctx: SystemContext): Promise<void> {
  const pipeline = ctx.deps.inbound;
  if (pipeline.translating) return pipeline.translating;
  const run = (async () => {
    try {
      while ((await translatePending(ctx)).claimed > 0) {}
    } catch (error) {
      ctx.deps.log("error", "translation after routing failed", { error: (error as Error).message });
    } finally {
      pipeline.translating = undefined;
    }
  })();
  pipeline.translating = run;
  return run;
}
