import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, families, messages, visitEducators, visits } from "../../db/schema";
import { FOLDS, foldSearch } from "../../src/domain/search-text";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";
import { inviteToVisit } from "../support/visits";

// The test clock: 2026-11-02T15:00Z, school year 2026-27.
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function as(educatorId: string) {
  const cookie = `${await sessionCookie(t.deps, educatorId)}; doorstep_csrf=test-csrf`;
  return {
    get: (path: string) => t.app.request(path, { headers: { cookie } }),
    post: (path: string, form: Record<string, string> | [string, string][]) =>
      t.app.request(path, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([["_csrf", "test-csrf"], ...(Array.isArray(form) ? form : Object.entries(form))]),
      }),
  };
}

async function household() {
  const school = await makeSchool(t.deps);
  const lead = await makeEducator(t.deps, school.id, { name: "Maria Lead" });
  const partner = await makeEducator(t.deps, school.id, { name: "Ana Partner" });
  const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
  const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id] });
  return { school, lead, partner, coordinator, family };
}

const DREAM = "Quiere que Lucía sea doctora; le encanta leer con su abuela";
const recordForm = (over: Record<string, string> = {}) => ({
  startedAt: "2026-11-01T17:00",
  durationMinutes: "45",
  location: "home",
  hopesAndDreams: DREAM,
  resourceRequests: "Winter coats",
  planChannel: "sms",
  cadenceDays: "30",
  ...over,
});

