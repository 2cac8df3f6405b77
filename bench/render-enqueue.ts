/**
 * Render and enqueue into a temporary file database, compared with bare i18next `t()` calls
 * measured in the same run. Reports CPU time per message (process.cpuUsage, so waiting on the
 * disk is not counted) and the ratio. Two subjects:
 *   - single sends (prepareOutbound, as a visit or a personal text is sent): BENCH_MESSAGES
 *     messages (default 2,000) over 4 templates and the 15 locales;
 *   - a school-wide event invitation (createEvent → messaging/enqueue-bulk.ts): BENCH_FAMILIES
 *     families (default 10,000) over the 15 locales, half by text, half by email, so each
 *     texted family gets its welcome first — issue 19's goal is ≤ 50 µs CPU per message.
 */
import { count, eq } from "drizzle-orm";
import { contacts, educators, families, messages, schools } from "../db/schema";
import { fixedClock } from "../src/clock";
import { newId } from "../src/domain/ids";
import { LANGUAGE_TAGS } from "../src/domain/languages";
import { prepareOutbound } from "../src/messaging/enqueue";
import type { TemplateKey } from "../src/messaging/templates/catalog";
import { createEvent } from "../src/services/events";
import { ensureDeploymentDistrict } from "../src/services/schools";
import { benchDeps } from "./support";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 10_000);
const NOW = new Date("2026-11-02T15:00:00Z");
const { deps, done } = await benchDeps("render", { SMS_QUIET_HOURS: "off" }, { clock: fixedClock(NOW) });
const { db } = deps;

// One family per language, alternating SMS and email.
const districtId = await ensureDeploymentDistrict(db, "America/Chicago", NOW);
const schoolId = newId("sch");
await db.insert(schools).values({
  id: schoolId,
  districtId,
  name: "Riverside Elementary",
  timezone: "America/Chicago",
  programModel: "pthv",
});
const educatorId = newId("edu");
await db
  .insert(educators)
  .values({ id: educatorId, schoolId, name: "Maria Gonzalez", email: "maria@bench.example.org", role: "educator" });
const familyIds = LANGUAGE_TAGS.map((language, i) => ({
  id: newId("fam"),
  language,
  channel: i % 2 === 0 ? ("sms" as const) : ("email" as const),
}));
await db
  .insert(families)
  .values(familyIds.map((f) => ({ ...f, schoolId, displayName: `${f.language} family`, timezone: "America/Chicago" })));
await db.insert(contacts).values(
  familyIds.map((f, i) => ({
    id: newId("con"),
    familyId: f.id,
    name: `Guardian ${i}`,
    phone: `+1217555${String(100 + i).padStart(4, "0")}`,
    email: `g${i}@example.org`,
  })),
);

const templates: [TemplateKey, Record<string, unknown>][] = [
  ["check_in", {}],
  ["personal", { body: "Lucia read beautifully today. Keep reading together this week!" }],
  ["visit_reminder", { time: "2026-11-03T17:30:00-06:00" }],
  [
    "visit_invitation",
    {
      times: ["2026-11-10T16:30:00-06:00", "2026-11-11T17:00:00-06:00", "2026-11-14T10:00:00-06:00"],
      link: "https://doorstep.example.org/f/k7Qp2mN9vR4s",
    },
  ],
];

function cpuMs(fn: () => void | Promise<void>) {
  return async () => {
    const start = process.cpuUsage();
    const wall = performance.now();
    await fn();
    const used = process.cpuUsage(start);
    return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
  };
}

// Baseline: the translation lookups alone, one t() per message — after a warm-up pass, so
// the baseline is i18next's steady cost and not its JIT warm-up (the subjects warm up too).
const bareT = () => {
  for (let i = 0; i < 10_000; i++) {
    const language = LANGUAGE_TAGS[i % LANGUAGE_TAGS.length]!;
    deps.i18n.t(language, "sms:check_in", { school: "Riverside Elementary", sender: "Maria Gonzalez" });
  }
};
bareT();
const baselineRun = await cpuMs(bareT)();
const baseline = { ...baselineRun, cpu: (baselineRun.cpu * MESSAGES) / 10_000 };

