/**
 * Render and enqueue 10,000 messages across the 15 locales into a temporary file database,
 * and compare with bare i18next `t()` calls measured in the same run. Reports CPU time per
 * message (process.cpuUsage, so waiting on the disk is not counted) and the ratio.
 */
import { contacts, educators, families, schools } from "../db/schema";
import { fixedClock } from "../src/clock";
import { newId } from "../src/domain/ids";
import { LANGUAGE_TAGS } from "../src/domain/languages";
import { prepareOutbound } from "../src/messaging/enqueue";
import type { TemplateKey } from "../src/messaging/templates/catalog";
import { ensureDeploymentDistrict } from "../src/services/district";
import { benchDeps } from "./support";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
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

// Baseline: the translation lookups alone, one t() per message.
const baseline = await cpuMs(() => {
  for (let i = 0; i < MESSAGES; i++) {
    const language = LANGUAGE_TAGS[i % LANGUAGE_TAGS.length]!;
    deps.i18n.t(language, "sms:check_in", { school: "Riverside Elementary", sender: "Maria Gonzalez" });
  }
})();

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

console.log(`\nRender + enqueue ${MESSAGES} messages across ${LANGUAGE_TAGS.length} locales (file database)\n`);
console.log(`bare i18next t():        ${((baseline.cpu / MESSAGES) * 1000).toFixed(2)} µs CPU per message`);
console.log(
  `render + enqueue:        ${((subject.cpu / MESSAGES) * 1000).toFixed(2)} µs CPU per message (${(subject.wall / 1000).toFixed(2)} s wall)`,
);
console.log(`ratio (enqueue / t()):   ${(subject.cpu / baseline.cpu).toFixed(1)}×`);
done();
