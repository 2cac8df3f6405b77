import { readdirSync, readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, educators, families, studentEducators, students } from "../../db/schema";
import { SPREADSHEET_HEADERS } from "../../src/domain/roster/spreadsheet";
import { importRoster } from "../../src/services/roster/import-roster";
import { makeEducator, makeSchool } from "../support/factories";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../support/test-app";

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

const HEADER = SPREADSHEET_HEADERS.join(",");
const MARIA = "maria@rv.example.org";
/** The review's spreadsheet: 1 good row and 9 broken ones, each broken a different way. */
const BROKEN_SHEET = [
  HEADER,
  `S9001,Good,Kid,3,${MARIA},Ana Good,mother,3125550111,,es,sms,,,,,,`, // 2: good
  `,NoId,Kid,3,${MARIA},X Y,,3125550112,,,,,,,,,`, // 3: no student_id
  `S9003,Bad,Phone,3,${MARIA},P Q,,12345,,,,,,,,,`, // 4: phone 12345 (and a duplicate, line 11)
  `S9004,Bad,Grade,14,${MARIA},R S,,3125550114,,,,,,,,,`, // 5: grade 14
  `S9005,Bad,Teacher,3,nobody@rv.example.org,T U,,3125550115,,,,,,,,,`, // 6: unknown teacher
  `S9006,Bad,Lang,3,${MARIA},V W,,3125550116,,klingon,fax,,,,,,`, // 7: language klingon, channel fax
  "S9007,Short,Row", // 8: three columns
  `S9008,No,Guardian,3,${MARIA},,,,,,,,,,,,`, // 9: no guardian
  `S9010,Bad,Email,3,${MARIA},E F,,,not-an-email,,,,,,,,`, // 10: bad email
  `S9003,Dup,Kid,2,${MARIA},Z Z,,3125550119,,,,,,,,,`, // 11: duplicate student_id
].join("\n");

