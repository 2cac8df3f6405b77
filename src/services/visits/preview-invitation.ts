import type { ServiceContext } from "../../context";
import { prepareOutbound } from "../../messaging/enqueue";
import { requireFamilyInScope } from "../queries/scope";

/**
 * What the invitation text will read and cost before it is sent: the chosen times in the
 * family's language, with a link as long as the real one so the segment count is honest.
 * Nothing is written.
 */
export async function previewInvitation(ctx: ServiceContext, input: { familyId: string; slots: (string | null)[] }) {
  const family = await requireFamilyInScope(ctx, input.familyId);
  const { summary, preview } = await prepareOutbound(ctx.deps, {
    familyId: family.id,
    educatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
    templateKey: "visit_invitation",
    params: { times: input.slots.filter(Boolean), link: `${ctx.deps.config.publicBaseUrl}/f/XXXXXXXXXXXX` },
  });
  return { ...summary, ...preview, translation: null, translationError: null };
}
