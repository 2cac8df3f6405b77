import { and, eq } from "drizzle-orm";
import { auditLog, educators, messageTranslations } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { derivedId } from "../../domain/ids";
import { fieldsFromZod, ValidationError } from "../../errors";
import { type OutboundSummary, prepareOutbound } from "../../messaging/enqueue";
import { isTemplateKey, TEMPLATES, type TemplateKey } from "../../messaging/templates/catalog";
import type { SendMessageInput } from "../../schemas/messages";
import { auditRow } from "../audit";
import { requireFamilyInScope } from "../queries";
import { type FamilyVersion, protectedNamesOf, translateForFamily } from "../translation";

export type SentMessage = OutboundSummary & {
  original: string | null;
  body: string;
  translation: {
    status: FamilyVersion["status"];
    sourceLanguage: string;
    targetLanguage: string;
    engine: string | null;
  } | null;
};

/**
 * An educator sends a message to a family: a template (with parameters) or free text. Free
 * text written in another language than the family's is machine-translated first (or sent as
 * the teacher reviewed it, or as written when they chose so); the family gets it in their
 * language, and staff keep what the teacher wrote beside it. The message, its outbox row and its
 * translation are written in one batch; nothing talks to a messaging provider here (the route
 * kicks the dispatcher after the response). Sends are audited.
 */
export async function sendMessage(
  ctx: ServiceContext,
  input: Omit<SendMessageInput, "translate"> & { translate?: boolean },
): Promise<SentMessage> {
  const family = await requireFamilyInScope(ctx, input.familyId);
  const { db, clock } = ctx.deps;
  await requireSender(ctx, input.educatorId, family.schoolId);

  const templateKey = pickTemplate(input);
  const params = templateKey === "personal" ? { body: input.body, ...input.params } : (input.params ?? {});
  const parsed = TEMPLATES[templateKey].params.safeParse(params);
  if (!parsed.success) {
    const fields = Object.fromEntries(
      Object.entries(fieldsFromZod(parsed.error)).map(([k, v]) => [k === "body" ? "body" : `params.${k}`, v]),
    );
    throw new ValidationError(fields);
  }
  if (input.translatedBody !== undefined && templateKey !== "personal") {
    throw new ValidationError({ translatedBody: "only goes with free text" });
  }
  const sendAt = scheduledTime(input.sendAt, clock.now());

  const outbound = await composeOutbound(ctx, {
    familyId: family.id,
    educatorId: input.educatorId,
    templateKey,
    params: parsed.data as Record<string, unknown>,
    channel: input.channel,
    visitId: input.visitId,
    translate: input.translate ?? true,
    sourceLanguage: input.sourceLanguage,
    translatedBody: input.translatedBody,
    sendAt,
  });
  const { statements, summary, version, sourceLanguage } = outbound;
  const now = clock.now();
  const translationRow =
    version && version.status !== "same_language"
      ? [
          db.insert(messageTranslations).values({
            id: derivedId("trn", `${summary.id}:to_family`),
            messageId: summary.id,
            direction: "to_family",
            sourceLanguage,
            targetLanguage: summary.language,
            original: input.body ?? null,
            text: version.text,
            machineText: version.machineText,
            engine: version.engine,
            model: version.model,
            status: version.status,
            statusReason: version.reason,
            chars: 0,
            createdAt: now,
            updatedAt: now,
          }),
        ]
      : [];
  await db.batch([
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "message.send",
        subjectType: "family",
        subjectId: family.id,
        detail: {
          messageId: summary.id,
          templateKey,
          channel: summary.channel,
          status: summary.status,
          ...(sendAt ? { sendAt: sendAt.toISOString() } : {}),
          ...(version ? { translation: version.status, engine: version.engine } : {}),
        },
      }),
    ),
    ...statements,
    ...translationRow,
  ]);
  return {
    ...summary,
    original: templateKey === "personal" ? (input.body ?? null) : null,
    body: outbound.preview.body,
    translation:
      version && version.status !== "same_language"
        ? { status: version.status, sourceLanguage, targetLanguage: summary.language, engine: version.engine }
        : null,
  };
}

