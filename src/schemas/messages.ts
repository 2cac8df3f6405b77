import { z } from "@hono/zod-openapi";
import { CHANNELS, MESSAGE_CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from "../../db/schema/enums";
import { TEMPLATE_KEYS } from "../messaging/templates/catalog";
import { id } from "./common";

export const SendMessageInput = z
  .strictObject({
    familyId: id("fam"),
    educatorId: id("edu"),
    templateKey: z.enum(TEMPLATE_KEYS, { message: `must be one of ${TEMPLATE_KEYS.join(", ")}` }).optional(),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ example: { time: "2026-11-18T17:45:00-06:00" } }),
    body: z.string().trim().min(1, "is empty").max(1000, "is longer than 1000 characters").optional(),
    channel: z.enum(["auto", ...CHANNELS], { message: "must be auto, sms or email" }).default("auto"),
    visitId: id("vis").optional(),
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
  })
  .openapi("FamilyMessage");
