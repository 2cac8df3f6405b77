import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";

/**
 * Group commit: webhook writes that arrive together are committed together. Each caller
 * hands over its statements and waits for the shared `db.batch` (one transaction, one fsync)
 * to commit — so nothing is acknowledged before it is durable — but fifty concurrent texts
 * cost one commit instead of fifty. A caller gets back the results of its own statements.
 */
export class GroupCommitter {
  private pending: {
    statements: BatchItem<"sqlite">[];
    resolve: (results: unknown[]) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly maxStatements = 500,
  ) {}

  commit(statements: BatchItem<"sqlite">[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ statements, resolve, reject });
      if (this.pending.reduce((n, p) => n + p.statements.length, 0) >= this.maxStatements) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // Let the requests already read from the sockets add their statements, then commit
        // once: setImmediate runs right after this round of I/O (setTimeout would add ≥ 1 ms).
        afterIo(() => void this.flush());
      }
    });
  }

  private async flush() {
    this.scheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const all = group.flatMap((g) => g.statements);
    try {
      const results = (await this.db.batch(all as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
      let offset = 0;
      for (const g of group) {
        g.resolve(results.slice(offset, offset + g.statements.length));
        offset += g.statements.length;
      }
    } catch (error) {
      // One commit, one outcome: every caller answers 500 and Twilio retries each text.
      for (const g of group) g.reject(error);
    }
  }
}

const afterIo: (task: () => void) => void =
  typeof setImmediate === "function" ? (task) => setImmediate(task) : (task) => setTimeout(task, 0);

const committers = new WeakMap<Db, GroupCommitter>();
export function groupCommitter(db: Db): GroupCommitter {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  return committer;
}
