import type { Db } from "../db/client";
import type { AuditBuffer } from "./audit-buffer";
import type { RateLimiter } from "./auth/rate-limiter";
import type { Clock } from "./clock";
import type { Config } from "./config";
import type { Actor, Role } from "./domain/actor";
import type { I18n } from "./i18n";
import type { Pacer } from "./messaging/pacer";
import type { EmailProvider, SmsProvider } from "./providers/messaging/types";
import type { TranslationProvider } from "./providers/translation/types";
import type { InboundPipeline } from "./services/inbound/pipeline";

/**
 * Everything a request, a job or a service may use, built once per process (Node) or per
 * isolate (Workers). This is the only place adapters are constructed: tests build the same
 * object with a temporary database and a fixed clock.
 */
export type Deps = {
  config: Config;
  /**
   * Where this process runs. On Workers, work after the response must be handed to the
   * request's `executionCtx.waitUntil`; on Node (server, jobs, tests) `background` tracks it.
   */
  runtime: "workers" | "node";
  db: Db;
  sms: SmsProvider;
  email: EmailProvider;
  /** Machine translation of free text: a chain of engines (TRANSLATION_PROVIDER), never called in a webhook. */
  translation: TranslationProvider;
  clock: Clock;
  i18n: I18n;
  log: Logger;
  /**
   * Runs `work` so that every line `log` writes meanwhile carries `fields` — the request id of
   * the request being handled (app.tsx), in its services and in the background work it starts.
   */
  logScope: <T>(fields: Record<string, unknown>, work: () => T) => T;
  /** Sign-in, link-guess and replay limits; shared by every process through the database. */
  limiter: RateLimiter;
  /** Jitter source (retries); tests make it deterministic. */
  random: () => number;
  /** Waits between SMS sends to keep to SMS_MPS; tests skip the wait. */
  sleep: (ms: number) => Promise<void>;
  /** The inbound pipeline's per-process state: group commit, routing loop (services/inbound/pipeline.ts). */
  inbound: InboundPipeline;
  /** Paces texts to SMS_MPS (segments) for every dispatcher run in this process or isolate. */
  pacer: Pacer;
  /**
   * Runs work after the response (e.g. "send this message now"). Node keeps a set so shutdown
   * can wait for it; on Workers the route passes the promise to `executionCtx.waitUntil`.
   */
  background: (task: Promise<unknown>) => void;
  /** Access-audit rows of reads, written after the response (src/audit-buffer.ts). */
  audits: AuditBuffer;
  /** Resolves when every background task started so far has finished (audit rows included). */
  settle: () => Promise<void>;
  /**
   * Aborted when the process shuts down: long runs (the dispatcher pacing texts at SMS_MPS) hand
   * their claimed rows back and end, instead of holding the shutdown for minutes.
   */
  shutdown: AbortController;
  close: () => void;
};

export type Logger = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;

export type { Actor, Role };

/** What every service receives: `(ctx, input)`. No HTTP in here. */
export type ServiceContext = { deps: Deps; actor: Actor };

/** For work no person started (jobs, seeding, webhooks). */
export type SystemContext = { deps: Deps };

/** Hono's typed per-request variables. */
export type AppEnv = {
  Variables: {
    deps: Deps;
    actor: Actor | undefined;
    sessionId: string | undefined;
    csrfToken: string;
    /** Set by hono/request-id (app.tsx): in the X-Request-Id header, error bodies and log lines. */
    requestId: string;
  };
};
