/**
 * The Worker: the same createApp as Node, with dependencies built from the Worker's bindings.
 * Deps are built once per isolate and reused across requests (a libsql HTTP client and
 * drizzle are safe to share; no request state lives in them).
 */
import { type App, createApp } from "../src/app";
import { loadConfig } from "../src/config";
import type { Deps } from "../src/context";
import { buildDeps } from "../src/deps";
import { isJobName, runDueJobs, runJob } from "../src/jobs";
import type { WorkersAiBinding } from "../src/providers/translation/workers-ai";

/** Bindings: an optional D1 database and string variables/secrets (validated by loadConfig). */
export type Env = { DB?: D1Database; AI?: WorkersAiBinding };

let ready: Promise<{ deps: Deps; app: App }> | undefined;

function boot(env: Env) {
  ready ??= (async () => {
    const config = loadConfig(env as Record<string, unknown>, { hasD1Binding: env.DB !== undefined });
    const deps = await buildDeps(config, { d1: env.DB, ai: env.AI });
    return { deps, app: createApp(deps) };
  })().catch((error) => {
    ready = undefined; // a bad config must not poison the isolate forever
    throw error;
  });
  return ready;
}

export default {
  async fetch(request, env, ctx) {
    const { app } = await boot(env);
    return app.fetch(request, env, ctx);
  },

  /** Cron Triggers (wrangler.toml): run every scheduled job once. */
  async scheduled(controller, env, ctx) {
    const { deps } = await boot(env);
    ctx.waitUntil(runDueJobs({ deps }, new Date(controller.scheduledTime)));
  },

  /** Optional Queue consumer: each message names a job (`{"job":"retention"}`) to run now. */
  async queue(batch, env) {
    const { deps } = await boot(env);
    for (const message of batch.messages) {
      const body = message.body as { job?: string; now?: string } | null;
      if (!body?.job || !isJobName(body.job)) {
        deps.log("warn", "queue message names no known job", { id: message.id });
        message.ack();
        continue;
      }
      try {
        await runJob({ deps }, body.job, body.now ? new Date(body.now) : deps.clock.now());
        message.ack();
      } catch (error) {
        deps.log("error", "queued job failed", { job: body.job, error: (error as Error).message });
        message.retry();
      }
    }
  },
} satisfies ExportedHandler<Env>;