describe("the visit record: only the lead records, the partner writes her own notes, nothing typed is lost", () => {
  it("offers the partner her notes, not the record; a refused record lands on her notes with her words", async () => {
    const h = await household();
    const visitId = await inviteToVisit(t, h.family.id, [h.lead.id, h.partner.id]);
    const partner = await as(h.partner.id);
    const lead = await as(h.lead.id);

    const partnerPage = await (await partner.get(`/families/${h.family.id}`)).text();
    expect(partnerPage).not.toContain(`/visits/${visitId}/record`);
    expect(partnerPage).toContain(`/visits/${visitId}/notes`);
    const leadPage = await (await lead.get(`/families/${h.family.id}`)).text();
    expect(leadPage).toContain(`/visits/${visitId}/record`);

    // A stale page (or a typed URL) still posts the record: refused, and her words come back.
    const refused = await partner.post(`/visits/${visitId}/record`, recordForm());
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("Only the lead records the visit");
    expect(html).toContain(`action="/visits/${visitId}/notes"`);
    expect(html).toContain("Quiere que Lucía sea doctora");
    expect(html).not.toContain("Back to Doorstep"); // not the bare error page
    expect((await t.deps.db.select().from(visits).where(eq(visits.id, visitId)))[0]!.status).toBe("invited");

    const saved = await partner.post(`/visits/${visitId}/notes`, { notes: `${DREAM}\nThey asked about the library.` });
    expect(saved.status).toBe(303);
    expect(await (await partner.get(saved.headers.get("location")!)).text()).toContain("Your notes are saved.");
    const rows = await t.deps.db.select().from(visitEducators).where(eq(visitEducators.visitId, visitId));
    expect(rows.find((r) => r.educatorId === h.partner.id)?.notes).toContain("They asked about the library.");
    expect(rows.find((r) => r.educatorId === h.lead.id)?.notes).toBeNull();

    // Private like hopes and dreams: the lead reads it, the coordinator does not.
    expect(await (await lead.get(`/families/${h.family.id}`)).text()).toContain("They asked about the library.");
    const coordinator = await as(h.coordinator.id);
    expect(await (await coordinator.get(`/families/${h.family.id}`)).text()).not.toContain("library");
    // Attesting is the partner's: the lead is not offered a button that would be refused.
    await t.deps.db.update(visits).set({ status: "completed" }).where(eq(visits.id, visitId));
    expect(await (await partner.get(`/families/${h.family.id}`)).text()).toContain(`/visits/${visitId}/attest`);
    expect(await (await lead.get(`/families/${h.family.id}`)).text()).not.toContain(`/visits/${visitId}/attest`);
    // Someone not on the visit cannot write on it.
    expect((await coordinator.post(`/visits/${visitId}/notes`, { notes: "x" })).status).toBe(403);
  });

  it("the lead's refusal names the field in words and keeps every note", async () => {
    const h = await household();
    const visitId = await inviteToVisit(t, h.family.id, [h.lead.id, h.partner.id]);
    const lead = await as(h.lead.id);
    const res = await lead.post(
      `/visits/${visitId}/record`,
      recordForm({ startedAt: "2026-11-20T17:00", durationMinutes: "50", planChannel: "call" }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Started at: is in the future");
    expect(html).not.toMatch(/startedAt:/);
    expect(html).toContain(DREAM.replace(/'/g, "&#39;"));
    expect(html).toContain("Winter coats");
    expect(html).toContain('value="50"');
    expect(html).toMatch(/<option value="call" selected="">/);
    expect(html).toContain('aria-invalid="true"');
  });
});

describe("compose refusals stay on the family page with the text kept", () => {
  it("an empty message and a 2,000-character one are refused beside the box; nothing is sent or cut", async () => {
    const h = await household();
    const lead = await as(h.lead.id);
    const empty = await lead.post(`/families/${h.family.id}/messages`, {
      templateKey: "personal",
      body: "   ",
      action: "send",
    });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('id="compose-form"');
    expect(emptyHtml).toContain("Your message: is empty");
    expect(emptyHtml).not.toContain("Not allowed");

    const long = "Querida familia, ".repeat(118).slice(0, 2000);
    const tooLong = await lead.post(`/families/${h.family.id}/messages`, {
      templateKey: "personal",
      body: long,
      action: "send",
    });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain("is longer than 1,000 characters");
    expect(html).toContain(long); // every character given back, not cut to 1,000
    expect(html).toContain("2,000 characters: 1,000 over the 1,000-character limit");
    expect(html).not.toMatch(/<textarea id="body"[^>]*maxlength/);
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
  });

  it("keeps 'Send later' through Preview and through a refusal", async () => {
    const h = await household();
    const lead = await as(h.lead.id);
    const typed = { templateKey: "personal", body: "Recordatorio: la reunión es mañana", sendAt: "2026-11-03T09:30" };
    const preview = await (
      await lead.post(`/families/${h.family.id}/messages`, { ...typed, action: "preview" })
    ).text();
    expect(preview).toMatch(/id="sendAt"[^>]*value="2026-11-03T09:30"/);
    const refused = await lead.post(`/families/${h.family.id}/messages`, { ...typed, body: "  ", action: "send" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/id="sendAt"[^>]*value="2026-11-03T09:30"/);
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
  });

  it("states the limit and the segments before anything is typed", async () => {
    const h = await household();
    const html = await (await (await as(h.lead.id)).get(`/families/${h.family.id}`)).text();
    expect(html).toContain("0 of 1,000 characters · 0 SMS segment(s) if sent by text");
  });
});

describe("a refused event", () => {
  it("comes back as the form, as typed, with the field in words, never 'Not allowed'", async () => {
    const h = await household();
    const coordinator = await as(h.coordinator.id);
    const res = await coordinator.post("/events", {
      kind: "workshop",
      title: "Family Literacy Night",
      startsAt: "2026-10-01T18:00",
      location: "Library",
      audience: "all",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    // The events form re-renders itself (its review step); what was typed is still in it.
    expect(html).toContain('value="Family Literacy Night"');
    expect(html).toMatch(/When[^<]*<\/label>|When: /);
    expect(html).not.toContain("Not allowed");
    expect(html).not.toContain("startsAt:"); // the error names the field in words
  });
});

describe("the invitation form", () => {
  it("the preview names the pair as the sent email will, and leaves out a partner from another school", async () => {
    const h = await household();
    const { family } = await makeFamily(t.deps, h.school.id, {
      teachers: [h.lead.id, h.partner.id],
      language: "en",
      channel: "email",
      contact: { phone: null, email: "parent@example.org" },
    });
    const lead = await as(h.lead.id);
    const preview = (partnerId: string) =>
      lead.post(`/families/${family.id}/invite`, [
        ["partnerId", partnerId],
        ["round", "1"],
        ["times", "2026-11-20T17:00"],
        ["location", "home"],
        ["action", "preview"],
      ]);
    const both = await preview(h.partner.id);
    expect(both.status).toBe(200);
    expect(await both.text()).toContain("Maria Lead &amp; Ana Partner");
    const elsewhere = await makeEducator(t.deps, (await makeSchool(t.deps)).id, { name: "Other School" });
    const html = await (await preview(elsewhere.id)).text();
    expect(html).not.toContain("Other School");
  });

  it("no times is a refusal naming the field, not a 500; a date two years out is refused by name", async () => {
    const h = await household();
    const lead = await as(h.lead.id);
    const none = await lead.post(`/families/${h.family.id}/invite`, {
      partnerId: h.partner.id,
      round: "1",
      location: "home",
      action: "send",
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Proposed times: add at least one time");
    // Preview with no times is the form again, not a 500.
    const preview = await lead.post(`/families/${h.family.id}/invite`, {
      partnerId: h.partner.id,
      round: "1",
      action: "preview",
    });
    expect(preview.status).toBe(200);

    const far = await lead.post(`/families/${h.family.id}/invite`, [
      ["partnerId", h.partner.id],
      ["round", "1"],
      ["times", "2028-12-05T17:00"],
      ["times", "2026-11-20T17:00"],
      ["location", "home"],
      ["note", "Bring the book list"],
      ["action", "send"],
    ]);
    expect(far.status).toBe(400);
    const html = await far.text();
    expect(html).toContain("Time 1: is outside the 2026-27 school year (July 1, 2026 – June 30, 2027)");
    expect(html).not.toContain("slots.0");
    expect(html).toContain('value="2028-12-05T17:00"'); // kept, as typed
    expect(html).toContain("Bring the book list");
    expect(await t.deps.db.select().from(visits)).toHaveLength(0);
    // The picker itself is bounded to the school year.
    expect(html).toContain('max="2027-06-30T23:59"');
  });

  it("picks the next open round and never offers one already done; with none open there is no form", async () => {
    const h = await household();
    const lead = await as(h.lead.id);
    await makeCompletedVisit(t.deps, {
      familyId: h.family.id,
      schoolId: h.school.id,
      educatorIds: [h.lead.id, h.partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    const html = await (await lead.get(`/families/${h.family.id}/invite`)).text();
    const select = html.slice(
      html.indexOf('<select id="round"'),
      html.indexOf("</select>", html.indexOf('id="round"')),
    );
    expect(select).not.toContain('value="1"');
    expect(select).toMatch(/<option value="2" selected="">/);
    expect(html).toContain("Round 1 is taken this school year (2026-27)");

    await makeCompletedVisit(t.deps, {
      familyId: h.family.id,
      schoolId: h.school.id,
      educatorIds: [h.lead.id, h.partner.id],
      at: "2026-10-20T22:00:00Z",
      cadenceDays: 30,
      round: 2,
    });
    const full = await (await lead.get(`/families/${h.family.id}/invite`)).text();
    expect(full).toContain("Every round of the 2026-27 school year is taken");
    expect(full).not.toContain(`action="/families/${h.family.id}/invite"`);
  });
});

describe("the invitation form and a round already under way", () => {
  it("offers another of the child's teachers to join it, and never offers the pair to join their own visit", async () => {
    const h = await household();
    const sibling = await makeEducator(t.deps, h.school.id, { name: "Art Teacher" });
    const { family } = await makeFamily(t.deps, h.school.id, { teachers: [h.lead.id, h.partner.id, sibling.id] });
    const visitId = await inviteToVisit(t, family.id, [h.lead.id, h.partner.id]);
    const forSibling = await (await (await as(sibling.id)).get(`/families/${family.id}/invite`)).text();
    expect(forSibling).toContain(`action="/visits/${visitId}/join"`);
    const forLead = await (await (await as(h.lead.id)).get(`/families/${family.id}/invite`)).text();
    expect(forLead).toContain("Round 1 is taken this school year (2026-27)");
    expect(forLead).not.toContain(`action="/visits/${visitId}/join"`);
  });
});

describe("family search", () => {
  it("ignores accents and case and finds a family by its phone number however it is typed", async () => {
    const h = await household();
    const { family: garcia } = await makeFamily(t.deps, h.school.id, {
      teachers: [h.lead.id],
      displayName: "García household",
      contact: { name: "Lucía García", phone: "+12175550142" },
    });
    const { family: tran } = await makeFamily(t.deps, h.school.id, {
      teachers: [h.lead.id],
      displayName: "Trần household",
      language: "vi",
      contact: { name: "Nguyễn Thị Hoa", phone: "+16305550147" },
    });
    const coordinator = await as(h.coordinator.id);
    const found = async (q: string) => {
      const html = await (await coordinator.get(`/?${new URLSearchParams({ q })}`)).text();
      const names = new Map([
        [garcia.id, "García"],
        [tran.id, "Trần"],
        [h.family.id, "other"],
      ]);
      return [...names].filter(([id]) => html.includes(`/families/${id}"`)).map(([, name]) => name);
    };
    expect(await found("Garcia")).toEqual(["García"]);
    expect(await found("GARCÍA")).toEqual(["García"]);
    expect(await found("lucia")).toEqual(["García"]);
    expect(await found("tran")).toEqual(["Trần"]);
    expect(await found("nguyen thi")).toEqual(["Trần"]);
    for (const phone of ["(217) 555-0142", "217.555.0142", "+1 217 555 0142", "2175550142", "555-0142"])
      expect(await found(phone), phone).toEqual(["García"]);
    expect(await found("630-555-0147")).toEqual(["Trần"]);

    const none = await (await coordinator.get("/?q=Castillo")).text();
    expect(none).toContain("No family matches “Castillo”");
    expect(none).not.toContain("No families to show yet");

    // A renamed household is found by its new name (the trigger keeps search_name).
    await t.deps.db.update(families).set({ displayName: "Gómez household" }).where(eq(families.id, garcia.id));
    expect(await found("gomez")).toEqual(["García"]);
    expect(await found("garcia")).toEqual(["García"]); // still its guardian's name
  });

  it("the database folds exactly as the code folds, for every letter in the table", async () => {
    const h = await household();
    const every = FOLDS.map(([ch]) => ch).join("");
    const name = `Ab ${every} Дмитрий 日本 50%`;
    const { contact } = await makeFamily(t.deps, h.school.id, { displayName: name, contact: { name } });
    const [row] = await t.deps.db.select().from(families).where(eq(families.displayName, name));
    expect(row!.searchName).toBe(foldSearch(name));
    const [guardian] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(guardian!.searchName).toBe(foldSearch(name));
  });
});
