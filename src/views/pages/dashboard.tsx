import type { Actor } from "../../context";
import { LANGUAGE_TAGS, LANGUAGES } from "../../domain/languages";
import type { DashboardFilter, schoolDashboard } from "../../services/dashboard";
import { Layout, type Translate } from "../layout";

type Dashboard = Awaited<ReturnType<typeof schoolDashboard>>;
const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

/** KPIs beside targets, touches per week (SVG with a table for screen readers), educators, overdue. */
export function DashboardPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  data: Dashboard;
  names: Map<string, string>;
  filter: DashboardFilter;
}) {
  const { t, actor, csrfToken, data, names, filter } = props;
  // The exports carry the same filters as the page, so the CSV is what the coordinator sees.
  const query = new URLSearchParams({ school: data.school.id });
  if (filter.educatorId) query.set("educator", filter.educatorId);
  if (filter.language) query.set("language", filter.language);
  if (filter.round) query.set("round", String(filter.round));
  const k = data.kpis;
  const kpi = (label: string, value: string, target?: string | null) => (
    <div class="card" style="min-width:10rem;flex:1">
      <div class="muted">{label}</div>
      <div style="font-size:1.6rem;font-weight:700">{value}</div>
      {target && <div class="muted">{target}</div>}
    </div>
  );
  const max = Math.max(1, ...data.weeks.map((w) => w.family + w.educator));
  const barWidth = 24;
  return (
    <Layout title={t("dashboard.title", { school: data.school.name })} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("dashboard.title", { school: data.school.name })}</h1>
      <p class="muted">
        {t("dashboard.model", { model: data.school.model })}
        {actor.role === "district_admin" && (
          <>
            {" · "}
            <a href="/dashboard/district">{t("dashboard.allSchools")}</a>
          </>
        )}
      </p>
      <form method="get" action="/dashboard">
        <input type="hidden" name="school" value={data.school.id} />
        <label>
          {t("dashboard.filterEducator")}{" "}
          <select name="educator">
            <option value="">{t("dashboard.all")}</option>
            {data.perEducator.map((e) => (
              <option value={e.educatorId} selected={filter.educatorId === e.educatorId}>
                {e.name}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("dashboard.filterLanguage")}{" "}
          <select name="language">
            <option value="">{t("dashboard.allLanguages")}</option>
            {LANGUAGE_TAGS.map((tag) => (
              <option value={tag} selected={filter.language === tag}>
                {LANGUAGES[tag].english}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("dashboard.filterRound")}{" "}
          <select name="round">
            <option value="">{t("dashboard.allRounds")}</option>
            {([1, 2] as const).map((round) => (
              <option value={String(round)} selected={filter.round === round}>
                {t(`dashboard.round${round}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit">{t("dashboard.apply")}</button>
      </form>
      <div style="display:flex;flex-wrap:wrap;gap:.5rem">
        {kpi(t("dashboard.householdsVisited"), String(k.householdsVisited))}
        {kpi(
          t("dashboard.studentsVisited"),
          pct(k.studentsVisitedShare),
          k.studentsVisitedTarget ? t("dashboard.target", { value: `≥ ${pct(k.studentsVisitedTarget)}` }) : null,
        )}
        {kpi(
          t("dashboard.educatorsVisited"),
          pct(k.educatorsVisitedShare),
          k.educatorsTarget ? t("dashboard.target", { value: `≥ ${pct(k.educatorsTarget)}` }) : null,
        )}
        {kpi(t("dashboard.onTrack"), pct(k.onTrackShare))}
        {kpi(t("dashboard.overdue"), String(k.overdue))}
        {kpi(t("dashboard.median"), k.medianDaysBetweenTouches === null ? "—" : String(k.medianDaysBetweenTouches))}
        {kpi(t("dashboard.familyInitiated"), pct(k.familyInitiatedShare))}
        {kpi(t("dashboard.optedOut"), String(k.optedOutFamilies))}
        {kpi(t("dashboard.unreachable"), String(k.unreachableFamilies))}
      </div>

      <section class="card" aria-labelledby="chart">
        <h2 id="chart">{t("dashboard.chart")}</h2>
        <svg
          role="img"
          viewBox={`0 0 ${data.weeks.length * (barWidth + 6)} 120`}
          style="width:100%;max-width:40rem;height:auto"
        >
          <title>{t("dashboard.chart")}</title>
          {data.weeks.map((w, i) => {
            const fh = (w.family / max) * 100;
            const eh = (w.educator / max) * 100;
            return (
              <g>
                <rect x={i * (barWidth + 6)} y={110 - eh - fh} width={barWidth} height={eh} fill="#a0aec0" />
                <rect x={i * (barWidth + 6)} y={110 - fh} width={barWidth} height={fh} fill="#319795" />
              </g>
            );
          })}
        </svg>
        <p class="muted">
          <span style="color:#319795">■</span> {t("dashboard.families")} · <span style="color:#a0aec0">■</span>{" "}
          {t("dashboard.educators")}
        </p>
        <details>
          <summary>{t("dashboard.chartTable")}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.week")}</th>
                <th scope="col">{t("dashboard.families")}</th>
                <th scope="col">{t("dashboard.educators")}</th>
              </tr>
            </thead>
            <tbody>
              {data.weeks.map((w) => (
                <tr>
                  <td>{w.weekStart}</td>
                  <td>{w.family}</td>
                  <td>{w.educator}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <section class="card" aria-labelledby="overdue">
        <h2 id="overdue">{t("dashboard.overdueList")}</h2>
        {data.kpis.overdue > data.overdue.length && (
          <p class="muted">{t("dashboard.overdueShown", { shown: data.overdue.length, count: data.kpis.overdue })}</p>
        )}
        <ul class="plain">
          {data.overdue.map((f) => (
            <li>
              <a href={`/families/${f.familyId}`}>{names.get(f.familyId) ?? f.familyId}</a> ·{" "}
              <span class="badge">{t("dashboard.daysOverdue", { count: f.daysOverdue })}</span>{" "}
              <a href={`/inbox/${f.familyId}#compose`}>{t("dashboard.message")}</a>
            </li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="per-educator">
        <h2 id="per-educator">{t("dashboard.perEducator")}</h2>
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.educator")}</th>
              <th scope="col">{t("dashboard.families")}</th>
              <th scope="col">{t("dashboard.overdueCount")}</th>
              <th scope="col">{t("dashboard.touchesSent")}</th>
              <th scope="col">{t("dashboard.visited")}</th>
            </tr>
          </thead>
          <tbody>
            {data.perEducator.map((e) => (
              <tr>
                <td data-label={t("dashboard.educator")}>{e.name}</td>
                <td data-label={t("dashboard.families")}>{e.families}</td>
                <td data-label={t("dashboard.overdueCount")}>{e.overdue}</td>
                <td data-label={t("dashboard.touchesSent")}>{e.touchesSent}</td>
                <td data-label={t("dashboard.visited")}>{e.visited ? t("dashboard.yes") : t("dashboard.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <a href={`/dashboard.csv?${query}`}>{t("dashboard.csv")}</a>
        {" · "}
        <a href={`/dashboard/visits.csv?school=${data.school.id}`}>{t("dashboard.visitRegisterCsv")}</a>
      </p>
    </Layout>
  );
}
