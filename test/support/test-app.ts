import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "../../db/migrate-node";
import { createApp } from "../../src/app";
import { fixedClock } from "../../src/clock";
import { loadConfig } from "../../src/config";
import type { Deps } from "../../src/context";
import { buildNodeDeps } from "../../src/deps-node";
import { ConsoleEmailProvider, ConsoleSmsProvider } from "../../src/providers/messaging/console";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";
export const TEST_NOW = "2026-11-02T15:00:00.000Z";

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A real app on a real SQLite file in its own temp folder: what production runs, minus the
 * network. Console providers record what would have been sent.
 */
export const TWILIO_SID = `AC${"f".repeat(32)}`;
export const TWILIO_TOKEN = "twilio-test-auth-token";
export const MESSAGING_SERVICE = `MG${"e".repeat(32)}`;
export const TWILIO_MESSAGES_URL = `https://twilio.test/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`;
export const SENDGRID_SEND_URL = "https://sendgrid.test/v3/mail/send";

/** Environment for the real Twilio and SendGrid providers, pointed at hosts msw answers for. */
export const PROVIDER_ENV = {
  TWILIO_ACCOUNT_SID: TWILIO_SID,
  TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
  TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE,
  TWILIO_API_BASE_URL: "https://twilio.test",
  SENDGRID_API_KEY: "SG.test-key",
  SENDGRID_API_BASE_URL: "https://sendgrid.test",
  EMAIL_FROM: "Riverside Elementary <family@riverside.example.org>",
  INBOUND_EMAIL_DOMAIN: "in.doorstep.test",
};

export async function createTestApp(
  env: Record<string, string> = {},
  options: { realProviders?: boolean; busyBudgetMs?: number } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-test-"));
  const config = loadConfig({
    APP_ENV: "test",
    DATABASE_URL: `file:${join(dir, "test.db")}`,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    PUBLIC_BASE_URL: "http://doorstep.test",
    ...env,
  });
  const clock = fixedClock(TEST_NOW);
  const sms = new ConsoleSmsProvider(() => {});
  const email = new ConsoleEmailProvider(() => {});
  const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const sleeps: number[] = [];
  const deps: Deps = await buildNodeDeps(config, {
    clock,
    ...(options.realProviders ? {} : { sms, email }),
    log: (level, message, fields) => logs.push({ level, message, fields }),
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(options.busyBudgetMs === undefined ? {} : { busyBudgetMs: options.busyBudgetMs }),
  });
  await migrateDatabase(deps.db);
  const app = createApp(deps);

  /** JSON API call as the admin token unless `token` says otherwise (null = no header). */
  const api = async (method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await app.request(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };

  return {
    app,
    deps,
    clock,
    sms,
    email,
    logs,
    sleeps,
    api,
    /** The SQLite file under DATABASE_URL (tests open a second connection to it). */
    databaseFile: join(dir, "test.db"),
    close() {
      deps.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
