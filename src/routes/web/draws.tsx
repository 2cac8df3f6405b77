import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { PROGRAM_MODELS, type SelectionFlag } from "../../domain/program-models";
import { listSchools } from "../../services/schools";
import { drawForSchool, listDraws } from "../../services/visits";
import { DrawsPage } from "../../views/pages/draws";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** /draws — coordinators' "who to visit" page (their school; admins pick with ?school=). */
export const drawRoutes = new Hono<AppEnv>()
  .use("/draws", requireSignedIn)
  .get("/draws", async (c) => render(c))
  .post("/draws", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const schoolId = await schoolOf(c);
    const count = Number(form.count);
    await drawForSchool(serviceContext(c), {
      schoolId,
      count: Number.isInteger(count) && count > 0 ? count : null,
      seed: typeof form.seed === "string" ? form.seed : undefined,
      excludeVisitedBefore: form.exclude === "1" ? true : undefined,
      prioritize: ([] as unknown[]).concat(form.prioritize ?? []).map(String) as SelectionFlag[],
    });
    return c.redirect(`/draws?school=${schoolId}`, 303);
  });

async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  return schools.find((s) => s.id === c.req.query("school"))?.id ?? schools[0]?.id ?? "";
}

async function render(c: Context<AppEnv>) {
  const ctx = serviceContext(c);
  const schoolId = await schoolOf(c);
  const schools = await listSchools(ctx);
  const school = schools.find((s) => s.id === schoolId);
  const { draws, names } = await listDraws(ctx, schoolId);
  return c.html(
    <DrawsPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      schoolId={schoolId}
      allowedFlags={school ? PROGRAM_MODELS[school.programModel].selection.prioritize : []}
      draws={draws}
      names={names}
    />,
  );
}
