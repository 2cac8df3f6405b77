import { boundParameterLimit, type Db, runRawBatch } from "../../../db/client";
import { afterIo } from "../../after-io";
import { type InboundRow, inboundStatements } from "./inbound-statements";

export type { InboundRow } from "./inbound-statements";

/** A webhook on its way to `write` (see `InboundWriter.expect`). */
export type Arrival = { done: () => void };

/**
 * Group commit for inbound texts. Webhooks that arrive together are written together, in one
 * transaction (one fsync) for the whole group (inbound-statements.ts). Every caller waits for
 * that commit before answering Twilio, so nothing is acknowledged before it is durable. A caller
 * learns whether its text was new (a repeated MessageSid inserts nothing).
 *
 * When to commit: a webhook announces itself as it arrives (`expect`), before parsing and
 * checking its signature; the group is committed once every announced webhook has either
 * written or left, or after `maxWaitMs`, whichever is first. Committing as soon as one round of
 * I/O ended instead split a burst into small groups (signature checks finish on different
 * turns), and each commit has a fixed cost: groups went from ~16 texts to ~40 and throughput
 * up by a quarter (bench/inbound-sms.ts). Callers that do not announce themselves (jobs, tests)
 * are committed after the current round of I/O, as before.
 */
export class InboundWriter {
  private pending: { row: InboundRow; resolve: (isNew: boolean) => void; reject: (error: unknown) => void }[] = [];
  /** Webhooks announced and not yet written or gone. */
  private expected = 0;
  /** Bumped per commit, so a stale wake-up (timer or last arrival) cannot commit a later group early. */
  private generation = 0;
  private scheduled = false;

  private readonly maxRows: number;
  private readonly maxWaitMs: number;
  private readonly boundParameters: number;

  constructor(
    private readonly db: Db,
    options: { maxRows?: number; maxWaitMs?: number; boundParameters?: number } = {},
  ) {
    this.maxRows = options.maxRows ?? 400;
    this.maxWaitMs = options.maxWaitMs ?? 3;
    this.boundParameters = options.boundParameters ?? boundParameterLimit(db);
  }

  /** A webhook has arrived and will probably write: the next commit waits (briefly) for it. */
  expect(): Arrival {
    this.expected++;
    let open = true;
    return {
      done: () => {
        if (!open) return;
        open = false;
        this.expected--;
        if (this.expected === 0 && this.scheduled) this.commitAfterIo();
      },
    };
  }

  write(row: InboundRow, arrival?: Arrival): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      arrival?.done(); // may wake a commit already scheduled: this row is in `pending` first
      if (this.pending.length >= this.maxRows) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // Commit after this round of I/O (everything already read joins) unless more webhooks
        // are on the way by then; the last of those wakes it, and this timer bounds the wait.
        const generation = this.generation;
        setTimeout(() => {
          if (generation === this.generation && this.scheduled) void this.flush();
        }, this.maxWaitMs);
        this.commitAfterIo();
      }
    });
  }

  private commitAfterIo() {
    const generation = this.generation;
    afterIo(() => {
      if (generation === this.generation && this.scheduled && this.expected === 0) void this.flush();
    });
  }

  private async flush() {
    this.scheduled = false;
    this.generation++;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const rows = group.map((g) => g.row);
    const { statements, receiptInserts } = inboundStatements(this.db, rows, this.boundParameters);
    try {
      const results = await runRawBatch(this.db, statements);
      const fresh = new Set(results.slice(0, receiptInserts).flatMap((r) => r.rows.map((row) => row.id)));
      for (const g of group) {
        // The first delivery of an id in the group is the new one; its twins are duplicates.
        g.resolve(fresh.delete(g.row.messageId));
      }
    } catch (error) {
      // One commit, one outcome: every caller answers 500 and Twilio retries each text.
      for (const g of group) g.reject(error);
    }
  }
}
