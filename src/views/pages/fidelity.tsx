import type { Actor } from "../../context";
import type { School } from "../../schemas/schools";
import type { fidelityOverview } from "../../services/fidelity";
import { type FormError, FormErrorAlert } from "../components/form-error";
import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  schools: School[];
  data: Awaited<ReturnType<typeof fidelityOverview>>;
  today: string;
  error?: FormError | undefined;
};

const COMMITMENTS = ["agreed", "supports", "declined"] as const;
const TRAINING_KINDS = ["introductory", "mandatory", "refresher", "debrief"] as const;

/**
 * Coordinators and district admins: each program-model target beside this year's actual, then
 * the records behind them — trainings, staff commitment, site coordinators — with forms to add.
 */
export function FidelityPage({ t, actor, csrfToken, schools, data, today, error }: Props) {
  const { school, report } = data;
  const q = `school=${school.id}`;
  return (
    <Layout title={t("fidelity.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>
        {t("fidelity.title")}: {school.name}
      </h1>
      {schools.length > 1 && (
        <form method="get" action="/fidelity" class="inline">
          <label>
            {t("fidelity.school")}{" "}
            <select name="school">
              {schools.map((s) => (
                <option value={s.id} selected={s.id === school.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit">{t("fidelity.show")}</button>
        </form>
      )}
      {error && <FormErrorAlert t={t} error={error} />}
      <p class="muted">{t("fidelity.intro", { model: report.programModel, year: report.schoolYear })}</p>
      <table>
        <caption>{t("fidelity.targets")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("fidelity.rule")}</th>
            <th scope="col">{t("fidelity.target")}</th>
            <th scope="col">{t("fidelity.actual")}</th>
            <th scope="col">{t("fidelity.met")}</th>
          </tr>
        </thead>
        <tbody>
          {report.lines.map((l) => (
            <tr>
              <td>{l.rule}</td>
              <td>{l.target}</td>
              <td>{l.actual ?? t("fidelity.notYet")}</td>
              <td>{l.met === null ? "—" : l.met ? t("fidelity.yes") : t("fidelity.no")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/fidelity.csv?${q}`}>{t("fidelity.csv")}</a>
      </p>
      <section class="card" id="surveys">
        <h2>{t("fidelity.surveys")}</h2>
        {report.surveys.length === 0 ? (
          <p>{t("fidelity.surveysNone")}</p>
        ) : (
          <ul class="plain">
            {report.surveys.map((s) => (
              <li>
                <a href={`/surveys/${s.surveyId}`}>{s.title}</a> ·{" "}
                {s.rate === null
                  ? t("fidelity.surveyNotSent")
                  : t("fidelity.surveyRate", {
                      responded: s.responded,
                      recipients: s.recipients,
                      percent: Math.round(s.rate * 100),
                    })}
              </li>
            ))}
          </ul>
        )}
      </section>
      {report.pairs.length > 0 && (
        <table>
          <caption>{t("fidelity.pairs")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fidelity.pair")}</th>
              <th scope="col">{t("fidelity.visits")}</th>
              <th scope="col">{t("fidelity.reflected")}</th>
            </tr>
          </thead>
          <tbody>
            {report.pairs.map((p) => (
              <tr>
                <td>{p.names}</td>
                <td>{p.visits}</td>
                <td>
                  {p.reflected} ({p.rate === null ? "—" : `${Math.round(p.rate * 100)}%`})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="trainings">{t("fidelity.trainings")}</h2>
      <form method="post" action={`/fidelity/trainings?${q}`} class="card">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("fidelity.kind")}{" "}
            <select name="kind">
              {TRAINING_KINDS.map((k) => (
                <option value={k}>{t(`fidelity.kinds.${k}`)}</option>
              ))}
            </select>
          </label>{" "}
          <label>
            {t("fidelity.trainingTitle")} <input name="title" required maxlength={200} />
          </label>
        </p>
        <p>
          <label>
            {t("fidelity.heldOn")} <input type="date" name="heldOn" required max={today} />
          </label>{" "}
          <label>
            {t("fidelity.minutes")} <input type="number" name="durationMinutes" min={1} value="180" required />
          </label>
        </p>
        <fieldset>
          <legend>{t("fidelity.attended")}</legend>
          {data.staff.map((s) => (
            <label>
              <input type="checkbox" name="educatorIds" value={s.id} /> {s.name}{" "}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("fidelity.recordTraining")}</button>
      </form>
      <ul>
        {data.trainings.map((tr) => (
          <li>
            {tr.heldOn} · {t(`fidelity.kinds.${tr.kind}`)} · {tr.title} (
            {tr.beforeDoorstep ? t("fidelity.beforeDoorstep") : `${tr.durationMinutes} min`}): {tr.attendees.join(", ")}
          </li>
        ))}
      </ul>

      <h2 id="staff">{t("fidelity.staff")}</h2>
      <form method="post" action={`/fidelity/staff?${q}`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fidelity.educator")}</th>
              <th scope="col">{t("fidelity.trainedThisYear")}</th>
              <th scope="col">{t("fidelity.commitment")}</th>
              <th scope="col">{t("fidelity.siteCoordinator")}</th>
            </tr>
          </thead>
          <tbody>
            {data.staff.map((s) => (
              <tr>
                <td>
                  {s.name} <span class="muted">({t(`roles.${s.role}`)})</span>
                </td>
                <td>
                  {s.trainingsThisYear} / {s.trainingsEver}
                </td>
                <td>
                  <select name={`commitment.${s.id}`} aria-label={t("fidelity.commitmentOf", { name: s.name })}>
                    <option value="" selected={!s.commitment}>
                      —
                    </option>
                    {COMMITMENTS.map((c) => (
                      <option value={c} selected={s.commitment === c}>
                        {t(`fidelity.commitments.${c}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    name="siteCoordinator"
                    value={s.id}
                    checked={s.siteCoordinator}
                    aria-label={t("fidelity.siteCoordinatorOf", { name: s.name })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">{t("fidelity.saveStaff")}</button>
      </form>

      <h2 id="compensation">{t("fidelity.compensation")}</h2>
      <form method="get" action="/fidelity/compensation.csv" class="card">
        <input type="hidden" name="school" value={school.id} />
        <label>
          {t("fidelity.from")} <input type="date" name="from" required />
        </label>{" "}
        <label>
          {t("fidelity.to")} <input type="date" name="to" required />
        </label>{" "}
        <button type="submit">{t("fidelity.compensationCsv")}</button>
      </form>
    </Layout>
  );
}
