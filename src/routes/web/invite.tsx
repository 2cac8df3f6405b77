import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { AppError } from "../../errors";
import { invitationFormOptions, inviteFamily, previewInvitation } from "../../services/visits";
import type { ComposePreview } from "../../views/components/compose";
import { InvitePage, type InviteValues } from "../../views/pages/invite";
import { kickDispatch } from "../background";
import { educatorActor, httpStatusOf, requireSignedIn, serviceContext, translator } from "../middleware";
import { familyClockToIso, formTimes } from "./form-times";

/** The invitation form on a family: choose a partner, round, times and place; preview; send. */
export const inviteRoutes = new Hono<AppEnv>()
  .use("/families/:id/invite", requireSignedIn)
  .get("/families/:id/invite", async (c) =>
    render(c, { partnerId: "", round: "", times: [], location: "home", interpreterLanguage: "", note: "" }, null),
  )
  .post("/families/:id/invite", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const times = formTimes(form);
    const values: InviteValues = {
      partnerId: text("partnerId"),
      round: text("round"),
      times,
      location: text("location") || "home",
      interpreterLanguage: text("interpreterLanguage"),
      note: text("note"),
    };
    const ctx = serviceContext(c);
    const { family } = await invitationFormOptions(ctx, c.req.param("id"));
    // Times are typed on the family's wall clock.
    const slots = familyClockToIso(times, family.timezone);
    if (form.action === "preview") {
      return render(
        c,
        values,
        await previewInvitation(ctx, { familyId: family.id, slots, partnerId: values.partnerId }),
      );
    }
    try {
      await inviteFamily(ctx, {
        familyId: family.id,
        educatorIds: [educatorActor(c).educatorId, values.partnerId],
        round: values.round === "2" ? 2 : values.round === "1" ? 1 : (undefined as never),
        slots,
        location: values.location === "neutral" ? "neutral" : "home",
        interpreterLanguage: (values.interpreterLanguage || undefined) as never,
        note: values.note || undefined,
      });
    } catch (error) {
      if (error instanceof AppError && (error.code === "invalid_request" || error.code === "conflict")) {
        // A round already taken by a visit still ahead: offer to join it (a declined one cannot be).
        const joinVisitId =
          error.code === "conflict" && !error.fields?.familyId?.startsWith("declined")
            ? error.extra?.existingVisitId
            : undefined;
        return render(
          c,
          values,
          null,
          {
            message: error.message,
            fields: error.fields,
            joinVisitId: typeof joinVisitId === "string" ? joinVisitId : undefined,
          },
          httpStatusOf(error) as 400 | 409,
        );
      }
      throw error;
    }
    kickDispatch(c);
    return c.redirect(`/families/${family.id}?invited=1`, 303);
  });

async function render(
  c: Context<AppEnv>,
  values: InviteValues,
  preview: ComposePreview | null,
  error?: { message: string; fields?: Record<string, string> | undefined; joinVisitId?: string | undefined },
  status: 200 | 400 | 409 = 200,
) {
  const options = await invitationFormOptions(serviceContext(c), c.req.param("id")!);
  if (!values.partnerId) values.partnerId = options.partners[0]?.id ?? "";
  // The next open round is picked for the teacher; a round already held is not offered.
  if (!values.round) values.round = String(options.nextOpenRound ?? "");
  return c.html(
    <InvitePage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      options={options}
      values={values}
      preview={preview}
      error={
        error
          ? { message: error.message, fields: error.fields ?? undefined, joinVisitId: error.joinVisitId }
          : undefined
      }
    />,
    status,
  );
}
