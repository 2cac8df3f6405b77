import { z } from "@hono/zod-openapi";
import { digitGroups } from "../domain/digit-groups";
import { CHANNELS, MESSAGE_CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from "../domain/enums";
import { LANGUAGE_TAGS } from "../domain/languages";
import { TEMPLATE_KEYS } from "../messaging/templates/catalog";
import { id } from "./common";

/** The longest free text a teacher may send (a text message of ~7 SMS segments; email takes it whole). */
export const MESSAGE_BODY_MAX = 1000;

export const SendMessageInput = z
  .strictObject({
    familyId: id("fam"),
    educatorId: id("edu"),
    templateKey: z.enum(TEMPLATE_KEYS, { message: `must be one of ${TEMPLATE_KEYS.join(", ")}` }).optional(),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ example: { time: "2026-11-18T17:45:00-06:00" } }),
    body: z
      .string()
      .trim()
      .min(1, "is empty")
      .max(MESSAGE_BODY_MAX, `is longer than ${digitGroups(MESSAGE_BODY_MAX)} characters: shorten it`)
      .optional(),
    channel: z.enum(["auto", ...CHANNELS], { message: "must be auto, sms or email" }).default("auto"),
    visitId: id("vis").optional(),
    translate: z.boolean().default(true).openapi({
      description:
        "Free text only: machine-translate `body` into the family's language when it is written in another (default). false sends it as written.",
    }),
    sourceLanguage: z
      .enum(LANGUAGE_TAGS, { message: `must be one of ${LANGUAGE_TAGS.join(", ")}` })
      .optional()
      .openapi({ description: "The language `body` is written in (default TRANSLATION_STAFF_LANGUAGE, en)." }),
    translatedBody: z
      .string()
      .trim()
      .min(1, "is empty")
      .max(1600, "is longer than 1600 characters")
      .optional()
      .openapi({ description: "The translation as the teacher reviewed (and maybe edited) it: sent exactly." }),
    sendAt: z.iso
      .datetime({ offset: true, message: "must be an ISO date-time such as 2026-12-07T08:00:00-06:00" })
      .optional()
      .openapi({
        description:
          "Schedule the message: it waits until then (and, for a text, until quiet hours end) and can be cancelled until it goes. At most 60 days ahead.",
      }),
  })
  .openapi("SendMessage");
export type SendMessageInput = z.infer<typeof SendMessageInput>;

export const SendMessageResult = z
  .object({
    id: id("msg"),
    status: z.enum(["queued", "undeliverable"]),
    channel: z.enum(CHANNELS),
    language: z.string(),
    segments: z.number().int().nullable(),
    statusReason: z.string().nullable(),
  })
  .openapi("SendMessageResult");

/** POST /messages answers with both texts: what the teacher wrote and what the family gets. */
export const SentMessage = SendMessageResult.extend({
  original: z.string().nullable().openapi({ description: "Free text: what the teacher wrote" }),
  body: z.string().openapi({ description: "What the family gets, in their language" }),
  translation: z
    .object({
      status: z.enum(["done", "edited", "as_written", "same_language"]),
      sourceLanguage: z.string(),
      targetLanguage: z.string(),
      engine: z.string().nullable(),
    })
    .nullable(),
}).openapi("SentMessage");

export const FamilyMessage = z
  .object({
    id: id("msg"),
    direction: z.enum(MESSAGE_DIRECTIONS),
    kind: z.enum(MESSAGE_KINDS),
    channel: z.enum(MESSAGE_CHANNELS),
    language: z.string(),
    templateKey: z.string().nullable(),
    body: z.string(),
    status: z.enum(MESSAGE_STATUSES),
    statusReason: z.string().nullable(),
    errorCode: z.string().nullable(),
    segments: z.number().int().nullable(),
    initiatedBy: z.string().nullable(),
    conversationId: z.string().nullable(),
    createdAt: z.string(),
    translation: z
      .object({
        direction: z.enum(["to_staff", "to_family"]),
        status: z.string(),
        sourceLanguage: z.string(),
        targetLanguage: z.string(),
        original: z.string().nullable(),
        text: z.string().nullable(),
        machineText: z.string().nullable(),
        engine: z.string().nullable(),
        model: z.string().nullable(),
        detectedLanguage: z.string().nullable(),
        detectionScore: z.number().nullable(),
        statusReason: z.string().nullable(),
        correctedBy: z.string().nullable(),
        correctedAt: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: "Machine translation (to_staff for family texts, to_family for free text sent)" }),
  })
  .openapi("FamilyMessage");
