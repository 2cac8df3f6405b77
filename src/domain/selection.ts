import type { SelectionFlag } from "./program-models";
import { seededRandom } from "./random";

export type Candidate = { familyId: string; flags: SelectionFlag[]; visitedBefore: boolean };

/**
 * Who to visit: a reproducible random draw. The same seed and the same candidates give the
 * same households, so a coordinator (or an evaluator) can re-run and check a draw. Candidates
 * are sorted by id first, so the database's row order cannot change the result.
 *   - `excludeVisitedBefore` (HVP: different students each year) drops earlier years' households;
 *   - `prioritize` (HOME WORKS! only — services refuse it elsewhere) draws flagged households
 *     first, then the rest, each group in seeded random order;
 *   - `count` null means everyone (universal).
 */
export function drawHouseholds(
  candidates: Candidate[],
  options: { seed: string; count: number | null; excludeVisitedBefore: boolean; prioritize: SelectionFlag[] },
): string[] {
  const random = seededRandom(options.seed);
  const eligible = candidates
    .filter((c) => !(options.excludeVisitedBefore && c.visitedBefore))
    .sort((a, b) => a.familyId.localeCompare(b.familyId));
  const shuffle = (items: Candidate[]) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const flagged = options.prioritize.length
    ? eligible.filter((c) => c.flags.some((f) => options.prioritize.includes(f)))
    : [];
  const rest = eligible.filter((c) => !flagged.includes(c));
  const ordered = [...shuffle(flagged), ...shuffle(rest)];
  return ordered.slice(0, options.count ?? ordered.length).map((c) => c.familyId);
}
