import { unzipSync } from "fflate";
import { ValidationError } from "../../errors";
import type { ImportInput } from "./import-roster";

const ONE_ROSTER_FILES = ["orgs.csv", "users.csv", "classes.csv", "enrollments.csv", "demographics.csv"];

/**
 * Uploaded files → an import: a OneRoster .zip, the OneRoster CSVs themselves (by name), or one
 * spreadsheet .csv (with a school). Works on Node and Workers (fflate is plain JS).
 */
export async function importInputFromUpload(
  uploads: File[],
  options: { schoolId?: string; commit: boolean; language?: string; channel?: string },
): Promise<ImportInput> {
  const defaults = {
    language: options.language || undefined,
    channel:
      options.channel === "email" ? ("email" as const) : options.channel === "sms" ? ("sms" as const) : undefined,
  };
  const zip = uploads.find((f) => f.name.toLowerCase().endsWith(".zip"));
  if (zip) {
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const files = Object.fromEntries(
      Object.entries(entries)
        .map(([name, bytes]) => [name.split("/").pop()!, new TextDecoder().decode(bytes)] as const)
        .filter(([name]) => ONE_ROSTER_FILES.includes(name)),
    );
    return { format: "oneroster", files, commit: options.commit, defaults };
  }
  const named = uploads.filter((f) => ONE_ROSTER_FILES.includes(f.name));
  if (named.length > 0) {
    return {
      format: "oneroster",
      files: Object.fromEntries(await Promise.all(named.map(async (f) => [f.name, await f.text()] as const))),
      commit: options.commit,
      defaults,
    };
  }
  const sheet = uploads.find((f) => f.name.toLowerCase().endsWith(".csv"));
  if (!sheet) throw new ValidationError({ file: "upload a OneRoster .zip or its CSV files, or the spreadsheet .csv" });
  if (!options.schoolId) throw new ValidationError({ schoolId: "is required for a spreadsheet import" });
  return {
    format: "spreadsheet",
    text: await sheet.text(),
    schoolId: options.schoolId,
    commit: options.commit,
    defaults,
  };
}
