import type { Context } from "hono";
import type { AppEnv } from "../../context";
import { instantToWallTime } from "../../domain/local-time";
import { getFamily, listFamilyActivity } from "../../services/families";
import { listScheduledMessages } from "../../services/outbound";
import type { ComposePreview, ComposeValues } from "../../views/components/compose";
import type { FormError } from "../../views/components/form-error";
import { FamilyPage } from "../../views/pages/family";
import { educatorActor, serviceContext, translator } from "../middleware";

/** The family page, with the compose form in a given state (used by GET and by Preview). */
export async function renderFamilyPage(
  c: Context<AppEnv>,
  familyId: string,
  compose: {
    values?: ComposeValues;
    preview?: ComposePreview | null;
    notice?: string | undefined;
    /** A refused send: shown beside the message box, the text kept. */
    error?: FormError | undefined;
    returnTo?: string | undefined;
  } = {},
  status: 200 | 400 | 409 = 200,
) {
  const ctx = serviceContext(c);
  const family = await getFamily(ctx, familyId);
  const activity = await listFamilyActivity(ctx, familyId);
  const scheduled = await listScheduledMessages(ctx, { familyId });
  return c.html(
    <FamilyPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      family={family}
      activity={activity}
      scheduled={scheduled}
      compose={{
        values: compose.values ?? {
          templateKey: "personal",
          body: "",
          channel: "auto",
          sourceLanguage: ctx.deps.config.translation.staffLanguage,
        },
        preview: compose.preview ?? null,
        error: compose.error,
        returnTo: compose.returnTo,
      }}
      notice={compose.notice}
      nowLocal={instantToWallTime(ctx.deps.clock.now(), educatorActor(c).timeZone)}
    />,
    status,
  );
}
