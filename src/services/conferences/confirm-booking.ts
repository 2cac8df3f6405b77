import type { BatchItem } from "drizzle-orm/batch";
import type { conferenceSlots, events } from "../../../db/schema";
import type { Deps } from "../../context";
import { prepareOutbound } from "../../messaging/enqueue";
import { conferenceLinkCode } from "./publish-conference";

/**
 * The confirmation of a booked (or moved) slot: the time, an "add to calendar" link (/c/<code>,
 * the booked slot as an .ics) and, in the email, the family's page to change it. With `contactId`
 * (a booking by text) it answers the number that wrote; otherwise the household is reached as
 * usual. Its id derives from the slot, the time and `key`, so routing a text twice sends it once.
 */
export async function confirmBooking(
  deps: Deps,
  input: {
    invitationId: string;
    familyId: string;
    event: typeof events.$inferSelect;
    slot: typeof conferenceSlots.$inferSelect;
    contactId?: string;
    key: string;
  },
): Promise<BatchItem<"sqlite">[]> {
  const code = await conferenceLinkCode(deps, input.invitationId);
  const base = deps.config.publicBaseUrl;
  const { statements } = await prepareOutbound(deps, {
    familyId: input.familyId,
    educatorId: input.slot.educatorId,
    templateKey: "conference_confirmation",
    params: {
      event: input.event.title,
      time: input.slot.startsAt.toISOString(),
      link: `${base}/c/${code}`,
      pageLink: `${base}/e/${code}`,
      ...(Object.keys(input.event.translations ?? {}).length > 0 ? { translations: input.event.translations } : {}),
    },
    ...(input.contactId ? { contactId: input.contactId, forceChannel: "sms" as const } : {}),
    eventId: input.event.id,
    idempotencyKey: `conference:${input.slot.id}:${input.familyId}:${input.key}:confirmation`,
  });
  return statements;
}
