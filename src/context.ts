import type { Deps } from "./deps";

/**
 * Who is acting. Educators come from a session; the ADMIN_API_TOKEN bearer acts as a
 * district admin of the deployment's district. Every scoped query starts from an Actor.
 */
export type Role = "educator" | "coordinator" | "district_admin";

export type Actor =
  | {
      type: "educator";
      educatorId: string;
      role: Role;
      schoolId: string;
      districtId: string;
      name: string;
      /** The school's IANA zone: its school year and calendar are counted in it. */
      timeZone: string;
      /** Unread family messages in scope, for the navigation badge (set on page views only). */
      unread?: number;
    }
  | { type: "api_token"; role: "district_admin"; districtId: string | null };

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
