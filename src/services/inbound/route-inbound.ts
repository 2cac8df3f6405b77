import { and, asc, desc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { boundParameterLimit, runRawBatch } from "../../../db/client";
import { chunk, rawOfQuery, rowsPerStatement } from "../../../db/raw-batch";
import {
  consentEvents,
  contacts,
  educatorNotifications,
  families,
  inboundQueue,
  messages,
  schools,
} from "../../../db/schema";
import { yieldToIo } from "../../after-io";
import type { Deps, SystemContext } from "../../context";
import { derivedId } from "../../domain/ids";
import { classifyKeyword, optOutRequest } from "../../domain/keywords";
import { conversationFor } from "../../messaging/conversation-store";
import { prepareOutbound } from "../../messaging/enqueue";
import { interpretAsConferenceBooking } from "../conferences";
import { interpretAsSurveyAnswer } from "../surveys";
import { queueTranslationToStaff } from "../translation";
import { interpretAsVisitAnswer } from "../visits";
import { flagPossibleVisitCancel } from "./flag-possible-visit-cancel";
import { replyOutsideOfficeHours } from "./reply-outside-office-hours";
import { responsibleEducators } from "./responsible-educators";

type Receipt = typeof inboundQueue.$inferSelect;
type Match = { contact: typeof contacts.$inferSelect; family: typeof families.$inferSelect; timeZone: string };
type Statement = BatchItem<"sqlite">;

/**
 * Texts routed per commit. One commit per text cost more than routing it did (a transaction's
 * fixed cost, ~0.5 ms here); 50 texts' statements stay well inside D1's limits for one batch.
 */
const TEXTS_PER_COMMIT = 50;
const MESSAGE_COLUMNS = Object.keys(getTableColumns(messages)).length;

/**
 * Routes received texts (inbound_queue), oldest first: stores the message, finds the family and
 * contact, joins the conversation, records consent, queues the one answer to STOP/START/HELP
 * (none when Twilio's Advanced Opt-Out answered), flags natural-language opt-outs for review,
 * and tells the responsible educators. A text's effects and the removal of its receipt are in
 * one commit, with derived ids, so running twice (a kick and the job) changes nothing.
 *
 * Texts are committed in groups. A text is routed from what is committed, so two texts of one
 * family (or one number) never share a group: the second is routed after the first committed,
 * and joins its conversation. Between texts the loop yields, so webhooks are not held up.
 */
export async function routeInbound(ctx: SystemContext, options: { limit?: number; messageIds?: string[] } = {}) {
  const { db } = ctx.deps;
  const queued = await db
    .select({ queue: inboundQueue, storedAs: messages.id })
    .from(inboundQueue)
    .leftJoin(
      messages,
      and(eq(messages.provider, "twilio"), eq(messages.providerMessageId, inboundQueue.providerMessageId)),
    )
    .where(options.messageIds ? inArray(inboundQueue.messageId, options.messageIds) : undefined)
    .orderBy(asc(inboundQueue.createdAt))
    .limit(options.limit ?? 200);
  const matchesOf = await contactsByNumber(
    ctx.deps,
    queued.map((q) => q.queue.address),
  );

  const group = new RoutingGroup(ctx.deps);
  for (const { queue, storedAs } of queued) {
    const matches = matchesOf.get(queue.address) ?? [];
    const keys = [queue.address, ...matches.map((m) => m.family.id)];
    if (group.texts >= TEXTS_PER_COMMIT || group.holdsAny(keys)) await group.commit();
    // The MessageSid is stored under another id: Twilio repeated a text routed earlier (its
    // receipt was gone, so the webhook took it again). Nothing more to do.
    if (storedAs !== null && storedAs !== queue.messageId) group.add(queue, keys, null);
    else group.add(queue, keys, await routed(ctx.deps, queue, matches), storedAs !== null);
    // Yield to waiting requests between texts: routing a backlog must not hold up webhooks.
    await yieldToIo();
  }
  await group.commit();
  return { routed: queued.length };
}

/** A routed text: its message row (filed, if its family was found), the filing alone, its effects. */
type Routed = {
  message: typeof messages.$inferInsert;
  filed: Partial<typeof messages.$inferInsert> | null;
  effects: Statement[];
};

/**
 * The texts of one commit. Their new messages go in as multi-row inserts at its start (the
 * effects that follow refer to them) and their receipts go in one delete at its end: an insert
 * into `messages` compiles the rollup triggers, ~100 µs each time it is prepared, and the
 * libsql client prepares every statement anew — once per group instead of once per text.
 */
class RoutingGroup {
  texts = 0;
  private keys = new Set<string>();
  private inserts: (typeof messages.$inferInsert)[] = [];
  private statements: Statement[] = [];
  private done: string[] = [];

  constructor(private readonly deps: Deps) {}

  holdsAny(keys: string[]) {
    return keys.some((k) => this.keys.has(k));
  }

  /** A text and what routing writes for it; `exists`: its message row is stored already. */
  add(receipt: Receipt, keys: string[], routed: Routed | null, exists = false) {
    const { db } = this.deps;
    for (const k of keys) this.keys.add(k);
    this.texts++;
    this.done.push(receipt.messageId);
    if (!routed) return;
    // A receipt queued before migration 0018 (when the webhook wrote messages itself), or one
    // whose routing stopped after storing it: the row is there, only filed now.
    if (!exists) this.inserts.push(routed.message);
    else if (routed.filed)
      this.statements.push(db.update(messages).set(routed.filed).where(eq(messages.id, receipt.messageId)));
    this.statements.push(...routed.effects);
  }

  async commit() {
    const { db } = this.deps;
    if (this.texts === 0) return;
    // D1 binds at most 100 parameters a statement: cut the inserts to fit (a column each, at most).
    const perInsert = rowsPerStatement(MESSAGE_COLUMNS, boundParameterLimit(db));
    const statements: Statement[] = [
      ...chunk(this.inserts, perInsert).map((rows) => db.insert(messages).values(rows).onConflictDoNothing()),
      ...this.statements,
      // At most TEXTS_PER_COMMIT (50) ids: one statement, within D1's 100 parameters.
      db.delete(inboundQueue).where(inArray(inboundQueue.messageId, this.done)),
    ];
    // As raw statements (built by drizzle, values through its column mappers): on Node the
    // native connection keeps them prepared (db/native-batches.ts); elsewhere the driver runs them.
    await runRawBatch(db, statements.map(rawOfQuery));
    this.texts = 0;
    this.keys.clear();
    this.inserts = [];
    this.statements = [];
    this.done = [];
  }
}

/** Active contacts by phone number, with family and school time zone: one query per 50 numbers. */
async function contactsByNumber(deps: Deps, numbers: string[]): Promise<Map<string, Match[]>> {
  const byNumber = new Map<string, Match[]>();
  // 50 numbers per query keeps the IN list under D1's 100 bound parameters.
  for (const part of chunk([...new Set(numbers)], 50)) {
    const rows = await deps.db
      .select({ contact: contacts, family: families, timeZone: schools.timezone })
      .from(contacts)
      .innerJoin(families, eq(families.id, contacts.familyId))
      .innerJoin(schools, eq(schools.id, families.schoolId))
      .where(and(inArray(contacts.phone, part), eq(contacts.active, true)));
    for (const row of rows) byNumber.set(row.contact.phone!, [...(byNumber.get(row.contact.phone!) ?? []), row]);
  }
  return byNumber;
}

/**
 * What routing writes for one received text: its message (filed under the family and
 * conversation found, or as English with no family: the unmatched inbox) and its effects.
 */
async function routed(deps: Deps, receipt: Receipt, matches: Match[]): Promise<Routed> {
  const { db, clock, config } = deps;
  const message = messageOf(receipt);
  const match = await pickFamily(deps, matches, receipt.address);
  if (!match) return { message, filed: null, effects: [] }; // unknown number: the unmatched inbox
  const keyword = receipt.kind === "system" ? classifyKeyword(receipt.body) : null;
  const conversation = keyword
    ? { conversationId: null, initiatedBy: null }
    : await conversationFor(
        db,
        match.family.id,
        { occurredAt: receipt.createdAt, direction: "in" },
        config.conversationGapHours,
      );
  // Inserted already filed under its family and conversation: an insert and then an update
  // would run the rollup triggers twice (db/migrations/0010), and the update's are the costlier.
  const filed = {
    familyId: match.family.id,
    contactId: match.contact.id,
    language: match.contact.language ?? match.family.language,
    ...conversation,
    updatedAt: clock.now(),
  };
  return {
    message: { ...message, ...filed },
    filed,
    effects: await effectsOf(deps, receipt, match, matches, keyword),
  };
}

/** The message a receipt becomes: as received, filed as English until its family is found. */
function messageOf(receipt: Receipt): typeof messages.$inferInsert {
  return {
    id: receipt.messageId,
    direction: "in",
    channel: "sms",
    kind: receipt.kind,
    language: "en",
    body: receipt.body,
    address: receipt.address,
    media: receipt.media,
    status: "received",
    statusReason: receipt.statusReason,
    provider: "twilio",
    providerMessageId: receipt.providerMessageId,
    occurredAt: receipt.createdAt,
    createdAt: receipt.createdAt,
    updatedAt: receipt.createdAt,
  };
}

/** STOP/START/HELP: consent and the one answer. Anything else: a visit answer, or news for the educators. */
async function effectsOf(
  deps: Deps,
  receipt: Receipt,
  match: Match,
  matches: Match[],
  keyword: ReturnType<typeof classifyKeyword>,
): Promise<Statement[]> {
  const { db, clock } = deps;
  const now = clock.now();
  const sid = receipt.providerMessageId;
  const consent = (contactId: string, familyId: string, kind: "opt_out" | "opt_in" | "help" | "opt_out_review") =>
    db
      .insert(consentEvents)
      .values({
        id: derivedId("cns", `${sid}:${contactId}:${kind}`),
        familyId,
        contactId,
        channel: "sms",
        kind,
        source: "keyword",
        keyword: keyword?.keyword ?? null,
        messageId: receipt.messageId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
  // Twilio's Advanced Opt-Out already answered STOP/START/HELP when it sets OptOutType.
  const twilioAnswered = Boolean(receipt.optOutType);
  const statements: Statement[] = [];

  if (keyword?.kind === "opt_out") {
    statements.push(...matches.map((m) => consent(m.contact.id, m.family.id, "opt_out")));
    statements.push(...(await flagPossibleVisitCancel({ deps }, { familyId: match.family.id, receipt, keyword })));
    if (!receipt.priorSmsOptedOut && !twilioAnswered)
      statements.push(...(await reply(deps, match, sid, "opt_out_confirmation")));
  } else if (keyword?.kind === "opt_in") {
    statements.push(...matches.map((m) => consent(m.contact.id, m.family.id, "opt_in")));
    if (receipt.priorSmsOptedOut && !twilioAnswered)
      statements.push(...(await reply(deps, match, sid, "opt_in_confirmation")));
  } else if (keyword?.kind === "help") {
    statements.push(consent(match.contact.id, match.family.id, "help"));
    if (!twilioAnswered) statements.push(...(await reply(deps, match, sid, "help_reply")));
  } else {
    // An answer to a pending invitation ("2", "0", "no thanks") is acted on, and the pair is told
    // by answerVisit; it is idempotent, so a second routing run changes nothing.
    // The guardian who wrote gets the confirmation or RSVP thank-you (derived ids: once per text).
    const answered = await interpretAsVisitAnswer({ deps }, match.family.id, receipt.body, {
      contactId: match.contact.id,
      replyKey: sid,
    });
    if (answered && answered !== "already_answered") return statements;
    const surveyed = await interpretAsSurveyAnswer(
      { deps },
      {
        familyId: match.family.id,
        messageId: receipt.messageId,
        body: receipt.body,
        language: match.contact.language ?? match.family.language,
      },
    );
    if (surveyed) return surveyed;
    // Last of the digit answers: a conference slot's number, only when no question above waits.
    const booked = await interpretAsConferenceBooking(
      { deps },
      { familyId: match.family.id, body: receipt.body, contactId: match.contact.id, replyKey: sid },
    );
    if (booked) return booked;
    // Opt-out review reads the original, never machine output (a mistranslation must not opt anyone out).
    if (optOutRequest(receipt.body)) statements.push(consent(match.contact.id, match.family.id, "opt_out_review"));
    const translation = queueTranslationToStaff(
      deps,
      { id: receipt.messageId, body: receipt.body, language: match.contact.language ?? match.family.language },
      now,
    );
    if (translation) statements.push(translation);
    for (const educatorId of await responsibleEducators(db, match.family.id, now, match.timeZone)) {
      statements.push(
        db
          .insert(educatorNotifications)
          .values({
            id: derivedId("ntf", `${sid}:${educatorId}`),
            educatorId,
            messageId: receipt.messageId,
            createdAt: now,
          })
          .onConflictDoNothing(),
      );
    }
    statements.push(
      ...(await replyOutsideOfficeHours(deps, {
        body: receipt.body,
        familyId: match.family.id,
        contact: match.contact,
        schoolTimeZone: match.timeZone,
      })),
    );
  }
  return statements;
}

/** A number shared by two households: the one we last wrote to (or heard from) wins. */
async function pickFamily(deps: Deps, matches: Match[], from: string): Promise<Match | null> {
  if (matches.length <= 1) return matches[0] ?? null;
  const familyIds = [...new Set(matches.map((m) => m.family.id))];
  if (familyIds.length === 1) return matches[0]!;
  const [latest] = await deps.db
    .select({ familyId: messages.familyId })
    .from(messages)
    .where(and(eq(messages.address, from), inArray(messages.familyId, familyIds)))
    .orderBy(desc(messages.occurredAt))
    .limit(1);
  return matches.find((m) => m.family.id === latest?.familyId) ?? matches[0]!;
}

/** The one automatic answer to a keyword, in the family's language, queued idempotently. */
async function reply(
  deps: Deps,
  match: Match,
  sid: string,
  templateKey: "opt_out_confirmation" | "opt_in_confirmation" | "help_reply",
) {
  const { statements } = await prepareOutbound(deps, {
    familyId: match.family.id,
    educatorId: null,
    templateKey,
    params: {},
    contactId: match.contact.id,
    // Answer the number that wrote, whatever its opt-out state is at this instant.
    forceChannel: "sms",
    idempotencyKey: `twilio:${sid}:${templateKey}`,
  });
  return statements;
}
