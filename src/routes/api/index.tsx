import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context";
import { cadenceReport } from "../../services/cadence";
import { getConference, markConferenceAttendance, publishConference } from "../../services/conferences";
import { createEvent, getEvent } from "../../services/events";
import { createFamily, getFamily, listFamilies } from "../../services/families";
import {
  compensationLog,
  fidelityReport,
  logVisitTime,
  recordCommitment,
  recordReflection,
  recordTraining,
  setSiteCoordinators,
} from "../../services/fidelity";
import { listFamilyMessages, logContact } from "../../services/inbox";
import { sendMessage } from "../../services/outbound";
import { requireVisitInScope } from "../../services/queries";
import { importInputFromUpload, importRoster } from "../../services/roster";
import { createEducator, createSchool, listSchools } from "../../services/schools";
import {
  attestVisit,
  cancelVisit,
  completeVisit,
  confirmVisit,
  drawForSchool,
  inviteFamily,
  proposeNewTimes,
  recordNoShow,
  visitView,
} from "../../services/visits";
import { kickDispatch } from "../background";
import { importBodyLimit } from "../import-body-limit";
import { requireApiActor, serviceContext } from "../middleware";
import { ApiDocsPage } from "./docs";
import { registerRecordsApi } from "./records";
import * as r from "./routes";
import { rejectInvalid } from "./validation";

