import { and, desc, eq, gt, gte, lte } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { messages, surveyAnswers, surveyRecipients, surveys } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { derivedId } from "../../domain/ids";
import { optOutRequest } from "../../domain/keywords";
import { ANONYMOUS_ANSWER_BODY, parseSurveyAnswer } from "../../domain/surveys";
import { prepareOutbound } from "../../messaging/enqueue";
import { queueTranslationToStaff } from "../translation";
import { askQuestion, questionsOf } from "./ask-question";
import { otherQuestionPending } from "./other-question-pending";

type Statement = BatchItem<"sqlite">;

/**
 * A received text as the answer to the survey question this family was last asked — only
 * when no visit invitation or RSVP is waiting for a digit (those come first: route-inbound
 * asks them before this), the survey's window is open, and the text fits the question ("3"
 * for a scale, a choice's number, any words for a short-text question, "0" to skip). Returns
 * the rows to write with the message (the answer, the next question or the thank-you), or
 * null: the text is then an ordinary message for the educators. Ids derive from the message,
 * so routing it twice writes it once. On an anonymous survey the message's body is withheld
 * (`ANONYMOUS_ANSWER_BODY`, in the same commit as the message) and no translation is queued:
 * an educator reading the family's thread must not read its answers.
 */
export async function interpretAsSurveyAnswer(
  ctx: SystemContext,
  input: { familyId: string; messageId: string; body: string; language: string },
): Promise<Statement[] | null> {
  const { deps } = ctx;
  const { db, clock } = deps;
  const now = clock.now();
  const [asked] = await db
    .select({ recipient: surveyRecipients, survey: surveys })
    .from(surveyRecipients)
    .innerJoin(surveys, eq(surveys.id, surveyRecipients.surveyId))
    .where(
      and(
        eq(surveyRecipients.familyId, input.familyId),
        gte(surveyRecipients.smsPosition, 1),
        eq(surveys.status, "open"),
        lte(surveys.opensAt, now),
        gt(surveys.closesAt, now),
      ),
    )
    .orderBy(desc(surveyRecipients.invitedAt))
    .limit(1);
  if (!asked) return null;
  if (await otherQuestionPending(db, input.familyId, now)) return null;
  const { recipient, survey } = asked;
  const questions = await questionsOf(deps, survey.id);
  const question = questions.find((q) => q.position === recipient.smsPosition);
  if (!question) return null;
  // "Please stop texting me" is not an answer: as an ordinary message it goes to opt-out review.
  if (optOutRequest(input.body)) return null;
  const parsed = parseSurveyAnswer({ kind: question.kind, choices: question.choices }, input.body);
  if (!parsed) return null;

  const statements: Statement[] = [];
  if (!parsed.skip) {
    statements.push(
      db
        .insert(surveyAnswers)
        .values({
          id: derivedId("sra", `${recipient.id}:${question.id}`),
          surveyId: survey.id,
          recipientId: recipient.id,
          questionId: question.id,
          value: parsed.value,
          text: parsed.text,
          language: input.language,
          messageId: input.messageId,
          createdAt: now,
          updatedAt: now,
        })
        // Answered on the link already: the link's answer stands.
        .onConflictDoNothing(),
    );
    // A free-text answer is read in the staff language, as any family text is — except on an
    // anonymous survey: the translation would sit beside the family's message in its thread.
    const translation =
      parsed.text !== null && !survey.anonymous
        ? queueTranslationToStaff(deps, { id: input.messageId, body: parsed.text, language: input.language }, now)
        : null;
    if (translation) statements.push(translation);
  }
  if (survey.anonymous) {
    // Runs after the message's insert in the routing commit, so the answer is never readable in
    // the thread, not even for a moment; a skip ("0") is withheld too, as every answer is.
    statements.push(
      db.update(messages).set({ body: ANONYMOUS_ANSWER_BODY, updatedAt: now }).where(eq(messages.id, input.messageId)),
    );
  }
  const next = questions.find((q) => q.position > question.position);
  // Moves on only from the question this text answered: a second routing run matches nothing.
  const fromHere = and(eq(surveyRecipients.id, recipient.id), eq(surveyRecipients.smsPosition, question.position));
  if (next) {
    statements.push(db.update(surveyRecipients).set({ smsPosition: next.position, updatedAt: now }).where(fromHere));
    statements.push(
      ...(await askQuestion(deps, {
        familyId: input.familyId,
        recipientId: recipient.id,
        question: next,
        total: questions.length,
      })),
    );
  } else {
    statements.push(
      db.update(surveyRecipients).set({ smsPosition: null, completedAt: now, updatedAt: now }).where(fromHere),
    );
    const { statements: thanks } = await prepareOutbound(deps, {
      familyId: input.familyId,
      educatorId: null,
      templateKey: "survey_thanks",
      params: {},
      requestedChannel: "sms",
      idempotencyKey: `survey:${recipient.id}:thanks`,
    });
    statements.push(...thanks);
  }
  return statements;
}
