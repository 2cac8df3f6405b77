declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ADMIN_API_TOKEN: string;
    GOOGLE_CLIENT_ID: string;
    GOOGLE_CLIENT_SECRET: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