// Subject: resolve, render (Intl dates, segments), and write message + outbox rows in batches.
const subject = await cpuMs(async () => {
  for (let start = 0; start < MESSAGES; start += 100) {
    const statements = [];
    for (let i = start; i < Math.min(start + 100, MESSAGES); i++) {
      const family = familyIds[i % familyIds.length]!;
      const [templateKey, params] = templates[i % templates.length]!;
      const prepared = await prepareOutbound(deps, { familyId: family.id, educatorId, templateKey, params });
      statements.push(...prepared.statements);
    }
    await db.batch(statements as never);
  }
})();

// The school-wide send: a second school of FAMILIES households, one contact each.
const wideSchoolId = newId("sch");
await db.insert(schools).values({
  id: wideSchoolId,
  districtId,
  name: "Lincoln Middle School",
  timezone: "America/Chicago",
  programModel: "pthv",
});
for (let start = 0; start < FAMILIES; start += 500) {
  const part = Array.from({ length: Math.min(500, FAMILIES - start) }, (_, j) => {
    const i = start + j;
    return { id: newId("fam"), i, language: LANGUAGE_TAGS[i % LANGUAGE_TAGS.length]! };
  });
  await db.batch([
    db.insert(families).values(
      part.map((f) => ({
        id: f.id,
        schoolId: wideSchoolId,
        displayName: `Family ${f.i}`,
        language: f.language,
        channel: f.i % 2 === 0 ? ("sms" as const) : ("email" as const),
        timezone: "America/Chicago",
      })),
    ),
    db.insert(contacts).values(
      part.map((f) => ({
        id: newId("con"),
        familyId: f.id,
        name: `Guardian ${f.i}`,
        phone: `+1312${String(2_000_000 + f.i).padStart(7, "0")}`,
        email: `family${f.i}@example.org`,
      })),
    ),
  ]);
}
// The district admin (API token) may invite any school of the district.
const admin = { type: "api_token" as const, role: "district_admin" as const, districtId };
let eventId = "";
const wide = await cpuMs(async () => {
  const summary = await createEvent({ deps, actor: admin }, {
    schoolId: wideSchoolId,
    kind: "family_dinner",
    title: "Family Dinner",
    startsAt: "2026-11-20T17:30:00-06:00",
    location: "the cafeteria",
    audience: { all: true },
    translations: { es: { title: "Cena familiar", location: "la cafetería" } },
  } as never);
  eventId = summary.id;
})();
const [written] = await db.select({ n: count() }).from(messages).where(eq(messages.eventId, eventId));
const wideMessages = written!.n;

console.log(`\nRender + enqueue across ${LANGUAGE_TAGS.length} locales (file database)\n`);
console.log(`bare i18next t():        ${((baseline.cpu / MESSAGES) * 1000).toFixed(2)} µs CPU per message`);
console.log(
  `single sends:            ${((subject.cpu / MESSAGES) * 1000).toFixed(2)} µs CPU per message, ${MESSAGES} messages (${(subject.wall / 1000).toFixed(2)} s wall) — ${(subject.cpu / baseline.cpu).toFixed(1)}× t()`,
);
const perWide = wide.cpu / wideMessages;
console.log(
  `school-wide invitation:  ${(perWide * 1000).toFixed(2)} µs CPU per message, ${FAMILIES} families → ${wideMessages} messages (${(wide.wall / 1000).toFixed(2)} s wall) — ${(perWide / (baseline.cpu / MESSAGES)).toFixed(1)}× t(), ${(subject.cpu / MESSAGES / perWide).toFixed(1)}× cheaper than single sends`,
);
console.log(`goal (issue 19):         ≤ 50 µs CPU per message for the school-wide send`);
done();
