import { createRoute, z } from "@hono/zod-openapi";
import { CadenceQuery, CadenceReport, LoggedContactCreate } from "../../schemas/cadence";
import { ErrorResponse, id } from "../../schemas/common";
import { Conference, ConferenceAttendance, ConferencePublish } from "../../schemas/conferences";
import { Educator, EducatorCreate } from "../../schemas/educators";
import { EventCreate, EventSummary } from "../../schemas/events";
import { Family, FamilyCreate, FamilyList, FamilyListQuery } from "../../schemas/families";
import {
  CommitmentSet,
  PayPeriodQuery,
  SiteCoordinatorsSet,
  Training,
  TrainingCreate,
  VisitReflection,
  VisitTimeLog,
} from "../../schemas/fidelity";
import { FamilyMessage, SendMessageInput, SendMessageResult, SentMessage } from "../../schemas/messages";
import { School, SchoolCreate } from "../../schemas/schools";
import { Visit, VisitComplete, VisitCreate, VisitNewTimes } from "../../schemas/visits";

/**
 * The API's route contracts. Each is validation and documentation at once: the OpenAPI
 * document at /api/v1/openapi.json is generated from exactly these objects.
 */
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const errors = {
  400: json(ErrorResponse, "Invalid input; `fields` names each bad field"),
  401: json(ErrorResponse, "No valid session or bearer token"),
};
const security: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];

export const createSchoolRoute = createRoute({
  method: "post",
  path: "/schools",
  summary: "Add a school (district admins)",
  tags: ["Schools"],
  security,
  request: { body: { content: { "application/json": { schema: SchoolCreate } }, required: true } },
  responses: { 201: json(School, "The new school"), ...errors, 403: json(ErrorResponse, "Role may not add schools") },
});

export const listSchoolsRoute = createRoute({
  method: "get",
  path: "/schools",
  summary: "Schools in scope",
  tags: ["Schools"],
  security,
  responses: { 200: json(z.object({ schools: z.array(School) }), "Schools the caller may see"), ...errors },
});

export const createEducatorRoute = createRoute({
  method: "post",
  path: "/educators",
  summary: "Add an educator, coordinator or district admin",
  tags: ["Educators"],
  security,
  request: { body: { content: { "application/json": { schema: EducatorCreate } }, required: true } },
  responses: {
    201: json(Educator, "The new educator"),
    ...errors,
    403: json(ErrorResponse, "Role may not add educators"),
    409: json(ErrorResponse, "Email already in use"),
  },
});

export const createFamilyRoute = createRoute({
  method: "post",
  path: "/families",
  summary: "Add a household with its contacts and students (one atomic write)",
  tags: ["Families"],
  security,
  request: { body: { content: { "application/json": { schema: FamilyCreate } }, required: true } },
  responses: { 201: json(Family, "The new family"), ...errors, 403: json(ErrorResponse, "Role may not add families") },
});

export const getFamilyRoute = createRoute({
  method: "get",
  path: "/families/{id}",
  summary: "One family in scope",
  tags: ["Families"],
  security,
  request: { params: z.object({ id: id("fam") }) },
  responses: { 200: json(Family, "The family"), ...errors, 404: json(ErrorResponse, "Unknown or out of scope") },
});

export const listFamiliesRoute = createRoute({
  method: "get",
  path: "/families",
  summary: "Families in scope, by household name, paginated",
  tags: ["Families"],
  security,
  request: { query: FamilyListQuery },
  responses: { 200: json(FamilyList, "A page of families"), ...errors },
});

