import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * The child: a second connection (node:sqlite, not the app's driver) in its own process that
 * takes SQLite's write lock with BEGIN IMMEDIATE and holds it until told. It must be another
 * process: SQLite's locks are POSIX advisory locks, which never conflict within one process, and
 * two SQLite libraries in one process do not see each other's locks at all.
 */
const CHILD = `
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(process.argv[1]);
db.exec("PRAGMA busy_timeout = 5000");
db.exec("BEGIN IMMEDIATE");
console.log("locked");
require("node:readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const [command, table] = line.split(" ");
  if (command === "count") console.log(String(db.prepare("select count(*) as n from " + table).get().n));
  if (command === "release") { db.exec("ROLLBACK"); db.close(); console.log("released"); process.exit(0); }
});
`;

export type ForeignLock = {
  /** Rows in a table as the lock holder sees them (only committed rows, as any other process). */
  count(table: string): Promise<number>;
  /** Ends the lock; resolves once it is gone. */
  release(): Promise<void>;
};

/** What a job in another process, a backup or an operator's shell does to the server: hold the write lock. */
export async function holdWriteLock(file: string): Promise<ForeignLock> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--no-warnings", "-e", CHILD, file]);
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      child.once("exit", (code) => code !== 0 && reject(new Error(`lock holder exited ${code}: ${stderr}`)));
    });
  const first = await nextLine();
  if (first !== "locked") throw new Error(`lock holder said ${first}`);
  let released = false;
  return {
    async count(table) {
      child.stdin.write(`count ${table}\n`);
      return Number(await nextLine());
    },
    async release() {
      if (released) return;
      released = true;
      child.stdin.write("release\n");
      await nextLine();
    },
  };
}
