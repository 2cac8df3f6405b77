import type { ServiceContext } from "../../context";
import type { Family } from "../../schemas/families";
import { queueAccessAudit } from "../audit";
import { loadFamilyViews, requireFamilyInScope } from "../queries";

/** One family in the actor's scope (404 otherwise). Viewing family data is audited. */
export async function getFamily(ctx: ServiceContext, familyId: string): Promise<Family> {
  const family = await requireFamilyInScope(ctx, familyId);
  const [view] = await loadFamilyViews(ctx.deps.db, [family], ctx.deps.clock.now());
  queueAccessAudit(ctx, { action: "family.view", subjectType: "family", subjectId: family.id });
  return view!;
}
