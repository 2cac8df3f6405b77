declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ADMIN_API_TOKEN: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
