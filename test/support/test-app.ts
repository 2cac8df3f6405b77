import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "../../db/migrate-node";
import { createApp } from "../../src/app";
import { fixedClock } from "../../src/clock";
import { loadConfig } from "../../src/config";
import { buildDeps, type Deps } from "../../src/deps";
import { ConsoleEmailProvider, ConsoleSmsProvider } from "../../src/messaging/providers/console";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";
export const TEST_NOW = "2026-11-02T15:00:00.000Z";

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A real app on a real SQLite file in its own temp folder: what production runs, minus the
 * network. Console providers record what would have been sent.
 */
export async function createTestApp(env: Record<string, string> = {}) {
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
  const deps: Deps = await buildDeps(
    config,
    {},
    { clock, sms, email, log: (level, message, fields) => logs.push({ level, message, fields }) },
  );
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
    api,
    close() {
      deps.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
