import { recordTime } from "../../domain/record-times";
import type { RecordRow } from "../../services/records";

/** The records-request CSV's columns (one row per message). */
export const RECORD_COLUMNS = [
  "message_id",
  "family_id",
  "family",
  "school",
  "occurred_at_local",
  "occurred_at_utc",
  "direction",
  "channel",
  "kind",
  "sender",
  "contact",
  "language",
  "body",
  "original_as_written",
  "translation",
  "translation_status",
  "status",
  "status_reason",
  "error_code",
];

export const recordCells = (r: RecordRow) => [
  r.messageId,
  r.familyId,
  r.family,
  r.school,
  recordTime(r.occurredAt, r.timeZone),
  r.occurredAt.toISOString(),
  r.direction,
  r.channel,
  r.kind,
  r.sender,
  r.contact,
  r.language,
  r.body,
  r.original,
  r.translation,
  r.translationStatus,
  r.status,
  r.statusReason,
  r.errorCode,
];