/**
 * The outbound rows and preview of a message, free text in the family's language. For free text
 * the recipient's language is resolved first (a preparation that writes nothing), the body is
 * translated into it, and the message is prepared again with the translation, so its segment
 * count and encoding are the translated text's (UCS-2 for Vietnamese, 70 a segment).
 */
export async function composeOutbound(
  ctx: ServiceContext,
  request: {
    familyId: string;
    educatorId: string | null;
    templateKey: TemplateKey;
    params: Record<string, unknown>;
    channel: "auto" | "sms" | "email";
    visitId?: string;
    translate: boolean;
    sourceLanguage?: string;
    translatedBody?: string;
    sendAt?: Date;
  },
) {
  const prepare = (params: Record<string, unknown>) =>
    prepareOutbound(ctx.deps, {
      familyId: request.familyId,
      educatorId: request.educatorId,
      templateKey: request.templateKey,
      params,
      requestedChannel: request.channel,
      visitId: request.visitId,
      sendAt: request.sendAt,
    });
  const sourceLanguage = request.sourceLanguage ?? ctx.deps.config.translation.staffLanguage;
  const first = await prepare(request.params);
  const body = request.params.body;
  if (request.templateKey !== "personal" || typeof body !== "string") {
    return { ...first, version: null, sourceLanguage };
  }
  const names = (await protectedNamesOf(ctx.deps.db, [request.familyId])).get(request.familyId) ?? [];
  const version = await translateForFamily(ctx.deps, {
    body,
    from: sourceLanguage,
    to: first.summary.language,
    translate: request.translate,
    reviewed: request.translatedBody ? { text: request.translatedBody, machineText: null } : undefined,
    names,
  });
  if (version.status === "same_language" || version.status === "as_written") {
    return { ...first, version, sourceLanguage };
  }
  const translated = await prepare({ ...request.params, body: version.text });
  return { ...translated, version, sourceLanguage };
}

/** How far ahead a message may be scheduled: a school term's worth of forgetting is too far. */
const MAX_SCHEDULE_DAYS = 60;

/** A scheduled send's time: in the future (a minute at least) and within 60 days; none: send now. */
function scheduledTime(sendAt: string | undefined, now: Date): Date | undefined {
  if (sendAt === undefined) return undefined;
  const at = new Date(sendAt);
  if (Number.isNaN(at.getTime())) throw new ValidationError({ sendAt: "is not a date and time" });
  if (at.getTime() < now.getTime() + 60_000) throw new ValidationError({ sendAt: "must be later than now" });
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) {
    throw new ValidationError({ sendAt: `must be within ${MAX_SCHEDULE_DAYS} days` });
  }
  return at;
}

function pickTemplate(input: Pick<SendMessageInput, "templateKey" | "body">): TemplateKey {
  if (input.templateKey && input.body !== undefined && input.templateKey !== "personal") {
    throw new ValidationError({ body: "only goes with free text (templateKey personal or none)" });
  }
  if (!input.templateKey && input.body === undefined) {
    throw new ValidationError({ body: "is required unless a templateKey is given" });
  }
  const key = input.templateKey ?? "personal";
  if (!isTemplateKey(key)) throw new ValidationError({ templateKey: "is not a template" });
  return key;
}

/** Educators send as themselves; the API token may name any active educator of the school. */
async function requireSender(ctx: ServiceContext, educatorId: string, schoolId: string) {
  if (ctx.actor.type === "educator" && ctx.actor.educatorId !== educatorId) {
    throw new ValidationError({ educatorId: "must be your own educator id" });
  }
  const [educator] = await ctx.deps.db
    .select({ id: educators.id })
    .from(educators)
    .where(and(eq(educators.id, educatorId), eq(educators.schoolId, schoolId), eq(educators.active, true)));
  if (!educator) throw new ValidationError({ educatorId: "is not an educator of this family's school" });
}
