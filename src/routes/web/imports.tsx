import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { SPREADSHEET_HEADERS } from "../../domain/roster/spreadsheet";
import { type ImportResult, importInputFromUpload, importRoster } from "../../services/roster";
import { listSchools } from "../../services/schools";
import { ImportsPage } from "../../views/pages/imports";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** /imports — upload a roster, see the dry run, confirm. Plus the spreadsheet template. */
export const importRoutes = new Hono<AppEnv>()
  .use("/imports", requireSignedIn)
  .use("/imports/*", requireSignedIn)
  .get("/imports/template.csv", (c) =>
    c.body(`${SPREADSHEET_HEADERS.join(",")}\r\n`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="doorstep-roster-template.csv"',
    }),
  )
  .get("/imports", async (c) => render(c, null))
  // No body cap here: the CSRF middleware has read the body before this route runs, so the cap
  // must come before it (the app-wide body limits); importInputFromUpload still checks sizes.
  .post("/imports", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const uploads = ([] as unknown[])
      .concat(form.files ?? [])
      .filter((f): f is File => f instanceof File && f.size > 0);
    const commit = form.commit === "1";
    const input = await importInputFromUpload(uploads, {
      schoolId: typeof form.schoolId === "string" ? form.schoolId : undefined,
      commit,
      acceptErrors: form.acceptErrors === "1",
      language: typeof form.language === "string" ? form.language : undefined,
      channel: typeof form.channel === "string" ? form.channel : undefined,
    });
    const result = await importRoster(serviceContext(c), input);
    // Refused for rows not imported: the page shows the dry run with the list (409, not a 200).
    return render(c, result, result.acceptanceNeeded ? 409 : 200);
  });

async function render(c: Context<AppEnv>, result: ImportResult | null, status: 200 | 409 = 200) {
  return c.html(
    <ImportsPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      schools={await listSchools(serviceContext(c))}
      result={result}
    />,
    status,
  );
}
