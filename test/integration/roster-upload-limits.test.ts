import { readdirSync, readFileSync } from "node:fs";
import { strToU8, Zip, ZipDeflate, zipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { students } from "../../db/schema";
import { UPLOAD_LIMITS } from "../../src/services/roster/read-zip";
import { makeSchool } from "../support/factories";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../support/test-app";

const FIXTURE = new URL("../fixtures/oneroster/", import.meta.url);
const MiB = 1024 * 1024;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await makeSchool(t.deps, { name: "Riverside Elementary" });
});
afterEach(() => t.close());

/**
 * A zip bomb as an attacker streams it: users.csv of `mib` MiB of one repeated row, deflated at
 * level 9 (~3.5 KB per MiB), written with data descriptors, so no size is declared up front
 * and only counting what inflates can stop it.
 */
function streamedBomb(mib: number): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  const entry = new ZipDeflate("users.csv", { level: 9 });
  zip.add(entry);
  const block = strToU8("s1,active,2026-08-01,true,school-1,student,,,Kid,Bomb,,,,,,p1,03,,,\n".repeat(16_384));
  for (let n = 0; n < mib * MiB; n += block.byteLength) entry.push(block);
  entry.push(new Uint8Array(0), true);
  zip.end();
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const post = async (file: File, query = ""): Promise<Response> => {
  const form = new FormData();
  form.append("files", file);
  return t.app.request(`/api/v1/imports${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: form,
  });
};

describe("roster upload limits", () => {
  it("refuses a 128 KB-class zip bomb (users.csv → 128 MiB) with a 413, and /healthz answers meanwhile", async () => {
    const bomb = streamedBomb(128);
    expect(bomb.byteLength).toBeLessThan(1 * MiB);
    let finished = false;
    const upload = post(new File([bomb], "roster.zip")).finally(() => {
      finished = true;
    });
    // While the upload is being inflated, keep asking /healthz, one request per turn of the loop.
    let answered = 0;
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (finished) break;
      const health = await t.app.request("/healthz");
      if (health.status === 200) answered++;
    }
    const res = await upload;
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("upload_too_large");
    expect(body.error.message).toContain(`users.csv inflates to more than ${UPLOAD_LIMITS.fileBytes / MiB} MiB`);
    expect(body.error.message).toContain(`${UPLOAD_LIMITS.fileBytes / MiB} MiB per file`);
    // Inflating up to the 64 MiB cap gives the loop a turn every MiB: dozens of health checks
    // were answered before the refusal. (A synchronous unzip answers none once it has started.)
    expect(answered).toBeGreaterThanOrEqual(20);
    expect(await t.deps.db.select().from(students)).toHaveLength(0);
  }, 60_000);

  it("refuses a zip that declares a file over the limit before inflating any of it", async () => {
    const declared = zipSync({ "users.csv": new Uint8Array(UPLOAD_LIMITS.fileBytes + 1) }, { level: 1 });
    const res = await post(new File([declared], "roster.zip"));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^users\.csv would inflate to 64 MiB; the most a roster upload may be is 64 MiB per file/,
    );
  }, 60_000);

  it("refuses a zip with more entries than a roster has, naming the limit", async () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`notes/${i}.txt`, strToU8("x")]));
    const res = await post(new File([zipSync(many)], "roster.zip"));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { fields: { files: `a roster .zip may hold at most ${UPLOAD_LIMITS.zipEntries} entries` } },
    });
  });

  it("refuses an upload over the compressed limit with a 413 before reading it", async () => {
    // Over the roster's cap, under the route's body limit (the cap plus the multipart envelope).
    const big = new Uint8Array(UPLOAD_LIMITS.uploadBytes + MiB / 2);
    const res = await post(new File([big], "roster.zip"));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      `the most a roster upload may be is ${UPLOAD_LIMITS.uploadBytes / MiB} MiB for the upload as sent`,
    );
  }, 60_000);

  it("refuses something that is not a zip with a 400, and still imports a real OneRoster zip", async () => {
    const junk = await post(new File([strToU8("PK\u0003\u0004 not really a zip at all")], "roster.zip"));
    expect(junk.status).toBe(400);
    const files = Object.fromEntries(
      readdirSync(FIXTURE).map((f) => [`export/${f}`, new Uint8Array(readFileSync(new URL(f, FIXTURE)))]),
    );
    const res = await post(new File([zipSync(files)], "oneroster.zip"), "?commit=true&acceptErrors=true");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ committed: true, students: { created: 4 } });
  });
});
