import type { Actor } from "../../context";
import type { ProgramModel } from "../../domain/program-models";
import type { Visit } from "../../schemas/visits";
import { FieldError, FormErrorAlert, invalidProps } from "../components/form-error";
import { Layout, type Translate } from "../layout";

/** What the lead typed, kept across a refusal so no note is lost. */
export type RecordValues = {
  startedAt: string;
  durationMinutes: string;
  location: string;
  interpreterUsed: boolean;
  hopesAndDreams: string;
  resourceRequests: string;
  evaluation: Record<string, string>;
  planChannel: string;
  cadenceDays: string;
};

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  familyName: string;
  visit: Visit;
  model: ProgramModel;
  defaultCadence: number;
  startedLocal: string;
  /** Present after a refused save: the form shows exactly this again. */
  values?: RecordValues | undefined;
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
  values,
  error,
}: Props) {
  const title = t("record.title", { name: familyName });
  const v: RecordValues = values ?? {
    startedAt: startedLocal,
    durationMinutes: "45",
    location: visit.location,
    interpreterUsed: visit.interpreterLanguage !== null,
    hopesAndDreams: "",
    resourceRequests: "",
    evaluation: {},
    planChannel: "sms",
    cadenceDays: String(defaultCadence),
  };
  const labels = Object.fromEntries((model.evaluation?.questions ?? []).map((q) => [`evaluation.${q.key}`, q.label]));
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href={`/families/${visit.familyId}`}>← {familyName}</a>
      </p>
      <h1>{title}</h1>
      {error && <FormErrorAlert t={t} error={error} labels={labels} />}
      <form method="post" action={`/visits/${visit.id}/record`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("record.startedAt")}{" "}
            <input
              type="datetime-local"
              name="startedAt"
              value={v.startedAt}
              required
              {...invalidProps(error, "startedAt")}
            />
          </label>{" "}
          <FieldError error={error} name="startedAt" />
        </p>
        <p>
          <label>
            {t("record.duration", { min: model.minimumMinutes })}{" "}
            <input
              type="number"
              name="durationMinutes"
              min={model.minimumMinutes}
              max={600}
              value={v.durationMinutes}
              required
              {...invalidProps(error, "durationMinutes")}
            />
          </label>{" "}
          <FieldError error={error} name="durationMinutes" />
        </p>
        <p>
          <label>
            {t("record.location")}{" "}
            <select name="location">
              {model.locations.map((l) => (
                <option value={l} selected={v.location === l}>
                  {t(`invite.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="interpreterUsed" value="1" checked={v.interpreterUsed} />{" "}
            {t("record.interpreter")}
          </label>
        </p>
        <p>
          <label>
            {t("record.hopes")}
            <br />
            <textarea name="hopesAndDreams" rows={4} maxlength={5000} style="width:100%">
              {v.hopesAndDreams}
            </textarea>
          </label>
        </p>
        <p>
          <label>
            {t("record.resources")}
            <br />
            <textarea name="resourceRequests" rows={2} maxlength={2000} style="width:100%">
              {v.resourceRequests}
            </textarea>
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
                  <select
                    id={`evaluation-${q.key}`}
                    name={`evaluation.${q.key}`}
                    required={model.evaluation?.required}
                    {...invalidProps(error, `evaluation.${q.key}`)}
                  >
                    <option value="">—</option>
                    {q.options.map((o) => (
                      <option value={o} selected={v.evaluation[q.key] === o}>
                        {o}
                      </option>
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
                    {...invalidProps(error, `evaluation.${q.key}`)}
                  >
                    {v.evaluation[q.key] ?? ""}
                  </textarea>
                )}{" "}
                <FieldError error={error} name={`evaluation.${q.key}`} />
              </p>
            ))}
          </fieldset>
        )}
        <p>
          <label>
            {t("record.planChannel")}{" "}
            <select name="planChannel">
              {(["sms", "email", "call", "in_person"] as const).map((c) => (
                <option value={c} selected={v.planChannel === c}>
                  {t(`record.channels.${c}`)}
                </option>
              ))}
            </select>
          </label>
        </p>
        <p>
          <label>
            {t("record.cadence")} <input type="number" name="cadenceDays" min={1} max={365} value={v.cadenceDays} />
          </label>
          <br />
          <span class="muted">{t("record.cadenceHint", { days: defaultCadence })}</span>
        </p>
        <button type="submit">{t("record.save")}</button>
      </form>
    </Layout>
  );
}