export const sendMessageRoute = createRoute({
  method: "post",
  path: "/messages",
  summary: "Send a template or free-text message to a family (queued; 202)",
  description:
    "Resolves contact, channel and language (contact → family → school), renders the template, and queues it in the outbox. `status` is `undeliverable` (with `statusReason`) when no channel can reach the family.",
  tags: ["Messages"],
  security,
  request: { body: { content: { "application/json": { schema: SendMessageInput } }, required: true } },
  responses: {
    202: json(SentMessage, "Queued (or recorded as undeliverable), with the text the family gets"),
    503: json(ErrorResponse, "translation_unavailable: nothing was sent; send with translate: false, or later"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out-of-scope family"),
  },
});

export const listFamilyMessagesRoute = createRoute({
  method: "get",
  path: "/families/{id}/messages",
  summary: "A family's messages, newest first",
  tags: ["Messages"],
  security,
  request: { params: z.object({ id: id("fam") }) },
  responses: {
    200: json(z.object({ messages: z.array(FamilyMessage) }), "The thread"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
  },
});

const visitId = { params: z.object({ id: id("vis") }) };

export const createVisitRoute = createRoute({
  method: "post",
  path: "/visits",
  summary: "Invite a household to a visit: creates the visit (invited), its proposed times and the invitation",
  description:
    "Program-model rules are checked (pairs, location, rounds). A second visit for the same household and round is 409 with `existingVisitId`.",
  tags: ["Visits"],
  security,
  request: { body: { content: { "application/json": { schema: VisitCreate } }, required: true } },
  responses: {
    201: json(Visit.extend({ invitation: SendMessageResult }), "The visit and the invitation's delivery summary"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out-of-scope family"),
    409: json(ErrorResponse, "The household already has a visit for this round (existingVisitId)"),
  },
});

export const getVisitRoute = createRoute({
  method: "get",
  path: "/visits/{id}",
  summary: "One visit in scope (private notes are never returned)",
  tags: ["Visits"],
  security,
  request: visitId,
  responses: { 200: json(Visit, "The visit"), ...errors, 404: json(ErrorResponse, "Unknown or out of scope") },
});

export const completeVisitRoute = createRoute({
  method: "post",
  path: "/visits/{id}/complete",
  summary: "The lead records the visit and the communication plan (may be after the fact)",
  tags: ["Visits"],
  security,
  request: { ...visitId, body: { content: { "application/json": { schema: VisitComplete } }, required: true } },
  responses: {
    200: json(Visit, "The completed visit"),
    ...errors,
    403: json(ErrorResponse, "Not the lead (code `lead_only`; the partner writes her own notes instead)"),
    404: json(ErrorResponse, "Unknown or out of scope"),
    409: json(ErrorResponse, "Not in a state that can be completed"),
  },
});

export const attestVisitRoute = createRoute({
  method: "post",
  path: "/visits/{id}/attest",
  summary: "The partner confirms the visit",
  tags: ["Visits"],
  security,
  request: visitId,
  responses: {
    200: json(Visit, "The visit"),
    ...errors,
    403: json(ErrorResponse, "Not the partner"),
    404: json(ErrorResponse, "Unknown or out of scope"),
    409: json(ErrorResponse, "Not completed"),
  },
});

export const cancelVisitRoute = createRoute({
  method: "post",
  path: "/visits/{id}/cancel",
  summary: "Call a visit off; a scheduled family is told in their language",
  tags: ["Visits"],
  security,
  request: {
    ...visitId,
    body: {
      content: { "application/json": { schema: z.strictObject({ reason: z.string().trim().max(300).optional() }) } },
      required: false,
    },
  },
  responses: {
    200: json(Visit, "The cancelled visit"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
    409: json(ErrorResponse, "Not invited or scheduled"),
  },
});

export const noShowVisitRoute = createRoute({
  method: "post",
  path: "/visits/{id}/no-show",
  summary: "Record that nobody was home at a scheduled visit's time (the round is free again)",
  tags: ["Visits"],
  security,
  request: visitId,
  responses: {
    200: json(Visit, "The visit, now no_show"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
    409: json(ErrorResponse, "Not scheduled, or its time has not come"),
  },
});

export const confirmVisitRoute = createRoute({
  method: "post",
  path: "/visits/{id}/confirm",
  summary: "HVP: the partner confirms the time the lead scheduled",
  tags: ["Visits"],
  security,
  request: visitId,
  responses: {
    200: json(Visit, "The visit, with the partner's confirmedAt"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
    409: json(ErrorResponse, "Not scheduled, or the model needs no confirmation"),
  },
});

export const proposeVisitTimesRoute = createRoute({
  method: "post",
  path: "/visits/{id}/slots",
  summary:
    "Propose 1–3 new times: after the family said none work (the invitation is sent again), or to reschedule a scheduled visit (the family is told and picks again)",
  tags: ["Visits"],
  security,
  request: { ...visitId, body: { content: { "application/json": { schema: VisitNewTimes } }, required: true } },
  responses: {
    200: json(Visit, "The visit with its new slots"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
    409: json(ErrorResponse, "The visit is not invited or scheduled"),
  },
});

const SELECTION_FLAGS = ["belowGradeLevel", "attendanceConcern", "englishLearner", "noPreK"] as const;
export const DrawCreate = z
  .strictObject({
    count: z
      .number()
      .int()
      .min(1)
      .nullable()
      .default(null)
      .openapi({ description: "How many households; null = all (universal)" }),
    seed: z.string().trim().max(100).optional().openapi({ description: "Same seed + same households = same draw" }),
    excludeVisitedBefore: z.boolean().optional().openapi({ description: "Default: the model's (HVP: true)" }),
    prioritize: z.array(z.enum(SELECTION_FLAGS)).default([]).openapi({ description: "HOME WORKS! only" }),
  })
  .openapi("DrawCreate");
const Draw = z
  .object({
    id: z.string(),
    seed: z.string(),
    criteria: z.record(z.string(), z.unknown()),
    result: z.array(z.string()),
  })
  .openapi("Draw");

export const createDrawRoute = createRoute({
  method: "post",
  path: "/schools/{id}/draws",
  summary: "Draw households to visit (seeded, reproducible, stored)",
  tags: ["Schools"],
  security,
  request: {
    params: z.object({ id: id("sch") }),
    body: { content: { "application/json": { schema: DrawCreate } }, required: true },
  },
  responses: {
    201: json(Draw, "The draw"),
    ...errors,
    403: json(ErrorResponse, "Coordinators and district admins only"),
    404: json(ErrorResponse, "Unknown or out-of-scope school"),
  },
});

export const createEventRoute = createRoute({
  method: "post",
  path: "/events",
  summary: "Create an event and invite a school, a class or chosen households (each in their language)",
  tags: ["Events"],
  security,
  request: { body: { content: { "application/json": { schema: EventCreate } }, required: true } },
  responses: {
    201: json(EventSummary, "The event with send progress"),
    ...errors,
    403: json(ErrorResponse, "Coordinators and district admins only"),
  },
});

export const getEventRoute = createRoute({
  method: "get",
  path: "/events/{id}",
  summary: "An event's send progress, RSVPs and attendance",
  tags: ["Events"],
  security,
  request: { params: z.object({ id: id("evt") }) },
  responses: { 200: json(EventSummary, "The event"), ...errors, 404: json(ErrorResponse, "Unknown or out of scope") },
});

export const logContactRoute = createRoute({
  method: "post",
  path: "/families/{id}/logged-contacts",
  summary: "Log a phone call or in-person talk with the family (a touch for cadence)",
  tags: ["Cadence"],
  security,
  request: {
    params: z.object({ id: id("fam") }),
    body: { content: { "application/json": { schema: LoggedContactCreate } }, required: true },
  },
  responses: {
    201: json(
      z.object({
        id: z.string(),
        familyId: z.string(),
        kind: z.enum(["call", "in_person"]),
        at: z.string(),
        note: z.string().nullable(),
      }),
      "The logged contact",
    ),
    ...errors,
    404: json(ErrorResponse, "Unknown or out-of-scope family"),
  },
});

export const cadenceRoute = createRoute({
  method: "get",
  path: "/cadence",
  summary: "Is every visited family contacted as agreed? Status per family and a summary",
  tags: ["Cadence"],
  security,
  request: { query: CadenceQuery },
  responses: { 200: json(CadenceReport, "The cadence report"), ...errors },
});

export const fidelityRoute = createRoute({
  method: "get",
  path: "/reports/fidelity",
  summary: "Each program-model target beside the actual value this school year",
  tags: ["Cadence"],
  security,
  request: { query: z.object({ schoolId: id("sch") }) },
  responses: {
    200: json(
      z.object({
        schoolId: z.string(),
        programModel: z.string(),
        schoolYear: z.string(),
        lines: z.array(
          z.object({
            rule: z.string(),
            target: z.string(),
            actual: z.string().nullable(),
            met: z.boolean().nullable(),
          }),
        ),
        pairs: z
          .array(
            z.object({
              educatorIds: z.array(z.string()),
              names: z.string(),
              visits: z.number(),
              reflected: z.number(),
              rate: z.number().nullable(),
            }),
          )
          .openapi({ description: "Completed visits per pair this year and how many both educators reflected on" }),
        surveys: z
          .unknown()
          .nullable()
          .openapi({ description: "Survey response rates (null until the surveys feature reports them)" }),
      }),
      "Targets and actuals (actual null: not tracked yet)",
    ),
    ...errors,
    404: json(ErrorResponse, "Unknown or out-of-scope school"),
  },
});

const fidelityErrors = {
  ...errors,
  403: json(ErrorResponse, "Role may not do this"),
  404: json(ErrorResponse, "Unknown or out of scope"),
};

export const recordTrainingRoute = createRoute({
  method: "post",
  path: "/trainings",
  summary: "Record a training and who attended (coordinators, district admins)",
  description:
    "Models that require training before visiting (PTHV: the introductory training; HOME WORKS!: two a year) refuse invitations for untrained educators until it is recorded.",
  tags: ["Fidelity"],
  security,
  request: { body: { content: { "application/json": { schema: TrainingCreate } }, required: true } },
  responses: { 201: json(Training, "The training"), ...fidelityErrors },
});

export const recordCommitmentRoute = createRoute({
  method: "put",
  path: "/educators/{id}/commitment",
  summary: "Record an educator's commitment this school year: agreed, supports or declined",
  tags: ["Fidelity"],
  security,
  request: {
    params: z.object({ id: id("edu") }),
    body: { content: { "application/json": { schema: CommitmentSet } }, required: true },
  },
  responses: {
    200: json(z.object({ educatorId: z.string(), schoolYear: z.string(), commitment: z.string() }), "Recorded"),
    ...fidelityErrors,
  },
});

export const setSiteCoordinatorsRoute = createRoute({
  method: "put",
  path: "/schools/{id}/site-coordinators",
  summary: "Name the school's site coordinators (replaces the list; HOME WORKS!: two)",
  tags: ["Fidelity"],
  security,
  request: {
    params: z.object({ id: id("sch") }),
    body: { content: { "application/json": { schema: SiteCoordinatorsSet } }, required: true },
  },
  responses: {
    200: json(z.object({ schoolId: z.string(), educatorIds: z.array(z.string()) }), "The list"),
    ...fidelityErrors,
  },
});

export const reflectVisitRoute = createRoute({
  method: "put",
  path: "/visits/{id}/reflection",
  summary: "Record your own reflection on a completed visit (each educator of the pair)",
  tags: ["Visits"],
  security,
  request: {
    params: z.object({ id: id("vis") }),
    body: { content: { "application/json": { schema: VisitReflection } }, required: true },
  },
  responses: {
    200: json(z.object({ visitId: z.string(), educatorId: z.string(), reflectedAt: z.string() }), "Recorded"),
    ...fidelityErrors,
    409: json(ErrorResponse, "The visit is not completed"),
  },
});

export const logVisitTimeRoute = createRoute({
  method: "put",
  path: "/visits/{id}/time",
  summary: "Log minutes spent arranging, conducting and debriefing a completed visit (for stipends)",
  tags: ["Visits"],
  security,
  request: {
    params: z.object({ id: id("vis") }),
    body: {
      content: {
        "application/json": {
          schema: VisitTimeLog.extend({
            educatorId: id("edu").optional().openapi({ description: "Coordinators: whose time; default yourself" }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(
      z.object({
        visitId: z.string(),
        educatorId: z.string(),
        arrangingMinutes: z.number(),
        conductingMinutes: z.number(),
        debriefingMinutes: z.number(),
        totalMinutes: z.number(),
      }),
      "Logged",
    ),
    ...fidelityErrors,
    409: json(ErrorResponse, "The visit is not completed"),
  },
});

export const compensationRoute = createRoute({
  method: "get",
  path: "/reports/compensation",
  summary: "The compensation log for a pay period: each educator's minutes per visit, with totals",
  tags: ["Fidelity"],
  security,
  request: { query: PayPeriodQuery },
  responses: {
    200: json(
      z.object({
        schoolId: z.string(),
        from: z.string(),
        to: z.string(),
        rows: z.array(
          z.object({
            educatorId: z.string(),
            educator: z.string(),
            visitId: z.string(),
            role: z.string(),
            visitedAtLocal: z.string(),
            arrangingMinutes: z.number().nullable(),
            conductingMinutes: z.number().nullable(),
            debriefingMinutes: z.number().nullable(),
            totalMinutes: z.number().nullable(),
            attested: z.boolean(),
          }),
        ),
        totals: z.array(
          z.object({
            educatorId: z.string(),
            educator: z.string(),
            visits: z.number(),
            totalMinutes: z.number(),
            unlogged: z.number(),
          }),
        ),
      }),
      "The pay period's log",
    ),
    ...fidelityErrors,
  },
});

export const publishConferenceRoute = createRoute({
  method: "post",
  path: "/conferences",
  summary: "PTLT: publish conference slots and invite a teacher's class (each family in its language)",
  description:
    "Cuts the blocks into slots of `minutes`, numbered earliest first, and invites every family of the teacher's class this year. Families book one slot each (first come) by replying with its number or on their link.",
  tags: ["Conferences"],
  security,
  request: { body: { content: { "application/json": { schema: ConferencePublish } }, required: true } },
  responses: {
    201: json(Conference, "The conference and its slots"),
    ...errors,
  },
});

export const getConferenceRoute = createRoute({
  method: "get",
  path: "/conferences/{id}",
  summary: "A conference's slots: who booked which time, and who came",
  tags: ["Conferences"],
  security,
  request: { params: z.object({ id: id("evt") }) },
  responses: {
    200: json(Conference, "The conference"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
  },
});

export const conferenceAttendanceRoute = createRoute({
  method: "put",
  path: "/conferences/{id}/attendance",
  summary: "Record which booked slots' families came (counts toward PTLT's one conference per family)",
  tags: ["Conferences"],
  security,
  request: {
    params: z.object({ id: id("evt") }),
    body: { content: { "application/json": { schema: ConferenceAttendance } }, required: true },
  },
  responses: {
    200: json(Conference, "The conference"),
    ...errors,
    404: json(ErrorResponse, "Unknown or out of scope"),
  },
});