describe("a broken spreadsheet never loses a row silently", () => {
  it("lists each of the 9 broken rows on its own line, naming the column, and imports only the good one", async () => {
    await makeEducator(t.deps, riverside.id, { email: MARIA });
    const input = { format: "spreadsheet" as const, text: BROKEN_SHEET, schoolId: riverside.id };
    const dry = await importRoster(admin(), { ...input, commit: false });
    expect(dry.notImported).toBe(9);
    const listed = [...dry.students.errors, ...dry.contacts.errors].sort((a, b) => a.line - b.line);
    expect(new Set(listed.map((e) => e.line))).toEqual(new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]));
    const at = (line: number) => listed.filter((e) => e.line === line).map((e) => e.message);
    expect(at(3)).toEqual([expect.stringMatching(/^student_id is required/)]);
    expect(at(4)).toEqual(
      expect.arrayContaining([
        'guardian1_phone "12345" is not a phone number',
        expect.stringContaining("also on line 11"),
      ]),
    );
    expect(at(5)).toEqual(['grade "14" is not PK, K or 1–12']);
    expect(at(6)).toEqual(["teacher_email nobody@rv.example.org is not an educator of Riverside Elementary"]);
    expect(at(7)).toEqual([
      'guardian1_language "klingon" is not a language Doorstep writes in',
      'guardian1_channel "fax" must be sms or email',
    ]);
    expect(at(8)).toEqual(expect.arrayContaining([expect.stringMatching(/^the row has 3 columns, the header has 17/)]));
    expect(at(9)).toEqual([expect.stringMatching(/^guardian1_phone or guardian1_email is required/)]);
    expect(at(10)).toEqual(['guardian1_email "not-an-email" is not a valid address']);
    expect(at(11)).toEqual([expect.stringContaining("student_id S9003 is also on line 4")]);
    expect(listed.every((e) => e.file === "spreadsheet.csv")).toBe(true);
    expect(dry).toMatchObject({ students: { created: 1 }, families: { created: 1 }, contacts: { created: 1 } });

    // Apply without acknowledging the 9: nothing is written.
    const refused = await importRoster(admin(), { ...input, commit: true });
    expect(refused).toMatchObject({ committed: false, acceptanceNeeded: true, notImported: 9 });
    expect(await t.deps.db.select().from(students)).toHaveLength(0);

    const applied = await importRoster(admin(), { ...input, commit: true, acceptErrors: true });
    expect(applied).toMatchObject({ committed: true, acceptanceNeeded: false, notImported: 9 });
    expect((await t.deps.db.select().from(students)).map((s) => s.externalId)).toEqual(["S9001"]);
    expect(await t.deps.db.select().from(families)).toHaveLength(1);
  });

  it("with 3 broken rows, reports all 3 on their own lines (header = line 1)", async () => {
    await makeEducator(t.deps, riverside.id, { email: MARIA });
    const csv = [
      HEADER,
      `,NoId,Kid,3,${MARIA},X Y,,3125550112,,,,,,,,,`,
      `S9003,Bad,Phone,3,${MARIA},P Q,,12345,,,,,,,,,`,
      `S9004,Bad,Grade,14,${MARIA},R S,,3125550114,,,,,,,,,`,
    ].join("\r\n");
    const dry = await importRoster(admin(), {
      format: "spreadsheet",
      text: csv,
      schoolId: riverside.id,
      commit: false,
    });
    const listed = [...dry.students.errors, ...dry.contacts.errors].map((e) => [e.line, e.message.split(" ")[0]]);
    expect(listed.sort()).toEqual([
      [2, "student_id"],
      [3, "guardian1_phone"],
      [4, "grade"],
    ]);
    expect(dry.notImported).toBe(3);
  });

  it("a row that fails validation never deactivates its student; the dry run names whom an apply deactivates", async () => {
    const good = [
      HEADER,
      "1001,Sofia,Ramirez,2,,Ana Ramirez,mother,2175550170,,es,sms,,,,,,",
      "1002,Mateo,Lopez,K,,Rosa Lopez,mother,2175550171,,es,sms,,,,,,",
      "1003,Nadia,Omar,1,,Amina Omar,,2175550172,,so,,,,,,,",
    ].join("\n");
    const input = { format: "spreadsheet" as const, schoolId: riverside.id };
    await importRoster(admin(), { ...input, text: good, commit: true });
    // Mateo's row now has a typo in the phone; Nadia has left the school.
    const next = [HEADER, good.split("\n")[1], "1002,Mateo,Lopez,K,,Rosa Lopez,mother,217555017,,es,sms,,,,,,"].join(
      "\n",
    );
    const dry = await importRoster(admin(), { ...input, text: next, commit: false });
    expect(dry.notImported).toBe(1);
    expect(dry.deactivations).toEqual([
      { kind: "students", name: "Nadia O.", externalId: "1003", school: "Riverside Elementary" },
      { kind: "contacts", name: "Amina Omar", externalId: "sheet:+12175550172", school: "Riverside Elementary" },
      { kind: "families", name: "Omar family", externalId: "h:sheet:+12175550172", school: "Riverside Elementary" },
    ]);
    await importRoster(admin(), { ...input, text: next, commit: true, acceptErrors: true });
    const byId = new Map((await t.deps.db.select().from(students)).map((s) => [s.externalId, s]));
    expect(byId.get("1002")!.active).toBe(true);
    expect(byId.get("1003")!.active).toBe(false);
    const [mateoFamily] = await t.deps.db
      .select()
      .from(families)
      .where(eq(families.id, byId.get("1002")!.familyId));
    expect(mateoFamily!.active).toBe(true);
    const [rosa] = await t.deps.db.select().from(contacts).where(eq(contacts.familyId, mateoFamily!.id));
    expect(rosa).toMatchObject({ active: true, phone: "+12175550171" });
  });

  it("two OneRoster users with the same sourcedId are an error on both lines, not a merge", async () => {
    const edited = files();
    edited["users.csv"] =
      `${edited["users.csv"]!.trim()}\ns-bao,active,2026-08-01,true,school-rv,student,,,Bao,Tran,,S9,,,,"p-lan",02,,,\n`;
    const dry = await importRoster(admin(), { format: "oneroster", files: edited, commit: false });
    expect(dry.students.errors.filter((e) => e.message.startsWith("s-bao"))).toEqual([
      { file: "users.csv", line: 5, message: "s-bao: sourcedId s-bao is also on line 15 (neither was imported)" },
      { file: "users.csv", line: 15, message: "s-bao: sourcedId s-bao is also on line 5 (neither was imported)" },
    ]);
    expect(dry.students.created).toBe(3);
  });

  it("the page shows the rows not imported first and applies them only once acknowledged", async () => {
    const coordinator = await makeEducator(t.deps, riverside.id, { role: "coordinator" });
    await makeEducator(t.deps, riverside.id, { email: MARIA });
    const { sessionCookie } = await import("../support/factories");
    const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
    const post = (fields: Record<string, string>) => {
      const form = new FormData();
      form.set("_csrf", "x");
      form.set("schoolId", riverside.id);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      form.append("files", new File([BROKEN_SHEET], "roster.csv"));
      return t.app.request("/imports", { method: "POST", headers: { cookie }, body: form });
    };
    const dry = await (await post({})).text();
    expect(dry).toContain('<div role="alert" id="rows-not-imported"><p><strong>9 rows not imported</strong>');
    expect(dry).toContain('name="acceptErrors"');
    expect(dry).toContain("spreadsheet.csv:8");

    const refused = await post({ commit: "1" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Nothing was applied");
    expect(await t.deps.db.select().from(students)).toHaveLength(0);

    const applied = await post({ commit: "1", acceptErrors: "1" });
    expect(applied.status).toBe(200);
    const page = await applied.text();
    expect(page).toContain("Applied");
    expect(page).toContain("9 rows not imported");
    expect(await t.deps.db.select().from(students)).toHaveLength(1);
  });
});

