import { wallTimeToInstant } from "../../domain/local-time";

/** The form's 1–3 `times` inputs (datetime-local), as typed, empty ones dropped. */
export function formTimes(form: Record<string, unknown>): string[] {
  return ([] as unknown[])
    .concat(form.times ?? [])
    .map(String)
    .filter(Boolean)
    .slice(0, 3);
}

/**
 * Times typed on the family's wall clock → ISO instants for the service. A time that does not
 * exist there (the skipped hour of a DST change) becomes "", which the service names as invalid.
 */
export function familyClockToIso(times: string[], timeZone: string): string[] {
  return times.map((wall) => wallTimeToInstant(wall, timeZone)?.toISOString() ?? "");
}
