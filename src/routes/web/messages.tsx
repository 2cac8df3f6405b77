import { type Context, Hono } from "hono";
import type { AppEnv } from "../../context";
import { isLanguageTag } from "../../domain/languages";
import { wallTimeToInstant } from "../../domain/local-time";
import { GSM_BASIC, GSM_EXTENDED } from "../../domain/sms-segments";
import { AppError } from "../../errors";
import { logContact } from "../../services/inbox";
import { previewMessage, sendMessage } from "../../services/outbound";
import { TranslationUnavailable } from "../../services/translation";
import { PreviewBlock } from "../../views/components/compose";
import { kickDispatch } from "../background";
import { educatorActor, httpStatusOf, localPath, requireSignedIn, serviceContext, translator } from "../middleware";
import { renderFamilyPage } from "./family-page";

const CHANNELS = new Set(["auto", "sms", "email"]);
const staffLanguageOf = (c: Context<AppEnv>) => c.get("deps").config.translation.staffLanguage;

function composeValues(form: Record<string, unknown>, staffLanguage: string) {
  const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
  const channel = text("channel");
  const source = text("sourceLanguage");
  return {
    templateKey: text("templateKey") || "personal",
    body: text("body"),
    channel: (CHANNELS.has(channel) ? channel : "auto") as "auto" | "sms" | "email",
    sourceLanguage: isLanguageTag(source) ? source : staffLanguage,
    sendAt: text("sendAt"),
  };
}

/** Compose on the family page: preview (as HTML fragment or whole page) and send. */
export const messageRoutes = new Hono<AppEnv>()
  .use("/families/:id/messages/*", requireSignedIn)
  .use("/families/:id/messages", requireSignedIn)
  .get("/families/:id/messages/preview", async (c) => {
    const values = composeValues(c.req.query(), staffLanguageOf(c));
    // As the teacher types: no engine is paid per keystroke; Preview translates.
    const preview = await previewMessage(serviceContext(c), {
      familyId: c.req.param("id"),
      ...values,
      translate: c.req.query("translate") === "1",
    });
    return c.html(<PreviewBlock t={translator(c)} preview={preview} />);
  })
  .post("/families/:id/messages", async (c) => {
    const familyId = c.req.param("id");
    const form = await c.req.parseBody();
    const values = composeValues(form, staffLanguageOf(c));
    const ctx = serviceContext(c);
    const t = translator(c);
    // Checked before anything is stored: a bad redirect target is the form's error, not a 500 after the send.
    const returnTo = form.returnTo === undefined ? `/families/${familyId}` : localPath(form.returnTo, "returnTo");
    if (form.action === "preview") {
      const preview = await previewMessage(ctx, { familyId, ...values, translate: true });
      return renderFamilyPage(c, familyId, { values, preview, returnTo });
    }
    const personal = values.templateKey === "personal";
    const reviewed =
      typeof form.translatedBody === "string" && form.translatedBody.trim() ? form.translatedBody : undefined;
    let result: Awaited<ReturnType<typeof sendMessage>>;
    try {
      result = await sendMessage(ctx, {
        familyId,
        educatorId: educatorActor(c).educatorId,
        templateKey: values.templateKey as "personal",
        body: personal ? values.body : undefined,
        channel: values.channel,
        sourceLanguage: personal ? values.sourceLanguage : undefined,
        translate: form.action !== "send_as_written",
        translatedBody: personal && form.action !== "send_as_written" ? reviewed : undefined,
        sendAt: scheduledFor(form.sendAt, educatorActor(c).timeZone),
      } as Parameters<typeof sendMessage>[1]);
    } catch (error) {
      // Nothing was sent: the teacher sees why, beside the message box, with their text kept.
      if (error instanceof AppError && (error.code === "invalid_request" || error.code === "conflict")) {
        const refusal = { message: t("compose.refused"), fields: error.fields };
        return renderFamilyPage(c, familyId, { values, error: refusal, returnTo }, httpStatusOf(error) as 400 | 409);
      }
      if (!(error instanceof TranslationUnavailable)) throw error;
      const preview = await previewMessage(ctx, { familyId, ...values, translate: true });
      return renderFamilyPage(c, familyId, { values, preview, returnTo });
    }
    if (result.status === "queued") kickDispatch(c);
    const scheduled = result.status === "queued" && typeof form.sendAt === "string" && form.sendAt.trim() !== "";
    return c.redirect(`${returnTo}?${scheduled ? "scheduled=1" : `sent=${result.status}`}`, 303);
  });

