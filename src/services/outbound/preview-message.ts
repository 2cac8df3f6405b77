import type { ServiceContext } from "../../context";
import { ValidationError } from "../../errors";
import { prepareOutbound } from "../../messaging/enqueue";
import { isTemplateKey } from "../../messaging/templates/catalog";
import { requireFamilyInScope } from "../queries";
import { TranslationUnavailable } from "../translation";
import { composeOutbound } from "./send-message";

/**
 * Exactly what the family would get — recipient, channel, language, text and segment cost —
 * without writing anything. The compose form calls it as the educator types (`translate: false`:
 * no engine is paid per keystroke) and with translation when they press Preview: then free text
 * comes back in the family's language, the cost counted on the translated text, for the teacher
 * to read, edit or set aside before sending. An engine that cannot translate is said, not hidden.
 */
export async function previewMessage(
  ctx: ServiceContext,
  input: {
    familyId: string;
    templateKey: string;
    body?: string;
    channel?: "auto" | "sms" | "email";
    translate?: boolean;
    sourceLanguage?: string;
  },
) {
  const family = await requireFamilyInScope(ctx, input.familyId);
  if (!isTemplateKey(input.templateKey)) throw new ValidationError({ templateKey: "is not a template" });
  const educatorId = ctx.actor.type === "educator" ? ctx.actor.educatorId : null;
  const personal = input.templateKey === "personal";
  const body = input.body?.trim();
  if (!personal || !body || !input.translate) {
    const { summary, preview } = await prepareOutbound(ctx.deps, {
      familyId: family.id,
      educatorId,
      templateKey: input.templateKey,
      params: personal ? { body: body || "…" } : {},
      requestedChannel: input.channel ?? "auto",
    });
    return { ...summary, ...preview, translation: null, translationError: null, notTranslated: false };
  }
  try {
    const { summary, preview, version, sourceLanguage } = await composeOutbound(ctx, {
      familyId: family.id,
      educatorId,
      templateKey: "personal",
      params: { body },
      channel: input.channel ?? "auto",
      translate: true,
      sourceLanguage: input.sourceLanguage,
    });
    const translated = version && version.status === "done" ? version : null;
    return {
      ...summary,
      ...preview,
      translation: translated ? { text: translated.text, engine: translated.engine, sourceLanguage } : null,
      translationError: null,
      notTranslated: version?.reason === "not_configured",
    };
  } catch (error) {
    if (!(error instanceof TranslationUnavailable)) throw error;
    const { summary, preview } = await prepareOutbound(ctx.deps, {
      familyId: family.id,
      educatorId,
      templateKey: "personal",
      params: { body },
      requestedChannel: input.channel ?? "auto",
    });
    return {
      ...summary,
      ...preview,
      translation: null,
      translationError: { failure: error.failure, language: error.language, reason: error.reason },
      notTranslated: false,
    };
  }
}
