/**
 * Every enumerated value the data model knows, in one place. The schema (db/schema) turns each
 * list into a CHECK constraint and the API turns it into a zod enum, so the two can never
 * disagree. It is the domain's vocabulary: db/ imports it, never the other way round.
 */
/**
 * THE list of program models (their rules are in program-models.ts, keyed by this type, so a
 * key added here without its rules fails to compile there).
 */
export const PROGRAM_MODEL_KEYS = ["pthv", "homeworks", "ptlt", "hvp"] as const;
export type ProgramModelKey = (typeof PROGRAM_MODEL_KEYS)[number];
export const EDUCATOR_ROLES = ["educator", "coordinator", "district_admin"] as const;
export const NOTIFY_MODES = ["immediate", "digest"] as const;
export const CHANNELS = ["sms", "email"] as const;
/** Grades as schools write them: pre-K, K, then 1–12. */
export const GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"] as const;

export const VISIT_STATUSES = ["invited", "scheduled", "completed", "declined", "cancelled", "no_show"] as const;
/**
 * A visit in one of these statuses holds its round: a household gets one visit per round per
 * school year (DOMAIN: "never send two invitations to one household"). Declined, cancelled and
 * no-show visits release the round so a new visit can be arranged when the family wants one.
 */
export const ROUND_HOLDING_VISIT_STATUSES = ["invited", "scheduled", "completed"] as const;
export const VISIT_LOCATIONS = ["home", "neutral"] as const;
export const VISIT_EDUCATOR_ROLES = ["lead", "partner"] as const;
/** How the family and the pair agreed to keep in touch after the visit. */
export const PLAN_CHANNELS = ["sms", "email", "call", "in_person"] as const;

export const MESSAGE_DIRECTIONS = ["in", "out"] as const;
export const MESSAGE_KINDS = [
  "personal",
  "scheduling",
  "reminder",
  "broadcast",
  "system",
  "logged_call",
  "logged_in_person",
] as const;
/** Where a message travelled: the two provider channels, or a logged phone call / talk. */
export const MESSAGE_CHANNELS = ["sms", "email", "voice", "in_person"] as const;
export const MESSAGE_STATUSES = [
  "queued", // written with its outbox row, not yet handed to a provider
  "sending", // claimed by the dispatcher under a lease
  "unknown", // the provider may have accepted it (timeout); reconciled before any resend
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "undeliverable", // no usable channel; never reached a provider
  "dead_letter", // every attempt failed; shown to coordinators
  "received", // inbound from a family
  "logged", // a call or in-person talk an educator recorded
] as const;
export const PROVIDERS = ["twilio", "sendgrid", "console"] as const;
export const INITIATORS = ["family", "educator"] as const;

export const OUTBOX_STATES = ["pending", "leased", "done", "dead"] as const;
export const CONSENT_KINDS = ["opt_out", "opt_in", "help", "opt_out_review"] as const;
export const CONSENT_SOURCES = ["keyword", "provider", "staff", "import"] as const;

export const EVENT_KINDS = ["family_dinner", "workshop", "team_meeting", "conference", "open_house", "other"] as const;
export const RSVP_ANSWERS = ["yes", "no", "maybe"] as const;

export const ACTOR_TYPES = ["educator", "api_token", "family", "system"] as const;

/** Which way a free-text translation goes: a family's words to staff, or a teacher's to the family. */
export const TRANSLATION_DIRECTIONS = ["to_staff", "to_family"] as const;
export const TRANSLATION_STATUSES = [
  "pending", // waiting for the translate job (claimed under a lease while it runs)
  "done", // an engine (or the cache) translated it
  "failed", // every attempt failed, or no engine covers the pair: staff read the original
  "skipped", // nothing to translate: a keyword, a digit answer, emoji, the staff language already
  "over_cap", // TRANSLATION_MONTHLY_CHAR_CAP reached this month: staff read the original
  "corrected", // a bilingual educator replaced the machine's text (kept in machine_text)
  "edited", // outbound: the teacher edited the machine translation before sending
  "as_written", // outbound: the teacher chose to send the text as written
] as const;

/** Program fidelity (issue 21): what a training was, and where an educator stands on the program. */
export const TRAINING_KINDS = ["introductory", "mandatory", "refresher", "debrief"] as const;
export const COMMITMENTS = ["agreed", "supports", "declined"] as const;
