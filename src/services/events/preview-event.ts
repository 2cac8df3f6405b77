import { inArray } from "drizzle-orm";
import { families } from "../../../db/schema";
import { randomCode } from "../../auth/tokens";
import type { ServiceContext } from "../../context";
import { eventTextIn } from "../../domain/event-text";
import { isNightStart } from "../../domain/event-time";
import { languageName } from "../../domain/languages";
import { nextAllowedSendTime } from "../../domain/quiet-hours";
import { ValidationError } from "../../errors";
import { prepareOutbound } from "../../messaging/enqueue";
import { renderSms } from "../../messaging/templates/render";
import type { EventCreate } from "../../schemas/events";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";
import { audience, familyLanguages, translationsFor } from "./create-event";
import { eventTranslations } from "./event-translations";

/** One language and channel of the send: how many households, and exactly what they read. */
export type PreviewGroup = {
  language: string;
  languageName: string;
  channel: "sms" | "email";
  families: number;
  /** The event's title as these families read it (their language's, else the original). */
  title: string;
  /** The text as rendered for the first family of the group (texts carry no per-family link). */
  body: string;
  subject: string | null;
  encoding: "GSM-7" | "UCS-2" | null;
  /** Segments of one invitation text (0 for email). */
  segments: number;
  /** Households whose first text from us this is: a welcome text goes first (carrier rules). */
  welcomes: number;
  welcomeSegments: number;
};

export type EventPreview = {
  schoolName: string;
  timeZone: string;
  startsAt: string;
  night: boolean;
  families: number;
  groups: PreviewGroup[];
  /** Households no channel reaches (opted out, no address): they get nothing. */
  unreachable: { families: number; reasons: Record<string, number> };
  sms: { texts: number; segments: number; estimatedCostUsd: number; pricePerSegmentUsd: number };
  /** Texts that wait for the end of quiet hours in the family's zone, and the first moment one goes. */
  quietHours: { waiting: number; until: string | null };
};

/**
 * What "Send invitations" would do, without writing anything: the same audience, the same
 * recipients and channels (prepareOutbound, the real send path's decision and rendering), the
 * exact text per language, SMS segments and cost, and how many texts quiet hours hold until
 * morning. Refuses what createEvent refuses (past times, no audience); a night-time start is
 * reported (`night`) so the review page can ask for a confirmation.
 */
export async function previewEvent(ctx: ServiceContext, input: EventCreate): Promise<EventPreview> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "create events");
  const school = await requireSchoolInScope(ctx, input.schoolId).catch(() => {
    throw new ValidationError({ schoolId: "is not a school you can create events for" });
  });
  const { deps } = ctx;
  const now = deps.clock.now();
  const startsAt = new Date(input.startsAt);
  if (startsAt <= now) throw new ValidationError({ startsAt: "is in the past" });
  const familyIds = await audience(ctx, school.id, school.timezone, input.audience);
  if (familyIds.length === 0) throw new ValidationError({ audience: "matches no household of this school" });

  const readers = await familyLanguages(ctx, familyIds);
  const translations = await eventTranslations(ctx, {
    title: input.title,
    location: input.location,
    entered: input.translations,
    languages: [...new Set([...readers.values()].flatMap((l) => [...l]))],
  });
  const zones = new Map<string, string>();
  for (let i = 0; i < familyIds.length; i += 90) {
    const rows = await deps.db
      .select({ id: families.id, timezone: families.timezone })
      .from(families)
      .where(inArray(families.id, familyIds.slice(i, i + 90)));
    for (const row of rows) zones.set(row.id, row.timezone);
  }

  const groups = new Map<string, PreviewGroup>();
  const unreachable: EventPreview["unreachable"] = { families: 0, reasons: {} };
  let waiting = 0;
  let until: Date | null = null;
  for (const familyId of familyIds) {
    const { summary, preview } = await prepareOutbound(deps, {
      familyId,
      educatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
      templateKey: "event_invitation",
      // As createEvent builds them; a link of the real length (texts do not carry it).
      params: {
        event: input.title,
        time: input.startsAt,
        place: input.location,
        link: `${deps.config.publicBaseUrl}/e/${randomCode()}`,
        ...translationsFor(translations, readers.get(familyId)),
      },
    });
    if (summary.status === "undeliverable") {
      unreachable.families++;
      const reason = summary.statusReason ?? "no channel";
      unreachable.reasons[reason] = (unreachable.reasons[reason] ?? 0) + 1;
      continue;
    }
    const key = `${summary.language}:${summary.channel}`;
    let group = groups.get(key);
    if (!group) {
      const welcome =
        summary.channel === "sms"
          ? renderSms(
              deps.i18n,
              "welcome",
              summary.language,
              { school: school.name, sender: "", educators: "" },
              {
                timeZone: school.timezone,
              },
            )
          : null;
      group = {
        language: summary.language,
        languageName: languageName(summary.language),
        channel: summary.channel,
        families: 0,
        title: eventTextIn({ title: input.title, location: input.location }, translations, summary.language).title,
        body: preview.body,
        subject: preview.subject,
        encoding: preview.encoding,
        segments: summary.segments ?? 0,
        welcomes: 0,
        welcomeSegments: welcome?.segments.segments ?? 0,
      };
      groups.set(key, group);
    }
    group.families++;
    if (preview.welcomeFirst) group.welcomes++;
    if (summary.channel === "sms") {
      const due = nextAllowedSendTime(now, zones.get(familyId) ?? school.timezone, deps.config.smsQuietHours);
      if (due > now) {
        waiting++;
        if (!until || due < until) until = due;
      }
    }
  }

  const sorted = [...groups.values()].sort((a, b) => b.families - a.families || a.language.localeCompare(b.language));
  const sms = sorted.filter((g) => g.channel === "sms");
  const texts = sms.reduce((n, g) => n + g.families + g.welcomes, 0);
  const segments = sms.reduce((n, g) => n + g.families * g.segments + g.welcomes * g.welcomeSegments, 0);
  const price = deps.config.smsSegmentPriceUsd;
  return {
    schoolName: school.name,
    timeZone: school.timezone,
    startsAt: startsAt.toISOString(),
    night: isNightStart(startsAt, school.timezone),
    families: familyIds.length,
    groups: sorted,
    unreachable,
    sms: {
      texts,
      segments,
      pricePerSegmentUsd: price,
      estimatedCostUsd: Math.round(segments * price * 100) / 100,
    },
    quietHours: { waiting, until: until?.toISOString() ?? null },
  };
}
