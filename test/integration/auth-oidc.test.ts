import { HttpResponse, http } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { educators, oidcAttempts, sessions } from "../../db/schema";
import { makeEducator, makeSchool } from "../support/factories";
import { createFakeIssuer, type FakeIssuer, type SignInAs } from "../support/fake-issuer";
import { mswServer } from "../support/msw";
import { createTestApp, TEST_NOW, type TestApp } from "../support/test-app";

/**
 * "Sign in with Google / Microsoft" against local fake providers with their own keys,
 * discovery documents and JWKS (served through msw): the app's real oauth4webapi client does
 * discovery, PKCE, the code exchange and the ID-token checks.
 */
const NOW_S = Date.parse(TEST_NOW) / 1000;
const TENANT = "6f1c2b3a-1111-4222-8333-944455556666";
const OTHER_TENANT = "0a0b0c0d-1111-4222-8333-944455556666";

const ENV = {
  GOOGLE_CLIENT_ID: "google-client.apps.example",
  GOOGLE_CLIENT_SECRET: "google-secret",
  GOOGLE_ISSUER: "https://google.test",
  MICROSOFT_CLIENT_ID: "3e0f0f0f-aaaa-4bbb-8ccc-dddddddddddd",
  MICROSOFT_CLIENT_SECRET: "microsoft-secret",
  MICROSOFT_AUTHORITY: "https://microsoft.test",
  MICROSOFT_TENANT: "organizations",
  SIGN_IN_DOMAINS: "riverside.example.org, district.example.org",
};

let t: TestApp;
let google: FakeIssuer;
let microsoft: FakeIssuer;

beforeEach(async () => {
  t = await createTestApp(ENV);
  google = await createFakeIssuer({
    discoveryBase: "https://google.test",
    clientId: ENV.GOOGLE_CLIENT_ID,
    clientSecret: ENV.GOOGLE_CLIENT_SECRET,
    now: () => NOW_S,
  });
  // Microsoft's multi-tenant endpoint publishes the {tenantid} template as its issuer.
  microsoft = await createFakeIssuer({
    discoveryBase: "https://microsoft.test/organizations/v2.0",
    publishedIssuer: "https://microsoft.test/{tenantid}/v2.0",
    clientId: ENV.MICROSOFT_CLIENT_ID,
    clientSecret: ENV.MICROSOFT_CLIENT_SECRET,
    now: () => NOW_S,
  });
  mswServer.use(
    http.all("https://google.test/*", async ({ request }) => google.handle(request)),
    http.all("https://microsoft.test/*", async ({ request }) => microsoft.handle(request)),
  );
});
afterEach(() => t.close());

/** A browser: keeps cookies between requests. */
function browser() {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") jar.delete(name!);
      else jar.set(name!, value);
    }
    return res;
  };
  return {
    jar,
    get: async (path: string) => remember(await t.app.request(path, { headers: { cookie: cookieHeader() } })),
  };
}

/** Start at /login/<provider>, sign in at the fake provider, come back: the callback's response. */
async function signIn(provider: "google" | "microsoft", as: SignInAs, b = browser()) {
  const start = await b.get(`/login/${provider}`);
  expect(start.status).toBe(302);
  const location = start.headers.get("location")!;
  const fake = provider === "google" ? google : microsoft;
  const callback = new URL(fake.authorize(location, as));
  const response = await b.get(`${callback.pathname}${callback.search}`);
  return { response, callback, browser: b, authorizationUrl: new URL(location) };
}

async function staff(email: string) {
  const school = await makeSchool(t.deps);
  return makeEducator(t.deps, school.id, { email, name: "Maya Lee" });
}

const googleUser = (email: string, extra: Record<string, unknown> = {}): SignInAs => ({
  claims: { sub: `g-${email}`, email, email_verified: true, ...extra },
});

