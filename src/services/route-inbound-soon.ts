import { chunk } from "../../db/raw-batch";
import type { SystemContext } from "../context";
import type { Deps } from "../deps";
import { dispatchDue } from "../messaging/dispatcher";
import { routeInbound } from "./route-inbound";

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
