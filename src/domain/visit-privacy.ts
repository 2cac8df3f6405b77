import type { Actor } from "./actor";

/**
 * Hopes and dreams are what a family told the two educators who sat in their home. DOMAIN.md
 * and issue 5: only that pair and district admins (who evaluate the program) may read them —
 * not a coordinator, not another teacher of the child, and not an API token (tokens run
 * integrations such as roster sync, which have no business with a family's words).
 */
export function mayReadHopesAndDreams(actor: Actor, pairEducatorIds: readonly string[]): boolean {
  if (actor.type !== "educator") return false;
  return actor.role === "district_admin" || pairEducatorIds.includes(actor.educatorId);
}

/**
 * The pair's post-visit evaluation is program data: the pair, the school's coordinator and
 * district admins (and API tokens, which export program data) read it; the child's other
 * teachers do not — it may describe the family.
 */
export function mayReadEvaluation(actor: Actor, pairEducatorIds: readonly string[]): boolean {
  if (actor.type !== "educator") return true;
  return actor.role !== "educator" || pairEducatorIds.includes(actor.educatorId);
}
