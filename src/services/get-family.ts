import type { ServiceContext } from "../context";
import type { Family } from "../schemas/families";
import { loadFamilyViews } from "./load-family-views";
import { queueAccessAudit } from "./record-audit";
import { requireFamilyInScope } from "./scope";

/** One family in the actor's scope (404 otherwise). Viewing family data is audited. */
export async function getFamily(ctx: ServiceContext, familyId: string): Promise<Family> {
  const family = await requireFamilyInScope(ctx, familyId);
  const [view] = await loadFamilyViews(ctx.deps.db, [family], ctx.deps.clock.now());
  queueAccessAudit(ctx, { action: "family.view", subjectType: "family", subjectId: family.id });
  return view!;
}
