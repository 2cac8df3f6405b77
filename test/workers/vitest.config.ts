import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The real Worker (workers/cloudflare.ts, from wrangler.toml) inside workerd with a local D1.
 * The same drizzle-kit migrations the Node server applies are applied to D1 here.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(`${root}/db/migrations`);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: `${root}/wrangler.toml` },
        miniflare: {
          bindings: {
            APP_ENV: "test",
            ADMIN_API_TOKEN: "workers-admin-token-0123456789abcdef0123",
            PUBLIC_BASE_URL: "https://doorstep.test",
            SMS_QUIET_HOURS: "off",
            TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
            TWILIO_AUTH_TOKEN: "workers-twilio-token",
            TWILIO_FROM_NUMBER: "+12175550100",
            TWILIO_API_BASE_URL: "https://twilio.test",
            // Google sign-in against the fake issuer the OIDC test answers for (worker-oidc.test.ts).
            GOOGLE_CLIENT_ID: "workers-google-client",
            GOOGLE_CLIENT_SECRET: "workers-google-secret",
            GOOGLE_ISSUER: "https://google.test",
            SIGN_IN_DOMAINS: "workers.example.org",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      name: "workers",
      root,
      include: ["test/workers/**/*.test.ts"],
      setupFiles: ["test/workers/apply-migrations.ts"],
    },
  };
});
