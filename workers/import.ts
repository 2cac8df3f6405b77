/**
 * `npm run import -- <path> [--commit] [--accept-errors] [--json] [--school <id>] [--language es]
 *   [--channel sms] [--model hvp] [--timezone America/Chicago]`
 *   <path>: a OneRoster 1.1 folder or .zip, or a spreadsheet .csv (needs --school).
 * A dry run unless --commit. Runs as the deployment's district admin against DATABASE_URL; on a
 * new deployment the OneRoster file's district is created (in --timezone, or the district row's
 * metadata.timezone). A commit with rows that would not be imported needs --accept-errors.
 * Exit codes: 0 done (or dry run), 1 refused (rows not imported and not accepted, or bad input).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../db/migrate-node";
import { loadConfig, nodeEnvironment } from "../src/config";
import { buildDeps } from "../src/deps";
import { AppError } from "../src/errors";
import { type ImportResult, importRoster, readRosterZip } from "../src/services/roster";
import { deploymentDistrictId } from "../src/services/schools";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    commit: { type: "boolean", default: false },
    "accept-errors": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    school: { type: "string" },
    language: { type: "string" },
    channel: { type: "string" },
    model: { type: "string" },
    timezone: { type: "string" },
  },
});
const path = positionals[0];
if (!path) {
  console.error(
    "Usage: npm run import -- <oneroster folder|.zip|spreadsheet.csv> [--commit] [--accept-errors] [--json] [--school <id>] [--model pthv|homeworks|ptlt|hvp] [--timezone <IANA zone>]",
  );
  process.exit(2);
}
if (values.model && !["pthv", "homeworks", "ptlt", "hvp"].includes(values.model)) {
  console.error(`--model "${values.model}" is not one of pthv, homeworks, ptlt, hvp`);
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
const common = {
  commit: values.commit,
  acceptErrors: values["accept-errors"],
  defaults: {
    language: values.language,
    channel: values.channel === "email" ? ("email" as const) : values.channel === "sms" ? ("sms" as const) : undefined,
  },
};

let result: ImportResult;
try {
  result = path.endsWith(".csv")
    ? await importRoster(ctx, {
        ...common,
        format: "spreadsheet",
        text: readFileSync(path, "utf8"),
        schoolId: values.school ?? "",
      })
    : await importRoster(ctx, {
        ...common,
        format: "oneroster",
        files: await readOneRoster(path),
        programModel: values.model as "pthv" | undefined,
        timezone: values.timezone,
      });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`Not imported: ${error.message}`);
  for (const [field, message] of Object.entries(error.fields ?? {})) console.error(`  ${field}: ${message}`);
  deps.close();
  process.exit(1);
}

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(
    result.committed
      ? "Imported:"
      : result.acceptanceNeeded
        ? "NOT APPLIED — nothing was written:"
        : "Dry run (nothing written; add --commit to apply):",
  );
  if (result.districtCreated)
    console.log(`  district   ${result.districtCreated.name} (${result.districtCreated.timezone}) new`);
  for (const kind of ["schools", "educators", "families", "contacts", "students"] as const) {
    const r = result[kind];
    console.log(
      `  ${kind.padEnd(10)} ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.deactivated} deactivated`,
    );
  }
  if (result.deactivations.length) {
    console.log(
      `\n${result.committed ? "Deactivated" : "An apply would deactivate"} (${result.deactivations.length}):`,
    );
    for (const d of result.deactivations)
      console.log(`  ${d.kind.padEnd(10)} ${d.name} (${d.externalId}), ${d.school}`);
  }
  if (result.notImported > 0) console.log(`\n*** ${result.notImported} rows not imported ***`);
  const errors = (["schools", "educators", "families", "contacts", "students"] as const)
    .flatMap((k) => result[k].errors)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const e of errors) console.log(`  ${e.file}:${e.line}  ${e.message}`);
  if (result.acceptanceNeeded) console.log(`\nFix those rows, or add --accept-errors to apply the rest without them.`);
}
deps.close();
if (result.acceptanceNeeded) process.exitCode = 1;

/** A folder of CSVs, or a .zip of them (read with the same limits as an upload). */
async function readOneRoster(p: string): Promise<Record<string, string | Uint8Array[]>> {
  if (p.endsWith(".zip")) return readRosterZip(new Uint8Array(readFileSync(p)));
  if (!statSync(p).isDirectory()) throw new Error(`${p} is not a folder, a .zip or a .csv`);
  return Object.fromEntries(
    readdirSync(p)
      .filter((n) => n.endsWith(".csv"))
      .map((n) => [n, readFileSync(join(p, n), "utf8")]),
  );
}
