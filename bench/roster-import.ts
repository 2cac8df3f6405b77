/**
 * 10,000 students with 15,000 guardians (OneRoster CSV, one school) imported into a fresh file
 * database: dry run, commit, and re-import of the same file. Baseline in the same run: just
 * parsing the four CSVs with csv-parse (sync, in one go). The import itself parses in slices
 * with turns of the event loop between them, so its wall time includes those turns (and, on a
 * busy machine, whatever else ran): compare CPU. Run on one core: `taskset -c 0 npx tsx bench/roster-import.ts`.
 */
import { parse } from "csv-parse/sync";
import { schools } from "../db/schema";
import { importRoster } from "../src/services/roster";
import { ensureDeploymentDistrict } from "../src/services/schools";
import { benchDeps } from "./support";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 10_000);
const { deps, done } = await benchDeps("roster");
const now = new Date();
const districtId = await ensureDeploymentDistrict(deps.db, "America/Chicago", now);
await deps.db.insert(schools).values({
  id: "sch_bench",
  districtId,
  name: "Bench Elementary",
  timezone: "America/Chicago",
  programModel: "pthv",
  externalId: "school-1",
});

const header =
  "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,metadata.language,metadata.channel";
const users: string[] = [header];
const enrollments: string[] = [
  "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
];
const classes: string[] = [
  "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
];
for (let c = 0; c < 400; c++) {
  classes.push(`c${c},active,2026-08-01,Class ${c},03,,C${c},homeroom,,school-1,,,,`);
  users.push(`t${c},active,2026-08-01,true,school-1,teacher,,,Teacher,${c},,,t${c}@bench.example.org,,,,,,,`);
  enrollments.push(`et${c},active,2026-08-01,c${c},school-1,t${c},teacher,true,,`);
}
// 7,500 households, each with two guardians (15,000); every third has two children (10,000).
const AREAS = [217, 312, 630, 773];
let guardians = 0;
let studentCount = 0;
const langs = ["es", "vi", "ar", "so", "hmn", "en", "zh-Hans"];
for (let h = 0; studentCount < STUDENTS; h++) {
  const gIds = [`g${h}a`, `g${h}b`];
  for (const g of gIds) {
    const n = guardians++;
    const phone = `+1${AREAS[Math.floor(n / 10000) % AREAS.length]}555${String(n % 10000).padStart(4, "0")}`;
    users.push(
      `${g},active,2026-08-01,true,school-1,parent,,,Parent,H${h},,,${g}@families.example.org,${phone},,,,,${langs[h % langs.length]},sms`,
    );
  }
  const kids = h % 3 === 0 ? 2 : 1;
  for (let k = 0; k < kids && studentCount < STUDENTS; k++, studentCount++) {
    const s = `s${h}_${k}`;
    users.push(`${s},active,2026-08-01,true,school-1,student,,,Kid${k},H${h},,,,,,"${gIds.join(",")}",03,,,`);
    enrollments.push(`e${s},active,2026-08-01,c${(h + k) % 400},school-1,${s},student,false,,`);
  }
}
const files = {
  "orgs.csv":
    "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nschool-1,active,2026-08-01,Bench Elementary,school,B,\n",
  "users.csv": users.join("\n"),
  "classes.csv": classes.join("\n"),
  "enrollments.csv": enrollments.join("\n"),
};
const ctx = { deps, actor: { type: "api_token" as const, role: "district_admin" as const, districtId } };

async function timed<T>(fn: () => Promise<T> | T) {
  // The longest the event loop was held in one go while this ran (what a /healthz would wait).
  let last = performance.now();
  let held = 0;
  const monitor = setInterval(() => {
    const now = performance.now();
    held = Math.max(held, now - last);
    last = now;
  }, 0);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  clearInterval(monitor);
  held = Math.max(held, performance.now() - last);
  return { result, wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6, held };
}

const baseline = await timed(() => Object.values(files).map((text) => parse(text, { columns: true })));
const dry = await timed(() => importRoster(ctx, { format: "oneroster", files, commit: false }));
const commit = await timed(() => importRoster(ctx, { format: "oneroster", files, commit: true }));
const again = await timed(() => importRoster(ctx, { format: "oneroster", files, commit: true }));

const r = commit.result;
// A commit refused for rows not imported would write nothing and time nothing: stop instead.
if (!r.committed || r.notImported > 0 || dry.result.notImported > 0)
  throw new Error(`the bench roster did not import cleanly: ${r.notImported} rows not imported`);
console.log(
  `\nRoster import: ${r.students.created} students, ${r.contacts.created} guardians, ${r.families.created} households, ${r.educators.created} teachers\n`,
);
console.log(`baseline (csv-parse only)  ${baseline.wall.toFixed(2)} s wall, ${baseline.cpu.toFixed(2)} s CPU`);
console.log(
  `dry run                    ${dry.wall.toFixed(2)} s wall, ${dry.cpu.toFixed(2)} s CPU  (${(dry.cpu / baseline.cpu).toFixed(1)}× baseline)`,
);
console.log(
  `commit                     ${commit.wall.toFixed(2)} s wall, ${commit.cpu.toFixed(2)} s CPU  (${(commit.cpu / baseline.cpu).toFixed(1)}× baseline)`,
);
console.log(`longest hold of the event loop: dry run ${dry.held.toFixed(0)} ms, commit ${commit.held.toFixed(0)} ms`);
console.log(
  `commit per student         ${((commit.cpu / r.students.created) * 1e6).toFixed(0)} µs CPU; goal (issue 19): commit of 10k students ≤ 3 s`,
);
console.log(
  `re-import (no changes)     ${again.wall.toFixed(2)} s wall, ${again.cpu.toFixed(2)} s CPU; changed: ${again.result.students.updated + again.result.students.created}`,
);
done();
