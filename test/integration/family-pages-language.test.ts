import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messages } from "../../db/schema";
import { signId } from "../../src/auth/signed-ids";
import { createI18n } from "../../src/i18n";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true });
});
afterEach(() => t.close());

const i18n = createI18n();
/** What the page should say, as the HTML escapes it (apostrophes in en and fr). */
const said = (lng: string, key: string, values: Record<string, unknown> = {}) =>
  i18n.t(lng, key, values).replaceAll("'", "&#39;");

describe("family pages in the family's language", () => {
  it.each([
    ["fa-AF,fa;q=0.9,en;q=0.5", "prs", "rtl"],
    ["es-MX,es;q=0.9", "es", "ltr"],
    ["zh-TW", "zh-Hans", "ltr"],
    ["de-DE,vi;q=0.8", "vi", "ltr"],
    [undefined, "en", "ltr"],
  ])("an unknown /f/ or /e/ code (Accept-Language %s) is a 404 in %s", async (header, lng, dir) => {
    for (const path of ["/f/ZZZZZZZZZZZZ", "/e/ZZZZZZZZZZZZ"]) {
      const res = await t.app.request(path, { headers: header ? { "accept-language": header } : {} });
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lng}" dir="${dir}">`);
      expect(html).toContain(said(lng, "family:notFound"));
    }
  });

  it("an expired visit link says so in the family's language, naming the school", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const lead = await makeEducator(t.deps, school.id, { name: "Lena Lead" });
    const partner = await makeEducator(t.deps, school.id, { name: "Paul Partner" });
    const { family } = await makeFamily(t.deps, school.id, { language: "so" });
    await inviteToVisit(t, family.id, [lead.id, partner.id]);
    const [row] = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "visit_invitation"));
    const link = /http:\/\/doorstep\.test(\/f\/\S+)/.exec(row!.body)![1]!;
    t.clock.set("2026-12-01T00:00:00Z");
    const html = await (await t.app.request(link, { headers: { "accept-language": "en" } })).text();
    expect(html).toContain('<html lang="so"');
    expect(html).toContain(said("so", "family:expired"));
    expect(html).toContain("Riverside Elementary");
    expect(html).toContain(
      said("so", "family:intro_other", { educators: "Lena Lead &amp; Paul Partner", school: "Riverside Elementary" }),
    );
  });

  it("the unsubscribe page names the school and says that only emails stop, in the contact's language", async () => {
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const { contact } = await makeFamily(t.deps, school.id, { language: "vi" });
    const token = await signId(t.deps.config.sessionSecret, "unsubscribe", contact.id);
    const page = await (await t.app.request(`/u/${token}`)).text();
    expect(page).toContain('<html lang="vi"');
    expect(page).toContain(said("vi", "family:unsubscribe.title", { school: "Riverside Elementary" }));
    expect(page).toContain(said("vi", "family:unsubscribe.explain", { school: "Riverside Elementary" }));
    expect(page).toContain("STOP");
    const done = await t.app.request(`/u/${token}`, { method: "POST" });
    expect(await done.text()).toContain(
      said("vi", "email:opt_out_confirmation.body", { school: "Riverside Elementary" }),
    );
    const forged = await t.app.request(`/u/${token.slice(0, -2)}00`, { headers: { "accept-language": "ko-KR" } });
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('<html lang="ko"');
  });
});
