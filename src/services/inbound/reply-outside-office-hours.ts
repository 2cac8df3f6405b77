import { inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { educators } from "../../../db/schema";
import type { Deps } from "../../context";
import { classifyKeyword } from "../../domain/keywords";
import { nextOfficeHoursStart } from "../../domain/office-hours";
import { prepareOutbound } from "../../messaging/enqueue";
import { responsibleEducators } from "./responsible-educators";

export type OfficeHoursReplyInput = {
  /** The received text. */
  body: string;
  familyId: string;
  contact: { id: string; smsOptedOutAt: Date | null };
  /** The school's zone (it decides the school year whose teachers are responsible). */
  schoolTimeZone: string;
};

/** A lone digit answers a question we asked (a visit time, an RSVP): it never gets this reply. */
const DIGIT_ANSWER = /^\s*\d\s*$/;

/**
 * The automatic answer to a family's text outside their teachers' office hours, saying (in the
 * family's language) when the teachers will answer. Sent only when every educator who hears of
 * the text has set office hours and none is inside them: a teacher without hours has not asked
 * for evenings off. Once per family per closed period: the reply's ids derive from the family
 * and the moment hours open again, so a second text that evening (or a second routing run)
 * queues nothing more. Never in answer to a keyword or a digit answer, never to a number that
 * opted out. Returns the statements to write with the text's routing (nothing is written here).
 */
export async function replyOutsideOfficeHours(
  deps: Deps,
  input: OfficeHoursReplyInput,
): Promise<BatchItem<"sqlite">[]> {
  if (input.contact.smsOptedOutAt) return [];
  if (DIGIT_ANSWER.test(input.body) || classifyKeyword(input.body)) return [];
  const now = deps.clock.now();
  const educatorIds = await responsibleEducators(deps.db, input.familyId, now, input.schoolTimeZone);
  if (educatorIds.length === 0) return [];
  const rows = await deps.db
    .select({ officeHours: educators.officeHours })
    .from(educators)
    .where(inArray(educators.id, educatorIds));
  if (rows.length === 0 || rows.some((r) => !r.officeHours)) return [];
  let opens: Date | null = null;
  for (const { officeHours } of rows) {
    const next = nextOfficeHoursStart(officeHours!, now);
    if (next && next.getTime() <= now.getTime()) return []; // someone is in their hours: no reply
    if (next && (!opens || next < opens)) opens = next;
  }
  if (!opens) return [];
  const { statements } = await prepareOutbound(deps, {
    familyId: input.familyId,
    educatorId: null,
    templateKey: "office_hours_reply",
    params: { time: opens.toISOString() },
    contactId: input.contact.id,
    forceChannel: "sms",
    idempotencyKey: `office-hours:${input.familyId}:${opens.toISOString()}`,
  });
  return statements;
}
