import type { ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { prepareOutbound } from "../messaging/enqueue";
import { isTemplateKey } from "../messaging/templates/catalog";
import { requireFamilyInScope } from "./scope";

/**
 * Exactly what the family would get — recipient, channel, language, text and segment cost —
 * without writing anything. The compose form calls it as the educator types.
 */
export async function previewMessage(
  ctx: ServiceContext,
  input: { familyId: string; templateKey: string; body?: string; channel?: "auto" | "sms" | "email" },
) {
  const family = await requireFamilyInScope(ctx, input.familyId);
  if (!isTemplateKey(input.templateKey)) throw new ValidationError({ templateKey: "is not a template" });
  const { summary, preview } = await prepareOutbound(ctx.deps, {
    familyId: family.id,
    educatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
    templateKey: input.templateKey,
    params: input.templateKey === "personal" ? { body: input.body?.trim() || "…" } : {},
    requestedChannel: input.channel ?? "auto",
  });
  return { ...summary, ...preview };
}
