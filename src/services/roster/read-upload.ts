import { ValidationError } from "../../errors";
import type { ImportInput } from "./import-roster";
import { ONE_ROSTER_FILES, readRosterZip, tooLarge, UPLOAD_LIMITS } from "./read-zip";

/**
 * Uploaded files → an import: a OneRoster .zip, the OneRoster CSVs themselves (by name), or one
 * spreadsheet .csv (with a school). Works on Node and Workers (fflate is plain JS). Sizes are
 * checked against UPLOAD_LIMITS before anything is read; the route caps the body itself.
 */
export async function importInputFromUpload(
  uploads: File[],
  options: {
    schoolId?: string;
    commit: boolean;
    acceptErrors?: boolean;
    language?: string;
    channel?: string;
    timezone?: string;
  },
): Promise<ImportInput> {
  const common = {
    commit: options.commit,
    acceptErrors: options.acceptErrors,
    defaults: {
      language: options.language || undefined,
      channel:
        options.channel === "email" ? ("email" as const) : options.channel === "sms" ? ("sms" as const) : undefined,
    },
  };
  let total = 0;
  for (const f of uploads) {
    total += f.size;
    if (!f.name.toLowerCase().endsWith(".zip") && f.size > UPLOAD_LIMITS.fileBytes)
      throw tooLarge(`${f.name} is ${(f.size / 1024 / 1024).toFixed(1)} MiB`, UPLOAD_LIMITS.fileBytes);
  }
  if (total > UPLOAD_LIMITS.uploadBytes)
    throw tooLarge(`the upload is ${(total / 1024 / 1024).toFixed(1)} MiB`, UPLOAD_LIMITS.uploadBytes);
  const bytes = async (f: File) => [new Uint8Array(await f.arrayBuffer())];

  const zip = uploads.find((f) => f.name.toLowerCase().endsWith(".zip"));
  if (zip) {
    return {
      ...common,
      format: "oneroster",
      files: await readRosterZip(new Uint8Array(await zip.arrayBuffer())),
      timezone: options.timezone,
    };
  }
  const named = uploads.filter((f) => ONE_ROSTER_FILES.includes(f.name));
  if (named.length > 0) {
    return {
      ...common,
      format: "oneroster",
      files: Object.fromEntries(await Promise.all(named.map(async (f) => [f.name, await bytes(f)] as const))),
      timezone: options.timezone,
    };
  }
  const sheet = uploads.find((f) => f.name.toLowerCase().endsWith(".csv"));
  if (!sheet) throw new ValidationError({ file: "upload a OneRoster .zip or its CSV files, or the spreadsheet .csv" });
  if (!options.schoolId) throw new ValidationError({ schoolId: "is required for a spreadsheet import" });
  return { ...common, format: "spreadsheet", text: await bytes(sheet), schoolId: options.schoolId };
}