/**
 * "Send later" from the form: a wall time on the educator's clock. Empty: send now. Anything
 * unreadable is passed on as typed, so the service refuses it with the field named.
 */
function scheduledFor(value: unknown, timeZone: string): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return wallTimeToInstant(value.trim(), timeZone)?.toISOString() ?? value;
}

/** The family page's "log a call or conversation" form (times on the educator's clock). */
export const logContactRoutes = new Hono<AppEnv>()
  .use("/families/:id/logged-contacts", requireSignedIn)
  .post("/families/:id/logged-contacts", async (c) => {
    const form = await c.req.parseBody();
    const actor = educatorActor(c);
    const at = wallTimeToInstant(String(form.at ?? ""), actor.timeZone);
    await logContact(serviceContext(c), c.req.param("id"), {
      educatorId: actor.educatorId,
      kind: form.kind === "in_person" ? "in_person" : "call",
      at: at?.toISOString() ?? "",
      note: typeof form.note === "string" && form.note.trim() ? form.note : undefined,
    });
    return c.redirect(`/families/${c.req.param("id")}?logged=1`, 303);
  });

/** Progressive enhancement for the compose form: a live preview while typing. */
export const COMPOSE_JS = `
(() => {
  const form = document.getElementById("compose-form");
  const target = document.getElementById("compose-preview");
  if (!form || !target) return;
  let timer;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const data = new FormData(form);
      const query = new URLSearchParams({
        templateKey: data.get("templateKey") || "personal",
        body: data.get("body") || "",
        channel: data.get("channel") || "auto",
        sourceLanguage: data.get("sourceLanguage") || "",
      });
      const response = await fetch(form.dataset.preview + "?" + query, { credentials: "same-origin" });
      if (response.ok) target.innerHTML = await response.text(); // server-rendered, escaped HTML
    }, 300);
  };
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);

  // The counter: characters against the limit and SMS segments, at every keystroke. Same
  // arithmetic as src/domain/sms-segments.ts (GSM-7: 160, or 153 a part; UCS-2: 70, or 67);
  // the preview below then shows Twilio's exact count.
  const body = document.getElementById("body");
  const counter = document.getElementById("compose-counter");
  if (body && counter) {
    const basic = new Set(${JSON.stringify(GSM_BASIC)});
    const extended = new Set(${JSON.stringify(GSM_EXTENDED)});
    const limit = Number(body.dataset.limit);
    const count = () => {
      const text = body.value;
      let gsm = true, septets = 0;
      for (const ch of text) {
        if (basic.has(ch)) septets += 1;
        else if (extended.has(ch)) septets += 2;
        else gsm = false;
      }
      const units = text.length;
      const segments = units === 0 ? 0 : gsm ? (septets <= 160 ? 1 : Math.ceil(septets / 153)) : units <= 70 ? 1 : Math.ceil(units / 67);
      const over = units > limit;
      counter.textContent = (over ? counter.dataset.templateOver : counter.dataset.template)
        .replace("{c}", units.toLocaleString("en-US"))
        .replace("{s}", String(segments))
        .replace("{o}", (units - limit).toLocaleString("en-US"));
      counter.classList.toggle("over", over);
    };
    body.addEventListener("input", count);
    count();
  }
})();
`;

/** Upload progress for large roster files (the form still works without it). */
export const IMPORT_JS = `
(() => {
  const form = document.getElementById("import-form");
  const bar = document.getElementById("import-progress");
  if (!form || !bar || !window.XMLHttpRequest) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100); };
    xhr.onload = () => { document.open(); document.write(xhr.responseText); document.close(); };
    xhr.send(new FormData(form));
  });
})();
`;
