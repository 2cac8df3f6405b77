import { and, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { consentEvents, contacts, educatorNotifications, families, messages, schools } from "../../../db/schema";
import { verifySignedId } from "../../auth/signed-ids";
import type { SystemContext } from "../../context";
import { emailAddressOf, htmlToText, stripQuotedReply } from "../../domain/email-reply";
import { derivedId } from "../../domain/ids";
import { classifyKeyword } from "../../domain/keywords";
import { conversationFor } from "../../messaging/conversation-store";
import { queueTranslationToStaff } from "../translation";
import { interpretAsVisitAnswer } from "../visits";
import { responsibleEducators } from "./responsible-educators";

export type InboundEmail = {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: string;
  envelope: string;
  attachments: number;
  attachmentInfo: string;
};

/**
 * A family's email reply from SendGrid Inbound Parse. The `reply+<token>@` address names the
 * family (a signed id); the new text is kept, quoted history and signatures dropped, HTML
 * turned into inert text, attachments noted (never stored). Unknown or forged tokens land in
 * the unmatched inbox. Written once per Message-ID.
 */
export async function receiveEmail(
  ctx: SystemContext,
  email: InboundEmail,
): Promise<{ messageId: string; isNew: boolean }> {
  const { db, clock, config } = ctx.deps;
  const now = clock.now();
  const from = emailAddressOf(email.from);
  const messageIdHeader = /^Message-ID:\s*(.+)$/im.exec(email.headers)?.[1]?.trim();
  const providerId = messageIdHeader ?? `sha:${await digest(`${from}\n${email.subject}\n${email.text || email.html}`)}`;
  const messageId = derivedId("msg", `sendgrid-inbound:${providerId}`);

  const token = /reply\+([^@\s>]+)@/i.exec(`${email.to} ${email.envelope}`)?.[1];
  const familyId = token ? await verifySignedId(config.sessionSecret, "thread", token) : null;
  const [family] = familyId
    ? await db
        .select({ family: families, timeZone: schools.timezone })
        .from(families)
        .innerJoin(schools, eq(schools.id, families.schoolId))
        .where(eq(families.id, familyId))
    : [];
  const [contact] = family
    ? await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.familyId, family.family.id), eq(contacts.email, from)))
    : [];

  const raw = email.text.trim() ? email.text : htmlToText(email.html);
  const body = stripQuotedReply(raw).slice(0, 10_000);
  const keyword = classifyKeyword(body);
  const optOut = keyword?.kind === "opt_out";
  const conversation =
    family && !keyword
      ? await conversationFor(db, family.family.id, { occurredAt: now, direction: "in" }, config.conversationGapHours)
      : null;
  const types = attachmentTypes(email.attachmentInfo);

  const statements: BatchItem<"sqlite">[] = [
    db
      .insert(messages)
      .values({
        id: messageId,
        familyId: family?.family.id ?? null,
        contactId: contact?.id ?? null,
        direction: "in",
        kind: keyword ? "system" : "personal",
        channel: "email",
        language: contact?.language ?? family?.family.language ?? "en",
        body,
        translatedBody: null,
        address: from,
        media: email.attachments > 0 ? { count: email.attachments, types } : null,
        status: "received",
        statusReason: email.subject ? `subject: ${email.subject.slice(0, 200)}` : null,
        provider: "sendgrid",
        providerMessageId: providerId,
        conversationId: conversation?.conversationId ?? null,
        initiatedBy: conversation?.initiatedBy ?? null,
        occurredAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: messages.id }),
  ];
  if (family && contact && optOut) {
    statements.push(
      db.update(contacts).set({ emailOptedOutAt: now, updatedAt: now }).where(eq(contacts.id, contact.id)),
      db
        .insert(consentEvents)
        .values({
          id: derivedId("cns", `${providerId}:email-opt-out`),
          familyId: family.family.id,
          contactId: contact.id,
          channel: "email",
          kind: "opt_out",
          source: "keyword",
          keyword: keyword.keyword,
          messageId,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing(),
    );
  } else if (family && !keyword) {
    const language = contact?.language ?? family.family.language;
    const translation = queueTranslationToStaff(ctx.deps, { id: messageId, body, language }, now);
    if (translation) statements.push(translation);
    for (const educatorId of await responsibleEducators(db, family.family.id, now, family.timeZone)) {
      statements.push(
        db
          .insert(educatorNotifications)
          .values({ id: derivedId("ntf", `${providerId}:${educatorId}`), educatorId, messageId, createdAt: now })
          .onConflictDoNothing(),
      );
    }
  }
  const [inserted] = (await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown as [
    unknown[],
  ];
  // An email answer to a pending invitation ("2", "0", "no thanks") is acted on as by text.
  if (inserted.length > 0 && family && !keyword)
    await interpretAsVisitAnswer(ctx, family.family.id, body, contact ? { contactId: contact.id } : undefined);
  return { messageId, isNew: inserted.length > 0 };
}

function attachmentTypes(info: string): string[] {
  try {
    const parsed = JSON.parse(info || "{}") as Record<string, { type?: string }>;
    return Object.values(parsed).map((a) => a.type ?? "unknown");
  } catch {
    return [];
  }
}

async function digest(value: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
  return [...bytes.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
