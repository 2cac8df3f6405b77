import { desc, eq, inArray } from "drizzle-orm";
import { educators, messages, schools, visitEducators, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { PROGRAM_MODELS } from "../../domain/program-models";
import { NONE_WORK_REASON } from "../../domain/slot-reply";
import { mayReadHopesAndDreams } from "../../domain/visit-privacy";
import { requireFamilyInScope } from "../queries";
import { translationsOf } from "../translation";

/** The family page's timeline: visits and the most recent messages (both directions). */
export async function listFamilyActivity(ctx: ServiceContext, familyId: string, messageLimit = 30) {
  const family = await requireFamilyInScope(ctx, familyId);
  const { db } = ctx.deps;
  const [school] = await db
    .select({ programModel: schools.programModel })
    .from(schools)
    .where(eq(schools.id, family.schoolId));
  const confirmsSchedule = PROGRAM_MODELS[school!.programModel].partnerConfirmsSchedule;
  const [visitRows, messageRows] = await Promise.all([
    db
      .select({
        id: visits.id,
        schoolYear: visits.schoolYear,
        round: visits.round,
        status: visits.status,
        startsAt: visits.startsAt,
        location: visits.location,
        planChannel: visits.planChannel,
        planCadenceDays: visits.planCadenceDays,
        statusReason: visits.statusReason,
        privateNotes: visits.privateNotes,
        resourceRequests: visits.resourceRequests,
      })
      .from(visits)
      .where(eq(visits.familyId, familyId))
      .orderBy(desc(visits.createdAt)),
    db
      .select({
        id: messages.id,
        direction: messages.direction,
        kind: messages.kind,
        channel: messages.channel,
        language: messages.language,
        body: messages.body,
        status: messages.status,
        statusReason: messages.statusReason,
        occurredAt: messages.occurredAt,
        readAt: messages.readAt,
        media: messages.media,
        educatorName: educators.name,
      })
      .from(messages)
      .leftJoin(educators, eq(educators.id, messages.educatorId))
      .where(eq(messages.familyId, familyId))
      .orderBy(desc(messages.occurredAt))
      .limit(messageLimit),
  ]);
  const pairs = visitRows.length
    ? await db
        .select({
          visitId: visitEducators.visitId,
          educatorId: visitEducators.educatorId,
          role: visitEducators.role,
          confirmedAt: visitEducators.confirmedAt,
          reflection: visitEducators.reflection,
          arrangingMinutes: visitEducators.arrangingMinutes,
          conductingMinutes: visitEducators.conductingMinutes,
          debriefingMinutes: visitEducators.debriefingMinutes,
          notes: visitEducators.notes,
          name: educators.name,
        })
        .from(visitEducators)
        .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
        .where(
          inArray(
            visitEducators.visitId,
            visitRows.map((v) => v.id),
          ),
        )
    : [];
  const translations = await translationsOf(
    db,
    messageRows.map((m) => m.id),
  );
  const readerLanguages = await languagesOf(ctx);
  const reads = (language: string) => readerLanguages.includes(language);
  const pairOf = Map.groupBy(pairs, (p) => p.visitId);
  return {
    // Hopes and dreams leave this service only for the visiting pair and district admins.
    visits: visitRows.map(({ privateNotes, ...v }) => {
      const pair = pairOf.get(v.id) ?? [];
      const partners = pair.filter((p) => p.role === "partner");
      const private_ = mayReadHopesAndDreams(
        ctx.actor,
        pair.map((p) => p.educatorId),
      );
      return {
        ...v,
        hopesAndDreams: private_ ? privateNotes : null,
        // Each educator's own notes, private like hopes and dreams.
        pairNotes: private_
          ? pair.filter((p) => p.notes).map((p) => ({ name: p.name, role: p.role, notes: p.notes! }))
          : [],
        // Only the actions the viewer may take are offered: the lead (or staff) records the
        // visit; a member of the pair writes notes of their own.
        yourRole: pair.find((p) => p.educatorId === educatorIdOf(ctx))?.role ?? null,
        mayRecord:
          ctx.actor.type !== "educator" ||
          ctx.actor.role !== "educator" ||
          pair.some((p) => p.role === "lead" && p.educatorId === educatorIdOf(ctx)),
        // "None of these times work": the family page asks the pair for new times.
        familySaysNoneWork: v.status === "invited" && v.statusReason === NONE_WORK_REASON,
        // A scheduled visit whose time has passed can be recorded (or marked "nobody was home").
        timeHasPassed: v.startsAt !== null && v.startsAt <= ctx.deps.clock.now(),
        // Each of the pair records their own reflection and time after the visit (issue 21).
        mySeat: (() => {
          const mine = v.status === "completed" ? pair.find((p) => p.educatorId === educatorIdOf(ctx)) : undefined;
          return mine
            ? {
                reflection: mine.reflection,
                arrangingMinutes: mine.arrangingMinutes,
                conductingMinutes: mine.conductingMinutes,
                debriefingMinutes: mine.debriefingMinutes,
              }
            : null;
        })(),
        // HVP: a scheduled visit waits for its partner(s) to confirm the time.
        partnerConfirmation:
          confirmsSchedule && v.status === "scheduled"
            ? {
                confirmed: partners.every((p) => p.confirmedAt),
                awaitingYou: partners.some((p) => p.educatorId === educatorIdOf(ctx) && !p.confirmedAt),
              }
            : null,
      };
    }),
    messages: messageRows.map((m) => {
      const translation = translations.get(m.id) ?? null;
      // Bilingual staff (the family's language among their own) may correct a family text's translation.
      const mayCorrect =
        translation?.direction === "to_staff" && translation.status !== "pending" && reads(translation.sourceLanguage);
      return { ...m, translation, mayCorrect };
    }),
  };
}

async function languagesOf(ctx: ServiceContext): Promise<string[]> {
  if (ctx.actor.type !== "educator") return [];
  const [row] = await ctx.deps.db
    .select({ languages: educators.languages })
    .from(educators)
    .where(eq(educators.id, ctx.actor.educatorId));
  return row?.languages ?? [];
}

const educatorIdOf = (ctx: ServiceContext) => (ctx.actor.type === "educator" ? ctx.actor.educatorId : null);
