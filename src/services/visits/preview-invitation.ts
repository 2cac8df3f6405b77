import { and, eq } from "drizzle-orm";
import { educators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { prepareOutbound } from "../../messaging/enqueue";
import { requireFamilyInScope } from "../queries";

/**
 * What the invitation will read and cost before it is sent: the chosen times in the family's
 * language, with a link as long as the real one so the segment count is honest, and the pair
 * named as the sent email will name them. A partner who is not an active educator of the
 * family's school is left out of the preview (sending refuses them with the reason). Nothing is
 * written.
 */
export async function previewInvitation(
  ctx: ServiceContext,
  input: { familyId: string; slots: (string | null)[]; partnerId?: string },
) {
  const family = await requireFamilyInScope(ctx, input.familyId);
  const educatorId = ctx.actor.type === "educator" ? ctx.actor.educatorId : null;
  const [partner] = input.partnerId
    ? await ctx.deps.db
        .select({ id: educators.id })
        .from(educators)
        .where(
          and(eq(educators.id, input.partnerId), eq(educators.schoolId, family.schoolId), eq(educators.active, true)),
        )
    : [];
  const pair = [educatorId, partner?.id].filter((id): id is string => Boolean(id));
  const { summary, preview } = await prepareOutbound(ctx.deps, {
    familyId: family.id,
    educatorId,
    templateKey: "visit_invitation",
    params: { times: input.slots.filter(Boolean), link: `${ctx.deps.config.publicBaseUrl}/f/XXXXXXXXXXXX` },
    ...(pair.length === 2 ? { visitEducatorIds: pair } : {}),
  });
  return { ...summary, ...preview, translation: null, translationError: null };
}
