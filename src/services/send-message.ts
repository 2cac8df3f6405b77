import { and, eq } from "drizzle-orm";
import { auditLog, educators } from "../../db/schema";
import type { ServiceContext } from "../context";
import { ValidationError } from "../errors";
import { type OutboundSummary, prepareOutbound } from "../messaging/enqueue";
import { isTemplateKey, TEMPLATES, type TemplateKey } from "../messaging/templates/catalog";
import { fieldsFromZod } from "../routes/api/validation";
import type { SendMessageInput } from "../schemas/messages";
import { auditRow } from "./record-audit";
import { requireFamilyInScope } from "./scope";

/**
 * An educator sends a message to a family: a template (with parameters) or free text.
 * The message and its outbox row are written in one batch; nothing talks to a provider here
 * (the route kicks the dispatcher after the response). Sends are audited.
 */
export async function sendMessage(ctx: ServiceContext, input: SendMessageInput): Promise<OutboundSummary> {
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

  const { statements, summary } = await prepareOutbound(ctx.deps, {
    familyId: family.id,
    educatorId: input.educatorId,
    templateKey,
    params: parsed.data as Record<string, unknown>,
    requestedChannel: input.channel,
    visitId: input.visitId,
  });
  const now = clock.now();
  await db.batch([
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "message.send",
        subjectType: "family",
        subjectId: family.id,
        detail: { messageId: summary.id, templateKey, channel: summary.channel, status: summary.status },
      }),
    ),
    ...statements,
  ]);
  return summary;
}

function pickTemplate(input: SendMessageInput): TemplateKey {
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
