import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { ValidationError } from "../../errors";
import { getOfficeHours, listTeamOfficeHours, setOfficeHours } from "../../services/office-hours";
import { cancelScheduledMessage, listScheduledMessages } from "../../services/outbound";
import { formOfHours, type OfficeHoursForm, OfficeHoursPage } from "../../views/pages/office-hours";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** Office hours (every educator's own; coordinators also see the team's) and cancelling scheduled messages. */
export const officeHoursRoutes = new Hono<AppEnv>()
  .use("/settings/office-hours", requireSignedIn)
  .use("/messages/:id/cancel", requireSignedIn)
  .get("/settings/office-hours", async (c) => {
    const { hours, timeZone } = await getOfficeHours(serviceContext(c));
    return render(c, { form: formOfHours(hours), timeZone, saved: c.req.query("saved") === "1" });
  })
  .post("/settings/office-hours", async (c) => {
    const ctx = serviceContext(c);
    const body = await c.req.parseBody();
    const form: OfficeHoursForm = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : undefined]),
    );
    try {
      await setOfficeHours(ctx, form);
      return c.redirect("/settings/office-hours?saved=1", 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // What was typed stays in the form, with each problem beside its field.
      return render(c, { form, timeZone: educatorActor(c).timeZone, fields: error.fields }, 400);
    }
  })
  .post("/messages/:id/cancel", async (c) => {
    await cancelScheduledMessage(serviceContext(c), { messageId: c.req.param("id") });
    const form = await c.req.parseBody();
    const returnTo = typeof form.returnTo === "string" && /^\/[a-z]/i.test(form.returnTo) ? form.returnTo : "/";
    return c.redirect(`${returnTo}?unscheduled=1`, 303);
  });

async function render(
  c: Context<AppEnv>,
  state: { form: OfficeHoursForm; timeZone: string; fields?: Record<string, string> | undefined; saved?: boolean },
  status: 200 | 400 = 200,
) {
  const ctx = serviceContext(c);
  const actor = educatorActor(c);
  const staff = actor.role !== "educator";
  const [team, scheduled] = staff
    ? await Promise.all([listTeamOfficeHours(ctx), listScheduledMessages(ctx)])
    : [undefined, undefined];
  return c.html(
    <OfficeHoursPage
      t={translator(c)}
      actor={actor}
      csrfToken={c.get("csrfToken")}
      {...state}
      team={team}
      scheduled={scheduled}
    />,
    status,
  );
}
