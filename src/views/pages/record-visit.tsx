import type { Actor } from "../../context";
import type { ProgramModel } from "../../domain/program-models";
import type { Visit } from "../../schemas/visits";
import { FormErrorAlert } from "../components/form-error";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  familyName: string;
  visit: Visit;
  model: ProgramModel;
  defaultCadence: number;
  startedLocal: string;
  error?: { message: string; fields?: Record<string, string> | undefined } | undefined;
};

/** The lead records the visit on a phone, right after it: a handful of fields, defaults filled in. */
export function RecordVisitPage({
  t,
  actor,
  csrfToken,
  familyName,
  visit,
  model,
  defaultCadence,
  startedLocal,
  error,
}: Props) {
  const title = t("record.title", { name: familyName });
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href={`/families/${visit.familyId}`}>← {familyName}</a>
      </p>
      <h1>{title}</h1>
      {error && <FormErrorAlert error={error} />}
      <form method="post" action={`/visits/${visit.id}/record`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("record.startedAt")} <input type="datetime-local" name="startedAt" value={startedLocal} required />
          </label>
        </p>
        <p>
          <label>
            {t("record.duration", { min: model.minimumMinutes })}{" "}
            <input type="number" name="durationMinutes" min={model.minimumMinutes} max={600} value="45" required />
          </label>
        </p>
        <p>
          <label>
            {t("record.location")}{" "}
            <select name="location">
              {model.locations.map((l) => (
                <option value={l} selected={visit.location === l}>
                  {t(`invite.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="interpreterUsed" value="1" checked={visit.interpreterLanguage !== null} />{" "}
            {t("record.interpreter")}
          </label>
        </p>
        <p>
          <label>
            {t("record.hopes")}
            <br />
            <textarea name="hopesAndDreams" rows={4} maxlength={5000} style="width:100%" />
          </label>
        </p>
        <p>
          <label>
            {t("record.resources")}
            <br />
            <textarea name="resourceRequests" rows={2} maxlength={2000} style="width:100%" />
          </label>
        </p>
        {model.evaluation && (
          <fieldset>
            <legend>
              {model.evaluation.name}
              {model.evaluation.required ? ` (${t("record.required")})` : ""}
            </legend>
            {model.evaluation.questions.map((q) => (
              <p>
                <label for={`evaluation-${q.key}`}>{q.label}</label>
                <br />
                {q.kind === "choice" ? (
                  <select id={`evaluation-${q.key}`} name={`evaluation.${q.key}`} required={model.evaluation?.required}>
                    <option value="">—</option>
                    {q.options.map((o) => (
                      <option value={o}>{o}</option>
                    ))}
                  </select>
                ) : (
                  <textarea
                    id={`evaluation-${q.key}`}
                    name={`evaluation.${q.key}`}
                    rows={2}
                    maxlength={1000}
                    style="width:100%"
                    required={model.evaluation?.required}
                  />
                )}
              </p>
            ))}
          </fieldset>
        )}
        <p>
          <label>
            {t("record.planChannel")}{" "}
            <select name="planChannel">
              {(["sms", "email", "call", "in_person"] as const).map((c) => (
                <option value={c}>{t(`record.channels.${c}`)}</option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            {t("record.cadence")}{" "}
            <input type="number" name="cadenceDays" min={1} max={365} value={String(defaultCadence)} />
          </label>
          <br />
          <span class="muted">{t("record.cadenceHint", { days: defaultCadence })}</span>
        </p>
        <button type="submit">{t("record.save")}</button>
      </form>
    </Layout>
  );
}