/** `/api/v1`: JSON in, JSON out. Handlers are one line each: the work is in services/. */
export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid });

  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "ADMIN_API_TOKEN: acts as a district admin",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-doorstep_session",
    description:
      "A signed-in educator's session (doorstep_session in development). Writes with it must come from Doorstep's own origin (Sec-Fetch-Site: same-origin or a matching Origin), else 403 cross_origin.",
  });
  const document = {
    openapi: "3.1.0",
    info: {
      title: "Doorstep API",
      version: "1.0.0",
      description:
        "Family–educator messaging for home-visit programs. Errors: {error: {code, message, fields?, requestId}}; every response carries X-Request-Id (a well-formed one sent by the caller is kept). Request bodies are limited to 1 MB (imports: 10 MB); larger ones are refused with 413 payload_too_large before they are read. Responses carry Cache-Control: no-store.",
    },
    servers: [{ url: "/api/v1" }],
  };
  api.doc31("/openapi.json", document);
  api.get("/docs", (c) =>
    c.html(<ApiDocsPage spec={api.getOpenAPI31Document(document) as Parameters<typeof ApiDocsPage>[0]["spec"]} />),
  );

  api.use("/schools/*", requireApiActor);
  api.use("/schools", requireApiActor);
  api.use("/educators", requireApiActor);
  api.use("/educators/*", requireApiActor);
  api.use("/trainings", requireApiActor);
  api.use("/families", requireApiActor);
  api.use("/families/*", requireApiActor);
  api.use("/messages", requireApiActor);
  api.use("/visits", requireApiActor);
  api.use("/events", requireApiActor);
  api.use("/cadence", requireApiActor);
  api.use("/imports", requireApiActor);
  api.use("/reports/*", requireApiActor);
  api.use("/events/*", requireApiActor);
  api.use("/conferences", requireApiActor);
  api.use("/conferences/*", requireApiActor);
  api.use("/visits/*", requireApiActor);
  registerRecordsApi(api);

  api.openapi(r.createSchoolRoute, async (c) =>
    c.json(await createSchool(serviceContext(c), c.req.valid("json")), 201),
  );
  api.openapi(r.listSchoolsRoute, async (c) => c.json({ schools: await listSchools(serviceContext(c)) }, 200));
  api.openapi(r.createEducatorRoute, async (c) =>
    c.json(await createEducator(serviceContext(c), c.req.valid("json")), 201),
  );
  api.openapi(r.createFamilyRoute, async (c) =>
    c.json(await createFamily(serviceContext(c), c.req.valid("json")), 201),
  );
  api.openapi(r.getFamilyRoute, async (c) => c.json(await getFamily(serviceContext(c), c.req.valid("param").id), 200));
  api.openapi(r.listFamiliesRoute, async (c) =>
    c.json(await listFamilies(serviceContext(c), c.req.valid("query")), 200),
  );
  api.openapi(r.sendMessageRoute, async (c) => {
    const result = await sendMessage(serviceContext(c), c.req.valid("json"));
    if (result.status === "queued") kickDispatch(c);
    return c.json(result, 202);
  });
  api.openapi(r.listFamilyMessagesRoute, async (c) =>
    c.json({ messages: await listFamilyMessages(serviceContext(c), c.req.valid("param").id) }, 200),
  );
  api.openapi(r.createVisitRoute, async (c) => {
    const visit = await inviteFamily(serviceContext(c), c.req.valid("json"));
    if (visit.invitation.status === "queued") kickDispatch(c);
    return c.json(visit, 201);
  });
  api.openapi(r.getVisitRoute, async (c) => {
    const ctx = serviceContext(c);
    await requireVisitInScope(ctx, c.req.valid("param").id);
    return c.json(await visitView(ctx.deps.db, c.req.valid("param").id, ctx.actor), 200);
  });
  api.openapi(r.completeVisitRoute, async (c) =>
    c.json(await completeVisit(serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(r.createDrawRoute, async (c) =>
    c.json(await drawForSchool(serviceContext(c), { schoolId: c.req.valid("param").id, ...c.req.valid("json") }), 201),
  );
  api.openapi(r.createEventRoute, async (c) => {
    const event = await createEvent(serviceContext(c), c.req.valid("json"));
    kickDispatch(c);
    return c.json(event, 201);
  });
  api.openapi(r.publishConferenceRoute, async (c) => {
    const ctx = serviceContext(c);
    const published = await publishConference(ctx, c.req.valid("json"));
    kickDispatch(c);
    return c.json(await getConference(ctx, published.eventId), 201);
  });
  api.openapi(r.getConferenceRoute, async (c) =>
    c.json(await getConference(serviceContext(c), c.req.valid("param").id), 200),
  );
  api.openapi(r.conferenceAttendanceRoute, async (c) =>
    c.json(
      await markConferenceAttendance(serviceContext(c), {
        eventId: c.req.valid("param").id,
        attendedSlotIds: c.req.valid("json").attendedSlotIds,
      }),
      200,
    ),
  );
  api.openapi(r.getEventRoute, async (c) => c.json(await getEvent(serviceContext(c), c.req.valid("param").id), 200));
  api.openapi(r.logContactRoute, async (c) =>
    c.json(await logContact(serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  api.openapi(r.cadenceRoute, async (c) => c.json(await cadenceReport(serviceContext(c), c.req.valid("query")), 200));
  api.openapi(r.fidelityRoute, async (c) =>
    c.json(await fidelityReport(serviceContext(c), c.req.valid("query").schoolId), 200),
  );
  api.openapi(r.recordTrainingRoute, async (c) =>
    c.json(await recordTraining(serviceContext(c), c.req.valid("json")), 201),
  );
  api.openapi(r.recordCommitmentRoute, async (c) =>
    c.json(
      await recordCommitment(serviceContext(c), { educatorId: c.req.valid("param").id, ...c.req.valid("json") }),
      200,
    ),
  );
  api.openapi(r.setSiteCoordinatorsRoute, async (c) =>
    c.json(await setSiteCoordinators(serviceContext(c), c.req.valid("param").id, c.req.valid("json").educatorIds), 200),
  );
  api.openapi(r.reflectVisitRoute, async (c) =>
    c.json(await recordReflection(serviceContext(c), c.req.valid("param").id, c.req.valid("json").reflection), 200),
  );
  api.openapi(r.logVisitTimeRoute, async (c) =>
    c.json(await logVisitTime(serviceContext(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(r.compensationRoute, async (c) =>
    c.json(await compensationLog(serviceContext(c), c.req.valid("query")), 200),
  );
  api.openapi(r.noShowVisitRoute, async (c) =>
    c.json(await recordNoShow(serviceContext(c), c.req.valid("param").id), 200),
  );
  api.openapi(r.confirmVisitRoute, async (c) =>
    c.json(await confirmVisit(serviceContext(c), c.req.valid("param").id), 200),
  );
  api.openapi(r.proposeVisitTimesRoute, async (c) => {
    const visit = await proposeNewTimes(serviceContext(c), c.req.valid("param").id, c.req.valid("json").slots);
    kickDispatch(c);
    return c.json(visit, 200);
  });
  api.openapi(r.cancelVisitRoute, async (c) => {
    const visit = await cancelVisit(serviceContext(c), c.req.valid("param").id, c.req.valid("json")?.reason);
    kickDispatch(c);
    return c.json(visit, 200);
  });
  api.openapi(r.attestVisitRoute, async (c) =>
    c.json(await attestVisit(serviceContext(c), c.req.valid("param").id), 200),
  );
  // Multipart uploads are parsed by hand (zod-openapi validates JSON bodies); documented below.
  // The upload's own size cap comes before the body is read (413 naming the limit).
  api.use("/imports", importBodyLimit);
  api.post("/imports", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const uploads = ([] as unknown[])
      .concat(form.files ?? [], form.file ?? [])
      .filter((f): f is File => f instanceof File);
    const input = await importInputFromUpload(uploads, {
      schoolId: typeof form.schoolId === "string" ? form.schoolId : c.req.query("schoolId"),
      commit: c.req.query("commit") === "true",
      acceptErrors: c.req.query("acceptErrors") === "true",
      language: typeof form.language === "string" ? form.language : undefined,
      channel: typeof form.channel === "string" ? form.channel : undefined,
      timezone: typeof form.timezone === "string" ? form.timezone : c.req.query("timezone"),
    });
    const result = await importRoster(serviceContext(c), input);
    if (result.acceptanceNeeded)
      return c.json(
        {
          error: {
            code: "rows_not_imported",
            message: `Nothing was written: ${result.notImported} rows would not be imported. Fix them, or add acceptErrors=true to apply the rest.`,
            fields: { acceptErrors: "must be true to apply with rows not imported" },
            requestId: c.get("requestId"),
          },
          ...result,
        },
        409,
      );
    return c.json(result, 200);
  });
  api.openAPIRegistry.registerPath({
    method: "post",
    path: "/imports",
    summary: "Import a roster: OneRoster 1.1 (.zip or CSV files) or the spreadsheet .csv; dry run unless ?commit=true",
    tags: ["Roster"],
    security: [{ bearer: [] }, { session: [] }],
    request: {
      query: z.object({
        commit: z.enum(["true", "false"]).optional(),
        acceptErrors: z
          .enum(["true", "false"])
          .optional()
          .openapi({ description: "Apply although some rows are not imported (they are listed in the errors)" }),
        schoolId: z.string().optional(),
        timezone: z.string().optional().openapi({
          description: "IANA zone of the district; needed only when a new deployment's district is created",
        }),
      }),
      body: {
        content: {
          "multipart/form-data": {
            schema: z.object({
              files: z.any().openapi({ type: "array", items: { type: "string", format: "binary" } }),
              schoolId: z.string().optional().openapi({ description: "Required for a spreadsheet" }),
              language: z.string().optional(),
              channel: z.enum(["sms", "email"]).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: {
        description:
          "{committed, notImported, acceptanceNeeded, districtCreated, deactivations: [{kind, name, externalId, school}], schools, educators, families, contacts, students}: each kind {created, updated, unchanged, deactivated, errors: [{file, line, message}]} (line 1 = the header)",
      },
      400: {
        description:
          "No usable file, a file missing or unreadable, a spreadsheet without schoolId, too many zip entries",
      },
      409: {
        description:
          "commit=true but rows would not be imported and acceptErrors is not true: nothing written; the body is the dry run plus error",
      },
      413: { description: "Upload over 32 MiB, a file over 64 MiB inflated, or all files over 128 MiB inflated" },
      403: { description: "Coordinators and district admins only" },
    },
  });
  return api;
}
