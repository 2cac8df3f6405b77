/**
 * The server under test for bench/load-mix.ts, in its own process as in production:
 * `node --import tsx bench/load-mix-server.ts <app root> <database file>`. Seeds a school with
 * 40 families (each a contact with a phone and a few messages), serves the app on 127.0.0.1 on a
 * free port, and prints `{port, token, cookie, families}` as one JSON line. `<app root>` lets the
 * same load run against another checkout (the code before a change) for a before/after figure.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [rootArg, file] = process.argv.slice(2);
const root = pathToFileURL(`${resolve(rootArg!)}/`).href;
const load = <T>(path: string): Promise<T> => import(new URL(path, root).href) as Promise<T>;

const { serve } = await import("@hono/node-server");
const { loadConfig } = await load<typeof import("../src/config")>("src/config.ts");
const { buildNodeDeps } = await load<typeof import("../src/deps-node")>("src/deps-node.ts");
const { migrateDatabase } = await load<typeof import("../db/migrate-node")>("db/migrate-node.ts");
const { createApp } = await load<typeof import("../src/app")>("src/app.tsx");
const { ConsoleEmailProvider, ConsoleSmsProvider } = await load<typeof import("../src/providers/messaging/console")>(
  "src/providers/messaging/console.ts",
);
const factories = await load<typeof import("../test/support/factories")>("test/support/factories.ts");

const token = "bench-admin-token-0123456789abcdef0123456789";
const twilioToken = "bench-twilio-token";
const config = loadConfig({
  APP_ENV: "test",
  DATABASE_URL: `file:${file}`,
  ADMIN_API_TOKEN: token,
  PUBLIC_BASE_URL: "http://bench.test",
  TWILIO_AUTH_TOKEN: twilioToken,
  TWILIO_ACCOUNT_SID: `AC${"b".repeat(32)}`,
  SMS_QUIET_HOURS: "off",
});
let errors = 0;
const deps = await buildNodeDeps(config, {
  sms: new ConsoleSmsProvider(() => {}),
  email: new ConsoleEmailProvider(() => {}),
  log: (level, message, fields) => {
    if (level === "error") errors++;
    if (level === "error" && errors <= 5) console.error(JSON.stringify({ message, ...fields }).slice(0, 300));
  },
});
await migrateDatabase(deps.db);
const school = await factories.makeSchool(deps);
const teacher = await factories.makeEducator(deps, school.id, { role: "coordinator" });
const families: { id: string; phone: string }[] = [];
for (let i = 0; i < 40; i++) {
  const { family, contact } = await factories.makeFamily(deps, school.id, {
    teachers: [teacher.id],
    contact: { phone: `+1217555${String(2000 + i)}` },
  });
  families.push({ id: family.id, phone: contact.phone! });
}
const cookie = await factories.sessionCookie(deps, teacher.id);
const app = createApp(deps);
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port, token, twilioToken, cookie, families })}\n`);
});
process.on("SIGTERM", async () => {
  server.close();
  await deps.settle();
  deps.close();
  process.stderr.write(`${JSON.stringify({ serverErrorLogs: errors })}\n`);
  process.exit(0);
});
