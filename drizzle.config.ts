import { defineConfig } from "drizzle-kit";

// One migrations folder serves libsql (applied at Node start-up) and D1
// (`wrangler d1 migrations apply`, migrations_dir in wrangler.toml).
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
