import type { Actor } from "../../context";
import { LANGUAGE_TAGS, LANGUAGES } from "../../domain/languages";
import type { DashboardFilter, schoolDashboard } from "../../services/cadence";
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
  /** District admins pick any school of the district. */
  schools?: { id: string; name: string }[] | undefined;
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
        {props.schools && props.schools.length > 1 ? (
          <>
            <label>
              {t("dashboard.school")}{" "}
              <select name="school">
                {props.schools.map((school) => (
                  <option value={school.id} selected={school.id === data.school.id}>
                    {school.name}
                  </option>
                ))}
              </select>
            </label>{" "}
          </>
        ) : (
          <input type="hidden" name="school" value={data.school.id} />
        )}
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
      {data.filtered && <p class="muted">{t("dashboard.filteredNote")}</p>}
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
        <WeekChart t={t} weeks={data.weeks} />
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
        {data.overdueByEducator !== data.kpis.overdue && (
          <p class="muted">
            {t("dashboard.overdueExplained", { column: data.overdueByEducator, count: data.kpis.overdue })}
          </p>
        )}
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

/**
 * Touches per week as stacked bars with a y-axis (0, half, most) and each week's start under its
 * bar. The table below the chart carries the same numbers for screen readers.
 */
export function WeekChart({
  t,
  weeks,
}: {
  t: Translate;
  weeks: { weekStart: string; family: number; educator: number }[];
}) {
  const max = Math.max(1, ...weeks.map((w) => w.family + w.educator));
  const left = 34;
  const barWidth = 24;
  const step = barWidth + 8;
  const top = 12;
  const height = 100;
  const base = top + height;
  const y = (v: number) => base - (v / max) * height;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const label = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;
  return (
    <svg
      role="img"
      aria-labelledby="chart-title"
      viewBox={`0 0 ${left + weeks.length * step + 4} ${base + 34}`}
      style="width:100%;max-width:40rem;height:auto"
      font-size="9"
    >
      <title id="chart-title">{t("dashboard.chartAlt", { weeks: weeks.length, max })}</title>
      {ticks.map((v) => (
        <g>
          <line x1={left - 3} x2={left + weeks.length * step} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
          <text x={left - 5} y={y(v) + 3} text-anchor="end" fill="#4a5568">
            {v}
          </text>
        </g>
      ))}
      <line x1={left} x2={left} y1={top} y2={base} stroke="#4a5568" />
      <line x1={left} x2={left + weeks.length * step} y1={base} y2={base} stroke="#4a5568" />
      {weeks.map((w, i) => {
        const x = left + 4 + i * step;
        return (
          <g>
            <rect x={x} y={y(w.family + w.educator)} width={barWidth} height={base - y(w.educator)} fill="#a0aec0" />
            <rect x={x} y={y(w.family)} width={barWidth} height={base - y(w.family)} fill="#319795" />
            <text x={x + barWidth / 2} y={base + 11} text-anchor="middle" fill="#4a5568">
              {label(w.weekStart)}
            </text>
          </g>
        );
      })}
      <text x={left + (weeks.length * step) / 2} y={base + 28} text-anchor="middle" fill="#4a5568">
        {t("dashboard.xAxis")}
      </text>
      <text x={4} y={top - 3} fill="#4a5568">
        {t("dashboard.yAxis")}
      </text>
    </svg>
  );
}
