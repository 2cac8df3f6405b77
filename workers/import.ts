/**
 * `npm run import -- <path> [--commit] [--json] [--school <id>] [--language es] [--channel sms] [--model hvp]`
 *   <path>: a OneRoster 1.1 folder or .zip, or a spreadsheet .csv (needs --school).
 * A dry run unless --commit. Runs as the deployment's district admin against DATABASE_URL.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { unzipSync } from "fflate";
import { migrateDatabase } from "../db/migrate-node";
import { loadConfig, nodeEnvironment } from "../src/config";
import { buildDeps } from "../src/deps";
import { deploymentDistrictId } from "../src/services/district";
import { importRoster } from "../src/services/roster/import-roster";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    commit: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    school: { type: "string" },
    language: { type: "string" },
    channel: { type: "string" },
    model: { type: "string" },
  },
});
const path = positionals[0];
if (!path) {
  console.error("Usage: npm run import -- <oneroster folder|.zip|spreadsheet.csv> [--commit] [--json] [--school <id>]");
  process.exit(2);
}

const deps = await buildDeps(loadConfig(nodeEnvironment()));
await migrateDatabase(deps.db);
const ctx = {
  deps,
  actor: {
    type: "api_token" as const,
    role: "district_admin" as const,
    districtId: await deploymentDistrictId(deps.db),
  },
};
const defaults = {
  language: values.language,
  channel: values.channel === "email" ? ("email" as const) : values.channel === "sms" ? ("sms" as const) : undefined,
};

const result = path.endsWith(".csv")
  ? await importRoster(ctx, {
      format: "spreadsheet",
      text: readFileSync(path, "utf8"),
      schoolId: values.school ?? "",
      commit: values.commit,
      defaults,
    })
  : await importRoster(ctx, {
      format: "oneroster",
      files: readOneRoster(path),
      commit: values.commit,
      defaults,
      programModel: ["pthv", "homeworks", "ptlt", "hvp"].includes(values.model ?? "")
        ? (values.model as "pthv")
        : undefined,
    });

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(values.commit ? "Imported:" : "Dry run (nothing written; add --commit to apply):");
  for (const kind of ["schools", "educators", "families", "contacts", "students"] as const) {
    const r = result[kind];
    console.log(
      `  ${kind.padEnd(10)} ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.deactivated} deactivated`,
    );
    for (const e of r.errors) console.log(`    ${e.file}:${e.line}  ${e.message}`);
  }
}
deps.close();

/** A folder of CSVs, or a .zip of them (only the CSV names OneRoster defines are read). */
function readOneRoster(p: string): Record<string, string> {
  if (p.endsWith(".zip")) {
    const entries = unzipSync(readFileSync(p));
    return Object.fromEntries(
      Object.entries(entries)
        .filter(([n]) => n.endsWith(".csv"))
        .map(([n, bytes]) => [basename(n), new TextDecoder().decode(bytes)]),
    );
  }
  if (!statSync(p).isDirectory()) throw new Error(`${p} is not a folder, a .zip or a .csv`);
  return Object.fromEntries(
    readdirSync(p)
      .filter((n) => n.endsWith(".csv"))
      .map((n) => [n, readFileSync(join(p, n), "utf8")]),
  );
}