describe("a new deployment (no district, no schools)", () => {
  let fresh: TestApp;
  beforeEach(async () => {
    fresh = await createTestApp();
  });
  afterEach(() => fresh.close());
  const freshAdmin = () => ({
    deps: fresh.deps,
    actor: { type: "api_token" as const, role: "district_admin" as const, districtId: null },
  });

  it("imports its district and schools from orgs.csv in the given zone and program model", async () => {
    await expect(
      importRoster(freshAdmin(), { format: "oneroster", files: files(), commit: true }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      fields: { timezone: expect.stringContaining("is required to create the district") },
    });
    const result = await importRoster(freshAdmin(), {
      format: "oneroster",
      files: files(),
      commit: true,
      acceptErrors: true,
      programModel: "hvp",
      timezone: "America/Denver",
    });
    expect(result).toMatchObject({
      committed: true,
      districtCreated: { name: "Cedar Valley Unified", timezone: "America/Denver" },
      schools: { created: 2, errors: [] },
      students: { created: 4 },
    });
    const { districts, schools } = await import("../../db/schema");
    expect(await fresh.deps.db.select().from(districts)).toEqual([
      expect.objectContaining({ name: "Cedar Valley Unified", timezone: "America/Denver" }),
    ]);
    const made = await fresh.deps.db.select().from(schools);
    expect(made.map((s) => [s.name, s.externalId, s.programModel, s.timezone]).sort()).toEqual([
      ["Lincoln Park Elementary", "school-lp", "hvp", "America/Denver"],
      ["Riverside Elementary", "school-rv", "hvp", "America/Denver"],
    ]);
  });

  it("the API's admin token imports into the empty deployment too", async () => {
    const form = new FormData();
    for (const [name, text] of Object.entries(files())) form.append("files", new File([text], name));
    const res = await fresh.app.request("/api/v1/imports?commit=true&acceptErrors=true&timezone=America/Chicago", {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ committed: true, schools: { created: 2 }, students: { created: 4 } });
  });
});
