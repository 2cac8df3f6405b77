import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loginTokens, sessions } from "../../db/schema";
import { makeEducator, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/** A browser: keeps cookies between requests, fills in the CSRF field. */
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
    post: async (path: string, form: Record<string, string>, withCsrf = true) =>
      remember(
        await t.app.request(path, {
          method: "POST",
          headers: { cookie: cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ ...form, ...(withCsrf ? { _csrf: jar.get("doorstep_csrf") ?? "" } : {}) }),
        }),
      ),
  };
}

function linkFromEmail(text: string) {
  const match = /(http:\/\/doorstep\.test\/login\/verify\?token=[^\s]+)/.exec(text);
  if (!match) throw new Error("no link in email");
  return new URL(match[1]!);
}

describe("magic-link sign-in", () => {
  it("emails a link; opening it does not sign in; the POST does, once", async () => {
    const school = await makeSchool(t.deps);
    const educator = await makeEducator(t.deps, school.id, { email: "teacher@school.example.org" });
    const b = browser();
    await b.get("/login");
    const sent = await b.post("/login", { email: "Teacher@School.example.org" });
    expect(await sent.text()).toContain("sign-in link is on its way");
    await t.deps.settle(); // the link is made and mailed after the answer
    expect(t.email.sent).toHaveLength(1);
    const link = linkFromEmail(t.email.sent[0]!.text);

    // Only a hash is stored.
    const [row] = await t.deps.db.select().from(loginTokens);
    expect(row!.id).not.toContain(link.searchParams.get("token"));

    // A link scanner GETs the page: nothing is spent.
    const page = await b.get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    const [unused] = await t.deps.db.select().from(loginTokens);
    expect(unused!.usedAt).toBeNull();

    const signIn = await b.post("/login/verify", { token: link.searchParams.get("token")! });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/");
    expect(signIn.headers.get("set-cookie")).toMatch(/doorstep_session=.*HttpOnly.*SameSite=Lax/i);
    const home = await b.get("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(educator.name);

    const again = await browser().post("/login/verify", { token: link.searchParams.get("token")! }, false);
    expect(again.status).toBe(403); // no CSRF cookie in a fresh browser
    const b2 = browser();
    await b2.get("/login");
    const reuse = await b2.post("/login/verify", { token: link.searchParams.get("token")! });
    expect(reuse.status).toBe(400);
    expect(await reuse.text()).toContain("expired or was already used");
  });

  it("refuses a link after 15 minutes", async () => {
    const school = await makeSchool(t.deps);
    await makeEducator(t.deps, school.id, { email: "late@school.example.org" });
    const b = browser();
    await b.get("/login");
    await b.post("/login", { email: "late@school.example.org" });
    await t.deps.settle();
    const link = linkFromEmail(t.email.sent[0]!.text);
    t.clock.advance(15 * 60 * 1000 + 1);
    const res = await b.post("/login/verify", { token: link.searchParams.get("token")! });
    expect(res.status).toBe(400);
  });

  it("gives an unknown address the same answer and sends nothing", async () => {
    const b = browser();
    await b.get("/login");
    const res = await b.post("/login", { email: "stranger@example.org" });
    expect(await res.text()).toContain("sign-in link is on its way");
    await t.deps.settle();
    expect(t.email.sent).toHaveLength(0);
  });

  it("refuses a form post without the CSRF token", async () => {
    const b = browser();
    await b.get("/login");
    const res = await b.post("/login", { email: "x@example.org", _csrf: "forged" }, false);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("form has expired");
  });

  it("signs out: the session row is deleted and pages redirect to sign-in", async () => {
    const school = await makeSchool(t.deps);
    const educator = await makeEducator(t.deps, school.id);
    const b = browser();
    await b.get("/login");
    await b.post("/login", { email: educator.email });
    await t.deps.settle();
    await b.post("/login/verify", { token: linkFromEmail(t.email.sent[0]!.text).searchParams.get("token")! });
    expect(await t.deps.db.select().from(sessions).where(eq(sessions.educatorId, educator.id))).toHaveLength(1);
    const out = await b.post("/logout", {});
    expect(out.status).toBe(303);
    expect(await t.deps.db.select().from(sessions).where(eq(sessions.educatorId, educator.id))).toHaveLength(0);
    const home = await b.get("/");
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe("/login");
  });

  it("uses __Host- cookies when served over HTTPS", async () => {
    const secure = await createTestApp({ PUBLIC_BASE_URL: "https://doorstep.example.org" });
    try {
      const res = await secure.app.request("/login");
      expect(res.headers.get("set-cookie")).toMatch(/^__Host-doorstep_csrf=.*Path=\/.*Secure/i);
    } finally {
      secure.close();
    }
  });
});

describe("development tools", () => {
  it("/dev/login exists only in development", async () => {
    expect((await t.app.request("/dev/login")).status).toBe(404);
  });
});
