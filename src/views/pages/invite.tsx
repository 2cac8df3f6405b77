import type { Actor } from "../../context";
import { LANGUAGE_TAGS, languageName } from "../../domain/languages";
import type { invitationFormOptions } from "../../services/visits";
import { type ComposePreview, PreviewBlock } from "../components/compose";
import { FieldError, FormErrorAlert, invalidProps } from "../components/form-error";
import { ProposedTimesFieldset } from "../components/proposed-times";
import { Layout, type Translate } from "../layout";

export type InviteValues = {
  partnerId: string;
  round: string;
  times: string[];
  location: string;
  interpreterLanguage: string;
  note: string;
};
type Options = Awaited<ReturnType<typeof invitationFormOptions>>;

/** The phone-friendly invitation form, with a preview of the exact message the family gets. */
export function InvitePage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  options: Options;
  values: InviteValues;
  preview: ComposePreview | null;
  error?: { message: string; fields?: Record<string, string>; joinVisitId?: string | undefined } | undefined;
}) {
  const { t, actor, csrfToken, options, values, preview, error } = props;
  const { family, model } = options;
  const open = options.rounds.filter((r) => r.open);
  const taken = options.rounds.filter((r) => !r.open);
  const title = t("invite.title", { name: family.displayName });
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href={`/families/${family.id}`}>← {family.displayName}</a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{t("invite.children", { names: family.students.map((s) => s.firstName).join(", ") })}</p>
      {error && (
        <FormErrorAlert t={t} error={error} labels={{ "educatorIds.1": t("invite.partner") }}>
          {Object.values(error.fields ?? {}).some((f) => f.includes(".training)")) &&
            (actor.role === "educator" ? (
              <p>{t("fidelity.askCoordinator")}</p>
            ) : (
              <p>
                <a href={`/fidelity?school=${family.schoolId}#trainings`}>{t("fidelity.recordTrainingLink")}</a>
              </p>
            ))}
          {error.joinVisitId && (
            <form method="post" action={`/visits/${error.joinVisitId}/join`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <p>{t("invite.joinExplain")}</p>
              <button type="submit">{t("invite.join")}</button>
            </form>
          )}
        </FormErrorAlert>
      )}
      {taken.length > 0 && (
        <ul class="card plain" aria-label={t("invite.visits")}>
          {taken.map((r) => (
            <li>
              {t("invite.roundTaken", {
                round: r.round,
                status: t(`visitStatus.${r.takenBy!.status}`),
                year: options.schoolYear,
              })}
              {r.takenBy!.joinable && (
                <form method="post" action={`/visits/${r.takenBy!.visitId}/join`}>
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit">{t("invite.join")}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {open.length === 0 ? (
        <p role="status">
          <strong>{t("invite.noOpenRound", { year: options.schoolYear })}</strong>
        </p>
      ) : (
        <form method="post" action={`/families/${family.id}/invite`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <p>
            <label for="partnerId">{t("invite.partner")}</label>
            <br />
            <select id="partnerId" name="partnerId" required>
              {options.partners.map((p) => (
                <option value={p.id} selected={values.partnerId === p.id}>
                  {p.name}
                  {p.languages.length ? ` (${p.languages.map(languageName).join(", ")})` : ""}
                  {p.trained ? "" : ` — ${t("fidelity.notTrained")}`}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="round">{t("invite.round")}</label>
            <br />
            <select id="round" name="round" {...invalidProps(error, "round")}>
              {open.map((r) => (
                <option value={String(r.round)} selected={values.round === String(r.round)}>
                  {t("invite.roundOption", {
                    round: r.round,
                    purpose: r.purpose,
                    optional: r.optional ? t("invite.optional") : "",
                  })}
                </option>
              ))}
            </select>{" "}
            <FieldError error={error} name="round" />
          </p>
          <ProposedTimesFieldset
            t={t}
            familyTimeZone={family.timezone}
            educatorTimeZone={actor.timeZone}
            values={values.times}
            min={options.earliest}
            max={options.latest}
            schoolYear={options.schoolYear}
            error={error}
          />
          <p>
            <label for="location">{t("invite.location")}</label>
            <br />
            <select id="location" name="location">
              {model.locations.map((l) => (
                <option value={l} selected={values.location === l}>
                  {t(`invite.${l}`)}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="interpreterLanguage">{t("invite.interpreter")}</label>
            <br />
            <select id="interpreterLanguage" name="interpreterLanguage">
              <option value="">{t("invite.noInterpreter")}</option>
              {LANGUAGE_TAGS.filter((l) => l !== "en").map((l) => (
                <option value={l} selected={values.interpreterLanguage === l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="note">{t("invite.note")}</label>
            <br />
            <textarea id="note" name="note" rows={2} style="width:100%" maxlength={500}>
              {values.note}
            </textarea>
          </p>
          <p>
            <button type="submit" name="action" value="preview">
              {t("invite.preview")}
            </button>{" "}
            <button type="submit" name="action" value="send">
              {t("invite.send")}
            </button>
          </p>
        </form>
      )}
      {preview && <PreviewBlock t={t} preview={preview} />}
    </Layout>
  );
}
