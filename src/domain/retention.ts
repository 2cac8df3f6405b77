/** How long a district keeps each kind of personal data (below); {} = the defaults. */
export type RetentionSettings = {
  messageYears?: number;
  hopesAndDreams?: "end_of_school_year" | "keep";
  translationCacheDays?: number;
  auditYears?: number;
};

/**
 * A district's retention schedule, with the defaults a district gets until an admin sets its
 * own. The defaults are deliberately long (records schedules for correspondence commonly run
 * 3–7 years): a new deployment must never lose records by surprise.
 */
export type RetentionSchedule = {
  /** Message bodies, addresses and translations are erased this many years after the message. */
  messageYears: number;
  /** Hopes-and-dreams notes (visits.private_notes): erased once the visit's school year ends, or kept. */
  hopesAndDreams: "end_of_school_year" | "keep";
  /** Translation-cache entries not used for this many days are deleted. */
  translationCacheDays: number;
  /** Audit entries are deleted this many years after they were written. */
  auditYears: number;
};

export const RETENTION_DEFAULTS: RetentionSchedule = {
  messageYears: 5,
  hopesAndDreams: "end_of_school_year",
  translationCacheDays: 90,
  auditYears: 7,
};

/** Bounds an admin may choose within: long enough to be useful, short enough to be a schedule. */
export const RETENTION_LIMITS = {
  messageYears: { min: 1, max: 20 },
  translationCacheDays: { min: 1, max: 3650 },
  auditYears: { min: 1, max: 20 },
} as const;

export function retentionSchedule(settings: RetentionSettings | null | undefined): RetentionSchedule {
  return { ...RETENTION_DEFAULTS, ...(settings ?? {}) };
}

/** A form's or an API body's values → a schedule, or the fields that are wrong and why. */
export function parseRetention(
  input: Record<string, unknown>,
): { ok: true; schedule: RetentionSchedule } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const whole = (name: keyof typeof RETENTION_LIMITS): number => {
    const raw = input[name];
    const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    const { min, max } = RETENTION_LIMITS[name];
    if (!Number.isInteger(n) || n < min || n > max) fields[name] = `must be a whole number from ${min} to ${max}`;
    return n;
  };
  const messageYears = whole("messageYears");
  const translationCacheDays = whole("translationCacheDays");
  const auditYears = whole("auditYears");
  const hopes = input.hopesAndDreams;
  if (hopes !== "end_of_school_year" && hopes !== "keep") fields.hopesAndDreams = "must be end_of_school_year or keep";
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    schedule: {
      messageYears,
      hopesAndDreams: hopes as RetentionSchedule["hopesAndDreams"],
      translationCacheDays,
      auditYears,
    },
  };
}

/** `years` calendar years before `now` (UTC): 29 Feb falls back to 28 Feb / 1 Mar as Date does. */
export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

export const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);