describe("sign in with Google", () => {
  it("the sign-in page offers both configured providers beside the emailed link", async () => {
    const page = await (await browser().get("/login")).text();
    expect(page).toContain('href="/login/google"');
    expect(page).toContain("Sign in with Google");
    expect(page).toContain('href="/login/microsoft"');
    expect(page).toContain("Email me a sign-in link");
  });

  it("signs a known educator in: PKCE S256, state and nonce sent; a session opens", async () => {
    const educator = await staff("maya.lee@riverside.example.org");
    const {
      response,
      browser: b,
      authorizationUrl,
    } = await signIn("google", googleUser("Maya.Lee@riverside.example.org"));
    expect(authorizationUrl.origin).toBe("https://google.test");
    expect(authorizationUrl.searchParams.get("redirect_uri")).toBe("http://doorstep.test/login/google/callback");
    expect(authorizationUrl.searchParams.get("scope")).toBe("openid email profile");
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("state")).toMatch(/^[\w-]{32,}$/);
    expect(authorizationUrl.searchParams.get("nonce")).toMatch(/^[\w-]{32,}$/);

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(b.jar.has("doorstep_session")).toBe(true);
    expect(b.jar.has("doorstep_oidc")).toBe(false); // the state cookie is spent
    const rows = await t.deps.db.select().from(sessions);
    expect(rows.map((s) => s.educatorId)).toEqual([educator.id]);
    const home = await b.get("/");
    expect(await home.text()).toContain("Maya Lee");
    // The app fetched discovery, exchanged the code, and read the JWKS to check the signature.
    expect(google.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /.well-known/openid-configuration",
      "GET /.well-known/openid-configuration",
      "POST /token",
      "GET /jwks",
    ]);
  });

  it("accepts Google's documented issuer alias without https://, and no other", async () => {
    await staff("maya.lee@riverside.example.org");
    const alias = await signIn("google", googleUser("maya.lee@riverside.example.org", { iss: "google.test" }));
    expect(alias.response.status).toBe(303);
    const other = await signIn("google", googleUser("maya.lee@riverside.example.org", { iss: "https://other.test" }));
    expect(other.response.status).toBe(400);
  });

  it("refuses an ID token for another audience", async () => {
    await staff("maya.lee@riverside.example.org");
    const { response } = await signIn("google", googleUser("maya.lee@riverside.example.org", { aud: "someone-else" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("could not confirm this sign-in");
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
    expect(t.logs).toContainEqual(
      expect.objectContaining({
        message: "provider sign-in refused",
        fields: expect.objectContaining({ reason: "token" }),
      }),
    );
  });

  it("refuses an expired ID token", async () => {
    await staff("maya.lee@riverside.example.org");
    const { response } = await signIn(
      "google",
      googleUser("maya.lee@riverside.example.org", { iat: NOW_S - 7200, exp: NOW_S - 3600 }),
    );
    expect(response.status).toBe(400);
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("refuses an ID token signed with a key the provider does not publish", async () => {
    await staff("maya.lee@riverside.example.org");
    const as = { ...googleUser("maya.lee@riverside.example.org"), foreignKey: true };
    const { response } = await signIn("google", as);
    expect(response.status).toBe(400);
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("refuses an ID token whose nonce is not this sign-in's", async () => {
    await staff("maya.lee@riverside.example.org");
    const { response } = await signIn("google", googleUser("maya.lee@riverside.example.org", { nonce: "replayed" }));
    expect(response.status).toBe(400);
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("a replayed state is refused, even with the cookie put back; and a callback in another browser", async () => {
    await staff("maya.lee@riverside.example.org");
    const b = browser();
    const start = await b.get("/login/google");
    const state = b.jar.get("doorstep_oidc")!;
    const callback = new URL(
      google.authorize(start.headers.get("location")!, googleUser("maya.lee@riverside.example.org")),
    );
    const path = `${callback.pathname}${callback.search}`;

    // Someone else's browser (no state cookie) gets the callback link: refused, attempt untouched.
    const elsewhere = await browser().get(path);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("started in another browser");

    expect((await b.get(path)).status).toBe(303);
    b.jar.set("doorstep_oidc", state);
    const replay = await b.get(path);
    expect(replay.status).toBe(400);
    expect(await t.deps.db.select().from(sessions)).toHaveLength(1);
    const [attempt] = await t.deps.db.select().from(oidcAttempts);
    expect(attempt!.usedAt).not.toBeNull();
    expect(attempt!.id).not.toBe(state); // only the state's hash is stored
  });

  it("a sign-in not finished within 10 minutes is refused", async () => {
    await staff("maya.lee@riverside.example.org");
    const b = browser();
    const start = await b.get("/login/google");
    const callback = new URL(
      google.authorize(start.headers.get("location")!, googleUser("maya.lee@riverside.example.org")),
    );
    t.clock.set(new Date(Date.parse(TEST_NOW) + 11 * 60 * 1000));
    const late = await b.get(`${callback.pathname}${callback.search}`);
    expect(late.status).toBe(400);
  });

  it("refuses an email the provider has not verified", async () => {
    await staff("maya.lee@riverside.example.org");
    const { response } = await signIn(
      "google",
      googleUser("maya.lee@riverside.example.org", { email_verified: false }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("did not confirm your email address");
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("refuses a domain the district has not allowed, even for a known educator", async () => {
    await staff("maya.lee@gmail.example.com");
    const { response } = await signIn("google", googleUser("maya.lee@gmail.example.com"));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("email domain cannot sign in");
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("refuses an unknown address in an allowed domain and creates nobody", async () => {
    await staff("maya.lee@riverside.example.org");
    const before = await t.deps.db.select().from(educators);
    const { response } = await signIn("google", googleUser("new.hire@riverside.example.org"));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("not a Doorstep educator");
    expect(await t.deps.db.select().from(educators)).toEqual(before);
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("refuses a deactivated educator", async () => {
    const school = await makeSchool(t.deps);
    await makeEducator(t.deps, school.id, { email: "gone@riverside.example.org", active: false });
    const { response } = await signIn("google", googleUser("gone@riverside.example.org"));
    expect(response.status).toBe(403);
  });

  it("a person who cancels at the provider gets a plain message", async () => {
    const b = browser();
    const start = await b.get("/login/google");
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const res = await b.get(`/login/google/callback?error=access_denied&state=${state}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("cancelled or refused");
  });
});

describe("when the provider is away", () => {
  it("a provider down at the start gets a plain 502 page and stores nothing", async () => {
    mswServer.use(http.get("https://google.test/.well-known/openid-configuration", () => HttpResponse.error()));
    const res = await browser().get("/login/google");
    expect(res.status).toBe(502);
    expect(await res.text()).toContain("not answering right now");
    expect(await t.deps.db.select().from(oidcAttempts)).toEqual([]);
  });

  it("a token endpoint that fails at the callback is 'unreachable', not a bad token", async () => {
    await staff("maya.lee@riverside.example.org");
    const b = browser();
    const start = await b.get("/login/google");
    const callback = new URL(
      google.authorize(start.headers.get("location")!, googleUser("maya.lee@riverside.example.org")),
    );
    mswServer.use(http.post("https://google.test/token", () => HttpResponse.error()));
    const res = await b.get(`${callback.pathname}${callback.search}`);
    expect(res.status).toBe(502);
    expect(t.logs).toContainEqual(
      expect.objectContaining({ fields: expect.objectContaining({ reason: "provider_unreachable" }) }),
    );
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });

  it("a discovery document that publishes another issuer is refused at the start", async () => {
    mswServer.use(
      http.get("https://google.test/.well-known/openid-configuration", () =>
        HttpResponse.json({ issuer: "https://evil.test", authorization_endpoint: "https://evil.test/authorize" }),
      ),
    );
    const res = await browser().get("/login/google");
    expect(res.status).toBe(502);
  });
});

describe("sign in with Microsoft (multi-tenant)", () => {
  const msUser = (email: string, extra: Record<string, unknown> = {}): SignInAs => ({
    claims: {
      iss: `https://microsoft.test/${TENANT}/v2.0`,
      tid: TENANT,
      sub: `m-${email}`,
      email,
      xms_edov: true,
      ...extra,
    },
  });

  it("signs in with the issuer template filled with the token's tenant", async () => {
    const educator = await staff("maya.lee@district.example.org");
    const { response, authorizationUrl } = await signIn("microsoft", msUser("maya.lee@district.example.org"));
    expect(authorizationUrl.href.startsWith("https://microsoft.test/authorize?")).toBe(true);
    expect(response.status).toBe(303);
    const rows = await t.deps.db.select().from(sessions);
    expect(rows.map((s) => s.educatorId)).toEqual([educator.id]);
  });

  it("refuses a token whose iss names a tenant other than its tid", async () => {
    await staff("maya.lee@district.example.org");
    const { response } = await signIn(
      "microsoft",
      msUser("maya.lee@district.example.org", { iss: `https://microsoft.test/${OTHER_TENANT}/v2.0` }),
    );
    expect(response.status).toBe(400);
  });

  it("a discovery issuer outside the configured authority is refused", async () => {
    mswServer.use(
      http.get("https://microsoft.test/organizations/v2.0/.well-known/openid-configuration", () =>
        HttpResponse.json({
          issuer: "https://evil.test/{tenantid}/v2.0",
          authorization_endpoint: "https://microsoft.test/authorize",
        }),
      ),
    );
    expect((await browser().get("/login/microsoft")).status).toBe(502);
  });

  it("does not trust an Entra email without the xms_edov claim", async () => {
    await staff("maya.lee@district.example.org");
    const { response } = await signIn("microsoft", msUser("maya.lee@district.example.org", { xms_edov: undefined }));
    expect(response.status).toBe(403);
    expect(await t.deps.db.select().from(sessions)).toEqual([]);
  });
});

describe("without providers configured", () => {
  it("the sign-in page shows magic links only and /login/google is a 404", async () => {
    const plain = await createTestApp();
    try {
      const page = await (await plain.app.request("/login")).text();
      expect(page).not.toContain("/login/google");
      expect((await plain.app.request("/login/google")).status).toBe(404);
    } finally {
      plain.close();
    }
  });
});
