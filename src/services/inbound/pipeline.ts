import type { Db } from "../../../db/client";
import { InboundWriter } from "./inbound-writer";

/** The routing loop's state while one runs (route-inbound-soon.ts). */
export type RoutingLoop = {
  run: Promise<unknown>;
  lastKick: number;
  deadline: number;
  keywordDeadline: number;
  /** Keyword texts (STOP/START/HELP) waiting for the quick pass. */
  keywordTexts: string[];
  dirty: boolean;
};

/**
 * The inbound pipeline's per-process state, one per `Deps` (built by buildDeps): the group
 * commit every webhook of this process joins, and the routing, dispatch and translation runs
 * that follow the answer, at most one of each at a time. It is state, not configuration: kept
 * here, named, so two apps built on one database in a test each have their own.
 */
export type InboundPipeline = {
  writer: InboundWriter;
  routing: RoutingLoop | undefined;
  dispatching: { again: boolean; done: Promise<void> } | undefined;
  translating: Promise<void> | undefined;
};

export function createInboundPipeline(db: Db): InboundPipeline {
  return { writer: new InboundWriter(db), routing: undefined, dispatching: undefined, translating: undefined };
}
