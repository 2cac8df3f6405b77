import { AppError } from "../../errors";
import { type Pacer, pacer } from "./pace";

const MiB = 1024 * 1024;

/**
 * What a roster upload may be (docs/roster.md). A district of 100,000 students with two
 * guardians each makes a users.csv of about 45 MiB, so these leave room for real files while a
 * zip bomb — 128 KB that inflates to gigabytes — is stopped after at most `fileBytes`.
 */
export const UPLOAD_LIMITS = {
  /** The request body, and a .zip or .csv as uploaded (compressed, for a zip). */
  uploadBytes: 32 * MiB,
  /** One file once inflated. */
  fileBytes: 64 * MiB,
  /** All files of one upload once inflated. */
  totalBytes: 128 * MiB,
  /** Entries in a zip (OneRoster defines 13 files; a few more for folders and notes). */
  zipEntries: 32,
};

export const ONE_ROSTER_FILES = ["orgs.csv", "users.csv", "classes.csv", "enrollments.csv", "demographics.csv"];

/**
 * Compressed bytes handed to the inflater at a time: at most ~1 MiB out even at DEFLATE's
 * maximum ratio (1032:1), a few ms; 4 KiB pushes were measured holding the loop 17–34 ms.
 */
const PUSH_BYTES = 1024;
/** Inflated bytes between turns of the event loop: about 1–2 ms of work on the reference machine. */
const INFLATE_SLICE_BYTES = 1 * MiB;

/** 413 naming the limit passed: "users.csv inflates to more than 64 MiB; the most … is 64 MiB per file". */
export const tooLarge = (what: string, limit: number) => {
  const scope =
    limit === UPLOAD_LIMITS.uploadBytes
      ? "for the upload as sent"
      : limit === UPLOAD_LIMITS.totalBytes
        ? "for all files together"
        : "per file";
  return new AppError("too_large", `${what}; the most a roster upload may be is ${limit / MiB} MiB ${scope}`, {
    subcode: "upload_too_large",
    fields: { files: `over the ${limit / MiB} MiB limit ${scope}` },
  });
};

/**
 * A OneRoster .zip → its CSVs as byte chunks, inflated a few KiB of input at a time with a turn
 * of the event loop every MiB of output, and stopped as soon as a file, the whole upload or
 * the entry count passes UPLOAD_LIMITS (a size the zip declares is checked before inflating,
 * and the real size is counted, since a crafted zip can declare anything). fflate's streaming
 * Unzip: plain JS, so the same code runs on Node and in a Worker.
 */
export async function readRosterZip(
  zip: Uint8Array,
  pace: Pacer = pacer(INFLATE_SLICE_BYTES),
): Promise<Record<string, Uint8Array[]>> {
  if (zip.byteLength > UPLOAD_LIMITS.uploadBytes)
    throw tooLarge(`the .zip is ${(zip.byteLength / MiB).toFixed(1)} MiB`, UPLOAD_LIMITS.uploadBytes);
  const files: Record<string, Uint8Array[]> = {};
  let entries = 0;
  let total = 0;
  let inflated = 0;
  let failure: AppError | null = null;
  const fail = (error: AppError) => {
    failure ??= error;
  };
  // Loaded on the first zip, not at start-up: fflate builds its Huffman tables when its module
  // is evaluated, a cost every cold start of the Worker would otherwise pay (bench/cold-start.ts).
  const { Unzip, UnzipInflate } = await import("fflate");
  const unzip = new Unzip((file) => {
    entries++;
    if (entries > UPLOAD_LIMITS.zipEntries) {
      fail(
        new AppError("invalid_request", `the .zip has more than ${UPLOAD_LIMITS.zipEntries} entries`, {
          fields: { files: `a roster .zip may hold at most ${UPLOAD_LIMITS.zipEntries} entries` },
        }),
      );
      return;
    }
    const name = file.name.split("/").pop()!;
    // Only the CSVs OneRoster defines are read; anything else is never inflated.
    if (!ONE_ROSTER_FILES.includes(name) || file.name.startsWith("__MACOSX/")) return;
    if (files[name]) {
      fail(new AppError("invalid_request", `the .zip holds ${name} twice`, { fields: { files: `${name} twice` } }));
      return;
    }
    if (file.originalSize !== undefined && file.originalSize > UPLOAD_LIMITS.fileBytes) {
      fail(tooLarge(`${name} would inflate to ${(file.originalSize / MiB).toFixed(0)} MiB`, UPLOAD_LIMITS.fileBytes));
      return;
    }
    const chunks: Uint8Array[] = [];
    files[name] = chunks;
    let size = 0;
    file.ondata = (error, data) => {
      if (failure) return;
      if (error) {
        fail(
          new AppError("invalid_request", `${name} in the .zip cannot be read`, { fields: { files: error.message } }),
        );
        return;
      }
      size += data.byteLength;
      total += data.byteLength;
      inflated += data.byteLength;
      if (size > UPLOAD_LIMITS.fileBytes)
        return fail(
          tooLarge(`${name} inflates to more than ${UPLOAD_LIMITS.fileBytes / MiB} MiB`, UPLOAD_LIMITS.fileBytes),
        );
      if (total > UPLOAD_LIMITS.totalBytes)
        return fail(
          tooLarge(`the .zip inflates to more than ${UPLOAD_LIMITS.totalBytes / MiB} MiB`, UPLOAD_LIMITS.totalBytes),
        );
      chunks.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < zip.byteLength && !failure; at += PUSH_BYTES) {
    const end = Math.min(at + PUSH_BYTES, zip.byteLength);
    try {
      unzip.push(zip.subarray(at, end), end === zip.byteLength);
    } catch (error) {
      fail(
        new AppError("invalid_request", "the .zip cannot be read", {
          fields: { files: error instanceof Error ? error.message : "not a zip file" },
        }),
      );
    }
    await pace(inflated + (end - at));
    inflated = 0;
  }
  if (failure) throw failure;
  return files;
}
