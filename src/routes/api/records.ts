import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context";
import { ErrorResponse, id } from "../../schemas/common";
import {
  AuditPage,
  AuditQuery,
  FamilyDataExport,
  FamilyDeletion,
  FamilyDeletionResult,
  RecordsQuery,
  RetentionScheduleSchema,
} from "../../schemas/records";
import { listAuditEntries } from "../../services/audit";
import { deleteFamily } from "../../services/deletion";
import { exportFamilyData, exportMessages } from "../../services/records";
import { getRetention, updateRetention } from "../../services/retention";
import { requireApiActor, serviceContext } from "../middleware";
import { csvStreamResponse } from "../web/csv-stream";
import { RECORD_COLUMNS, recordCells } from "../web/record-columns";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const security: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
const errors = {
  400: json(ErrorResponse, "Invalid input; `fields` names each bad field"),
  401: json(ErrorResponse, "No valid session or bearer token"),
  403: json(ErrorResponse, "Role may not do this"),
};
const notFound = { 404: json(ErrorResponse, "Unknown or out of scope") };

const recordsRoute = createRoute({
  method: "get",
  path: "/records/messages",
  summary: "Every message in scope for a family, class, school or range, as streamed CSV (audited)",
  tags: ["Records"],
  security,
  request: { query: RecordsQuery },
  responses: {
    200: {
      description: "CSV, one row per message; `x-export-rows` carries the row count",
      content: { "text/csv": { schema: z.string() } },
    },
    ...errors,
    ...notFound,
  },
});

const familyDataRoute = createRoute({
  method: "get",
  path: "/families/{id}/data",
  summary: "Everything held about one family, for an access request (audited)",
  tags: ["Records"],
  security,
  request: { params: z.object({ id: id("fam") }) },
  responses: { 200: json(FamilyDataExport, "The family's data"), ...errors, ...notFound },
});

const deleteFamilyRoute = createRoute({
  method: "post",
  path: "/families/{id}/deletion",
  summary: "Delete a family on request (district admins; erases personal data, keeps counts; audited)",
  tags: ["Records"],
  security,
  request: {
    params: z.object({ id: id("fam") }),
    body: { content: { "application/json": { schema: FamilyDeletion } }, required: true },
  },
  responses: { 200: json(FamilyDeletionResult, "What was erased"), ...errors, ...notFound },
});

const auditRoute = createRoute({
  method: "get",
  path: "/audit",
  summary: "The audit log, newest first, 50 a page (district admins)",
  tags: ["Records"],
  security,
  request: { query: AuditQuery },
  responses: { 200: json(AuditPage, "One page; `next` is the cursor of the following page"), ...errors },
});

const getRetentionRoute = createRoute({
  method: "get",
  path: "/settings/retention",
  summary: "The district's retention schedule (district admins)",
  tags: ["Records"],
  security,
  responses: { 200: json(RetentionScheduleSchema, "The schedule, defaults filled in"), ...errors },
});

const putRetentionRoute = createRoute({
  method: "put",
  path: "/settings/retention",
  summary: "Set the district's retention schedule (district admins; audited)",
  tags: ["Records"],
  security,
  request: { body: { content: { "application/json": { schema: RetentionScheduleSchema } }, required: true } },
  responses: { 200: json(RetentionScheduleSchema, "The saved schedule"), ...errors },
});

const date = (value: string | undefined) => (value ? new Date(value) : undefined);

/** Records requests, deletion, the audit log and retention over the API (issue 22). */
export function registerRecordsApi(api: OpenAPIHono<AppEnv>) {
  api.use("/records/*", requireApiActor);
  api.use("/audit", requireApiActor);
  api.use("/settings/*", requireApiActor);

  api.openapi(recordsRoute, async (c) => {
    const q = c.req.valid("query");
    const records = await exportMessages(serviceContext(c), {
      familyId: q.familyId,
      educatorId: q.educatorId,
      schoolId: q.schoolId,
      from: date(q.from),
      to: date(q.to),
    });
    return csvStreamResponse("messages.csv", RECORD_COLUMNS, records.total, records.rows, recordCells) as never;
  });
  api.openapi(familyDataRoute, async (c) =>
    c.json(await exportFamilyData(serviceContext(c), c.req.valid("param").id), 200),
  );
  api.openapi(deleteFamilyRoute, async (c) =>
    c.json(await deleteFamily(serviceContext(c), { familyId: c.req.valid("param").id, ...c.req.valid("json") }), 200),
  );
  api.openapi(auditRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await listAuditEntries(
      serviceContext(c),
      { actorId: q.actorId, familyId: q.familyId, action: q.action, from: date(q.from), to: date(q.to) },
      { after: q.after },
    );
    return c.json({ entries: page.entries.map((e) => ({ ...e, at: e.at.toISOString() })), next: page.next }, 200);
  });
  api.openapi(getRetentionRoute, async (c) => c.json((await getRetention(serviceContext(c))).schedule, 200));
  api.openapi(putRetentionRoute, async (c) =>
    c.json(await updateRetention(serviceContext(c), c.req.valid("json")), 200),
  );
}
