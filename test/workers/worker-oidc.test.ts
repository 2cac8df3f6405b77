import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../workers/cloudflare";
import { createFakeIssuer } from "../support/fake-issuer";

/**
 * Google sign-in inside workerd: oauth4webapi's discovery, code exchange, ID-token claims and
 * JWKS signature check run on the Workers runtime. msw does not work in workerd, so the fake
 * issuer answers through a spy on the Worker's global fetch (as the Twilio test does).
 */
async function call(path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`https://doorstep.test${path}`, { headers, redirect: "manual" }) as Request<
    unknown,
    IncomingRequestCfProperties
  >;
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function cookie(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    if (pair!.startsWith(`${name}=`)) return pair!.slice(name.length + 1);
  }
  return undefined;
}

describe("provider sign-in in workerd", () => {
  afterEach(() => vi.restoreAllMocks());

  it("verifies the fake issuer's ID token and opens a session; a foreign-key token is refused", async () => {
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(
        "insert into districts (id, name, timezone, created_at, updated_at) values ('dst_o', 'D', 'UTC', ?, ?) on conflict do nothing",
      ).bind(now, now),
      env.DB.prepare(
        "insert into schools (id, district_id, name, timezone, program_model, created_at, updated_at) values ('sch_o', 'dst_o', 'S', 'UTC', 'pthv', ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "insert into educators (id, school_id, name, email, role, created_at, updated_at) values ('edu_o', 'sch_o', 'Oda Kim', 'oda.kim@workers.example.org', 'educator', ?, ?)",
      ).bind(now, now),
    ]);
    const google = await createFakeIssuer({
      discoveryBase: "https://google.test",
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      now: () => Math.floor(Date.now() / 1000),
    });
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      return (await google.handle(request)) ?? realFetch(input, init);
    });

    const signIn = async (foreignKey: boolean) => {
      const start = await call("/login/google");
      expect(start.status).toBe(302);
      const state = cookie(start, "__Host-doorstep_oidc");
      expect(state).toBeTruthy();
      const callback = new URL(
        google.authorize(start.headers.get("location")!, {
          claims: { sub: "g-oda", email: "oda.kim@workers.example.org", email_verified: true },
          foreignKey,
        }),
      );
      return call(`${callback.pathname}${callback.search}`, { cookie: `__Host-doorstep_oidc=${state}` });
    };

    const refused = await signIn(true);
    expect(refused.status).toBe(400);

    const done = await signIn(false);
    expect(done.status).toBe(303);
    expect(cookie(done, "__Host-doorstep_session")).toBeTruthy();
    const { results } = await env.DB.prepare("select educator_id from sessions where educator_id = 'edu_o'").all();
    expect(results).toEqual([{ educator_id: "edu_o" }]);
    expect(google.requests.some((r) => new URL(r.url).pathname === "/jwks")).toBe(true);
  });
});
