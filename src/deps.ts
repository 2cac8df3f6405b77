import { AsyncLocalStorage } from "node:async_hooks";
import { openDatabase } from "../db/client";
import { demoPhraseMemoryEntries } from "../db/seed/phrases/memory";
import { AuditBuffer } from "./audit-buffer";
import { databaseRateLimiter } from "./auth/rate-limiter";
import { systemClock } from "./clock";
import type { Config } from "./config";
import type { Deps, Logger } from "./context";
import { createI18n } from "./i18n";
import { createPacer } from "./messaging/pacer";
import { ConsoleEmailProvider, ConsoleSmsProvider } from "./providers/messaging/console";
import { SendGridEmailProvider } from "./providers/messaging/sendgrid";
import { TwilioSmsProvider } from "./providers/messaging/twilio";
import type { EmailProvider, SmsProvider } from "./providers/messaging/types";
import { buildTranslationProvider } from "./providers/translation/build";
import type { WorkersAiBinding } from "./providers/translation/workers-ai";
import { createInboundPipeline } from "./services/inbound";

export type Bindings = { d1?: D1Database; fetch?: typeof fetch; ai?: WorkersAiBinding };
export type DepsOverrides = Partial<
  Pick<Deps, "clock" | "sms" | "email" | "translation" | "log" | "random" | "sleep">
> & {
  /** How long writes retry on SQLITE_BUSY before answering 503 (db/busy.ts); tests shorten it. */
  busyBudgetMs?: number;
};

export async function buildDeps(config: Config, bindings: Bindings = {}, overrides: DepsOverrides = {}): Promise<Deps> {
  const target = config.databaseUrl
    ? { url: config.databaseUrl, authToken: config.databaseAuthToken }
    : bindings.d1
      ? { d1: bindings.d1 }
      : undefined;
  if (!target) throw new Error("No database: set DATABASE_URL or bind a D1 database as DB");
  const { db, close } = await openDatabase(
    target,
    overrides.busyBudgetMs === undefined ? {} : { busyBudgetMs: overrides.busyBudgetMs },
  );
  const fetchImpl = bindings.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  // AsyncLocalStorage (Node, and Workers with nodejs_compat) carries a request's log fields
  // through every await, so no service has to pass a request id along to log it.
  const logFields = new AsyncLocalStorage<Record<string, unknown>>();
  const writeLog = overrides.log ?? jsonLogger;
  const log: Logger = (level, message, fields) => {
    const scoped = logFields.getStore();
    writeLog(level, message, scoped ? { ...scoped, ...fields } : fields);
  };

  const sms: SmsProvider =
    overrides.sms ?? (config.twilio ? new TwilioSmsProvider(config.twilio, fetchImpl) : new ConsoleSmsProvider());
  const email: EmailProvider =
    overrides.email ??
    (config.sendgrid
      ? new SendGridEmailProvider({ ...config.sendgrid, from: config.emailFrom }, fetchImpl)
      : new ConsoleEmailProvider());

  // The demo's phrases answer from a translation memory first, so its English lines are real
  // translations through the same path; anything else goes to the configured engines, or says none is.
  const translation =
    overrides.translation ??
    buildTranslationProvider(config.translation, { ai: bindings.ai }, fetchImpl, {
      memory: config.demoSeed ? demoPhraseMemoryEntries() : undefined,
    });

  const pending = new Set<Promise<unknown>>();
  const background = (task: Promise<unknown>) => {
    const tracked = task
      .catch((error) => log("error", "background task failed", { error: (error as Error).message }))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const audits = new AuditBuffer({ db, log, schedule: background });
  const settle = async () => {
    for (;;) {
      const waiting = audits.size;
      if (waiting > 0) await audits.flush();
      if (pending.size > 0) await Promise.all([...pending]);
      else if (audits.size === 0) return;
      else if (audits.size >= waiting) {
        // The database refused them (logged by the buffer): say how many are still held.
        log("error", "access audit rows still waiting at settle", { waiting: audits.size });
        return;
      }
    }
  };

  return {
    config,
    runtime: "workers",
    db,
    sms,
    email,
    translation,
    clock: overrides.clock ?? systemClock,
    i18n: createI18n(),
    log,
    logScope: (fields, work) => logFields.run(fields, work),
    limiter: databaseRateLimiter(db),
    random: overrides.random ?? Math.random,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    pacer: createPacer(config.smsMps),
    inbound: createInboundPipeline(db),
    background,
    audits,
    settle,
    shutdown: new AbortController(),
    close: () => {
      // Call settle() first (the servers and jobs do): rows still here now are never written.
      if (audits.size > 0) log("error", "access audit rows not written at close", { waiting: audits.size });
      audits.stop();
      close();
    },
  };
}

/** One JSON line per event: readable with `wrangler tail` and any log shipper. */
export const jsonLogger: Logger = (level, message, fields) => {
  const line = JSON.stringify({ level, message, ...fields, at: new Date().toISOString() });
  if (level === "error") console.error(line);
  else console.log(line);
};
