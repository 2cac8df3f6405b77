import { readdirSync, readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, educators, families, studentEducators, students } from "../../db/schema";
import { importRoster } from "../../src/services/roster/import-roster";
import { makeEducator, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

const FIXTURE = new URL("../fixtures/oneroster/", import.meta.url);
const files = () => Object.fromEntries(readdirSync(FIXTURE).map((f) => [f, readFileSync(new URL(f, FIXTURE), "utf8")]));

let t: TestApp;
let riverside: Awaited<ReturnType<typeof makeSchool>>;
let lincoln: Awaited<ReturnType<typeof makeSchool>>;
const admin = () => ({
  deps: t.deps,
  actor: { type: "api_token" as const, role: "district_admin" as const, districtId: riverside.districtId },
});

beforeEach(async () => {
  t = await createTestApp();
  riverside = await makeSchool(t.deps, { name: "Riverside Elementary" });
  lincoln = await makeSchool(t.deps, { name: "Lincoln Park Elementary", programModel: "hvp" });
});
afterEach(() => t.close());

describe("OneRoster import", () => {
  it("a dry run writes nothing and reports counts and row errors with file and line", async () => {
    const preview = await importRoster(admin(), { format: "oneroster", files: files(), commit: false });
    expect(preview.committed).toBe(false);
    expect(preview.schools).toMatchObject({ updated: 2 }); // matched by name, linked to their SIS ids
    expect(preview.students).toMatchObject({ created: 4 }); // Omar's only guardian cannot be imported
    expect(preview.families).toMatchObject({ created: 3 }); // Bao and An share a household
    expect(preview.educators).toMatchObject({ created: 3 });
    expect(preview.notImported).toBe(4);
    expect(preview.contacts.errors).toEqual([
      { file: "users.csv", line: 11, message: 'p-rosa: email "rosa@example" is not a valid address' },
      { file: "users.csv", line: 14, message: 'p-layla: metadata.language "xx" is not a language Doorstep writes in' },
    ]);
    expect(preview.students.errors).toEqual([
      { file: "enrollments.csv", line: 11, message: "class c-9 is not in classes.csv" },
      {
        file: "users.csv",
        line: 9,
        message: "s-omar: agentSourcedIds: none of p-layla could be imported (see their rows)",
      },
    ]);
    expect(await t.deps.db.select().from(students)).toHaveLength(0);
  });

  it("commits: siblings in two classes are one household with both teachers; re-importing changes nothing", async () => {
    const first = await importRoster(admin(), {
      format: "oneroster",
      files: files(),
      commit: true,
      acceptErrors: true,
      defaults: { language: "en" },
    });
    expect(first.committed).toBe(true);
    const [bao] = await t.deps.db.select().from(students).where(eq(students.externalId, "s-bao"));
    const [an] = await t.deps.db.select().from(students).where(eq(students.externalId, "s-an"));
    expect(bao!.familyId).toBe(an!.familyId);
    const [household] = await t.deps.db.select().from(families).where(eq(families.id, bao!.familyId));
    expect(household).toMatchObject({
      displayName: "Nguyen family",
      language: "vi",
      channel: "sms",
      schoolId: riverside.id,
    });
    const teachers = await t.deps.db.select().from(studentEducators).where(eq(studentEducators.studentId, an!.id));
    expect(teachers).toHaveLength(1);
    const [lan] = await t.deps.db.select().from(contacts).where(eq(contacts.externalId, "p-lan"));
    expect(lan).toMatchObject({ phone: "+12175550150", email: "lan@example.org" });

    const again = await importRoster(admin(), {
      format: "oneroster",
      files: files(),
      commit: true,
      acceptErrors: true,
    });
    for (const kind of ["educators", "families", "contacts", "students"] as const) {
      expect(again[kind], kind).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    }
    expect(again.students.unchanged).toBe(4);
  });

  it("an edited file updates in place and deactivates who is gone, keeping their history", async () => {
    await importRoster(admin(), { format: "oneroster", files: files(), commit: true, acceptErrors: true });
    const edited = files();
    edited["users.csv"] = edited["users.csv"]!.replace("Omar,Haddad", "Omar,Haddad-Smith")
      .replace(/^s-ayaan.*$/m, "")
      .replace("(217) 555-0150", "(217) 555-0199");
    const preview = await importRoster(admin(), { format: "oneroster", files: edited, commit: false });
    expect(preview.deactivations).toEqual([
      { kind: "students", name: "Ayaan A.", externalId: "s-ayaan", school: "Lincoln Park Elementary" },
      { kind: "families", name: "Ali family", externalId: "h:p-hodan", school: "Lincoln Park Elementary" },
    ]);
    const result = await importRoster(admin(), {
      format: "oneroster",
      files: edited,
      commit: true,
      acceptErrors: true,
    });
    expect(result.students).toMatchObject({ deactivated: 1 });
    expect(result.contacts.updated).toBeGreaterThanOrEqual(1);
    const [ayaan] = await t.deps.db.select().from(students).where(eq(students.externalId, "s-ayaan"));
    expect(ayaan!.active).toBe(false); // deactivated, never deleted
    const [lan] = await t.deps.db.select().from(contacts).where(eq(contacts.externalId, "p-lan"));
    expect(lan!.phone).toBe("+12175550199");
  });

  it("a coordinator of one school cannot touch another school's roster", async () => {
    const coordinator = await makeEducator(t.deps, riverside.id, { role: "coordinator" });
    const ctx = {
      deps: t.deps,
      actor: {
        type: "educator" as const,
        educatorId: coordinator.id,
        role: "coordinator" as const,
        schoolId: riverside.id,
        districtId: riverside.districtId,
        name: "C",
        timeZone: "America/Chicago",
      },
    };
    const refused = await importRoster(ctx, { format: "oneroster", files: files(), commit: true });
    expect(refused).toMatchObject({ committed: false, acceptanceNeeded: true });
    expect(await t.deps.db.select().from(students)).toHaveLength(0);
    const result = await importRoster(ctx, { format: "oneroster", files: files(), commit: true, acceptErrors: true });
    expect(result.schools.errors).toEqual([
      {
        file: "orgs.csv",
        line: 4,
        message: expect.stringContaining(
          "Lincoln Park Elementary (school-lp) is not a Doorstep school you can import for; its 2 students and staff rows were not imported",
        ),
      },
    ]);
    // Ayaan, his teacher and his guardian Hodan are counted with the 4 rows of the fixture's own errors.
    expect(result.notImported).toBe(7);
    expect(await t.deps.db.select().from(students).where(eq(students.schoolId, lincoln.id))).toHaveLength(0);
    expect((await t.deps.db.select().from(students).where(eq(students.schoolId, riverside.id))).length).toBe(3);
  });
});

describe("spreadsheet import", () => {
  it("reads the template, joins siblings by a shared phone, links teachers by email, and names bad lines", async () => {
    const teacher = await makeEducator(t.deps, riverside.id, { email: "maria@rv.example.org" });
    const csv = [
      "student_id,student_first_name,student_last_name,grade,teacher_email,guardian1_name,guardian1_relationship,guardian1_phone,guardian1_email,guardian1_language,guardian1_channel,guardian2_name,guardian2_relationship,guardian2_phone,guardian2_email,guardian2_language,guardian2_channel",
      "1001,Sofia,Ramirez,2,maria@rv.example.org,Ana Ramirez,mother,217-555-0170,,es,sms,,,,,,",
      "1002,Mateo,Ramirez,K,nobody@rv.example.org,Ana Ramirez,mother,(217) 555-0170,,es,sms,Luis Ramirez,father,,luis@example.org,es,email",
      "1003,Nadia,Omar,13,,Amina Omar,,2175550171,,so,,,,,,,",
      ",Ghost,Row,1,,,,,,,,,,,,,",
    ].join("\n");
    const ctx = admin();
    const result = await importRoster(ctx, {
      format: "spreadsheet",
      text: csv,
      schoolId: riverside.id,
      commit: true,
      acceptErrors: true,
    });
    expect(result.students).toMatchObject({ created: 1 });
    expect(result.families.created).toBe(1);
    expect(result.notImported).toBe(3);
    expect(result.students.errors).toEqual([
      {
        file: "spreadsheet.csv",
        line: 3,
        message: "teacher_email nobody@rv.example.org is not an educator of Riverside Elementary",
      },
      { file: "spreadsheet.csv", line: 4, message: 'grade "13" is not PK, K or 1–12' },
      {
        file: "spreadsheet.csv",
        line: 5,
        message: "student_id is required (it keeps re-imports from creating the student twice)",
      },
    ]);
    expect(result.contacts.errors).toEqual([
      {
        file: "spreadsheet.csv",
        line: 5,
        message: "guardian1_phone or guardian1_email is required: a family needs a guardian Doorstep can reach",
      },
    ]);
    const rows = await t.deps.db.select().from(students);
    expect(rows.map((r) => r.externalId)).toEqual(["1001"]);
    const [sofia] = rows.filter((r) => r.externalId === "1001");
    expect(await t.deps.db.select().from(studentEducators).where(eq(studentEducators.studentId, sofia!.id))).toEqual([
      expect.objectContaining({ educatorId: teacher.id }),
    ]);
    expect(await t.deps.db.select().from(educators)).toHaveLength(1);
  });
});

describe("POST /api/v1/imports and the upload page", () => {
  it("takes the OneRoster CSVs as multipart, dry run by default, ?commit=true applies", async () => {
    const form = new FormData();
    for (const [name, text] of Object.entries(files()))
      form.append("files", new File([text], name, { type: "text/csv" }));
    const dry = await t.app.request("/api/v1/imports", {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" },
      body: form,
    });
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as { committed: boolean; students: { created: number } };
    expect(preview).toMatchObject({ committed: false, notImported: 4, students: { created: 4 } });
    expect(await t.deps.db.select().from(students)).toHaveLength(0);
    const refused = await t.app.request("/api/v1/imports?commit=true", {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" },
      body: form,
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { code: "rows_not_imported" },
      committed: false,
      acceptanceNeeded: true,
      notImported: 4,
    });
    expect(await t.deps.db.select().from(students)).toHaveLength(0);
    const done = await t.app.request("/api/v1/imports?commit=true&acceptErrors=true", {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" },
      body: form,
    });
    expect(((await done.json()) as { committed: boolean }).committed).toBe(true);
    expect(await t.deps.db.select().from(students)).toHaveLength(4);
    const none = await t.app.request("/api/v1/imports", {
      method: "POST",
      headers: { authorization: "Bearer test-admin-token-0123456789abcdef0123456789" },
      body: new FormData(),
    });
    expect(none.status).toBe(400);
  });

  it("the coordinator's page shows the dry run with line-numbered errors, and the template has the exact headers", async () => {
    const coordinator = await makeEducator(t.deps, riverside.id, { role: "coordinator" });
    const { sessionCookie } = await import("../support/factories");
    const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
    const template = await (await t.app.request("/imports/template.csv", { headers: { cookie } })).text();
    expect(template.trim().split(",")).toEqual(
      (await import("../../src/domain/roster/spreadsheet")).SPREADSHEET_HEADERS,
    );
    const form = new FormData();
    form.set("_csrf", "x");
    form.set("schoolId", riverside.id);
    form.append(
      "files",
      new File(
        [
          "student_id,student_first_name,student_last_name,grade,teacher_email,guardian1_name,guardian1_phone\n7,Ana,Diaz,99,,Rosa,2175550180\n",
        ],
        "roster.csv",
      ),
    );
    const page = await (await t.app.request("/imports", { method: "POST", headers: { cookie }, body: form })).text();
    expect(page).toContain("Dry run — nothing was written");
    expect(page).toContain("1 row not imported");
    expect(page).toContain("spreadsheet.csv:2");
    expect(page).toContain("grade &quot;99&quot;");
  });
});

describe("new schools from a district admin's file", () => {
  it("are created in the district's zone with the chosen program model", async () => {
    const edited = files();
    edited["orgs.csv"] =
      `${edited["orgs.csv"]!.trim()}\nschool-new,active,2026-08-01,Maple Grove Elementary,school,MG,district-1\n`;
    const result = await importRoster(admin(), {
      format: "oneroster",
      files: edited,
      commit: true,
      acceptErrors: true,
      programModel: "hvp",
    });
    expect(result.schools).toMatchObject({ created: 1, updated: 2 });
    const { schools } = await import("../../db/schema");
    const [maple] = await t.deps.db.select().from(schools).where(eq(schools.externalId, "school-new"));
    expect(maple).toMatchObject({ name: "Maple Grove Elementary", programModel: "hvp", timezone: "America/Chicago" });
  });
});
