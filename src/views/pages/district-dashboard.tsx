import type { Actor } from "../../context";
import type { districtDashboard } from "../../services/cadence";
import { Layout, type Translate } from "../layout";

type District = Awaited<ReturnType<typeof districtDashboard>>;
const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

/** Every school's KPIs in one table (each row links to that school's dashboard), totals on top. */
export function DistrictDashboardPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  data: District;
}) {
  const { t, actor, csrfToken, data } = props;
  const total = data.totals;
  const kpi = (label: string, value: string) => (
    <div class="card" style="min-width:10rem;flex:1">
      <div class="muted">{label}</div>
      <div style="font-size:1.6rem;font-weight:700">{value}</div>
    </div>
  );
  return (
    <Layout title={t("district.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("district.title")}</h1>
      <div style="display:flex;flex-wrap:wrap;gap:.5rem">
        {kpi(t("district.schools"), String(total.schools))}
        {kpi(t("dashboard.householdsVisited"), String(total.householdsVisited))}
        {kpi(t("dashboard.onTrack"), pct(total.onTrackShare))}
        {kpi(t("dashboard.overdue"), String(total.overdue))}
        {kpi(t("dashboard.familyInitiated"), pct(total.familyInitiatedShare))}
        {kpi(t("dashboard.optedOut"), String(total.optedOutFamilies))}
        {kpi(t("dashboard.unreachable"), String(total.unreachableFamilies))}
      </div>
      <form method="get" action="/dashboard" class="card">
        <label>
          {t("district.pickSchool")}{" "}
          <select name="school">
            {data.schools.map((s) => (
              <option value={s.id} selected={s.id === actor.schoolId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit">{t("district.open")}</button>
      </form>
      <section class="card" aria-labelledby="by-school">
        <h2 id="by-school">{t("district.bySchool")}</h2>
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t("district.school")}</th>
              <th scope="col">{t("dashboard.families")}</th>
              <th scope="col">{t("dashboard.householdsVisited")}</th>
              <th scope="col">{t("dashboard.studentsVisited")}</th>
              <th scope="col">{t("dashboard.educatorsVisited")}</th>
              <th scope="col">{t("dashboard.onTrack")}</th>
              <th scope="col">{t("dashboard.overdue")}</th>
              <th scope="col">{t("dashboard.familyInitiated")}</th>
            </tr>
          </thead>
          <tbody>
            {data.schools.map((s) => {
              // Below a program target is worth a second look: say so in words, not only colour.
              const below = (value: number | null, target: number | null) =>
                value !== null && target !== null && value < target ? ` (${t("district.belowTarget")})` : "";
              return (
                <tr>
                  <td data-label={t("district.school")}>
                    <a href={`/dashboard?school=${s.id}`}>{s.name}</a> <span class="muted">{s.model}</span>
                  </td>
                  <td data-label={t("dashboard.families")}>{s.families}</td>
                  <td data-label={t("dashboard.householdsVisited")}>{s.kpis.householdsVisited}</td>
                  <td data-label={t("dashboard.studentsVisited")}>
                    {pct(s.kpis.studentsVisitedShare)}
                    {below(s.kpis.studentsVisitedShare, s.kpis.studentsVisitedTarget)}
                  </td>
                  <td data-label={t("dashboard.educatorsVisited")}>
                    {pct(s.kpis.educatorsVisitedShare)}
                    {below(s.kpis.educatorsVisitedShare, s.kpis.educatorsTarget)}
                  </td>
                  <td data-label={t("dashboard.onTrack")}>{pct(s.kpis.onTrackShare)}</td>
                  <td data-label={t("dashboard.overdue")}>{s.kpis.overdue}</td>
                  <td data-label={t("dashboard.familyInitiated")}>{pct(s.kpis.familyInitiatedShare)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <DistrictTrend t={t} schools={data.schools} />
    </Layout>
  );
}

/** Distinct and colour-blind-safe (Okabe–Ito); each line also has its own marker shape. */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

type Trend = District["schools"][number]["trend"];

/**
 * The trend per school: touches per week and the share families sent, as two line charts
 * (SVG, axes and week labels) and one table with every number for screen readers.
 */
function DistrictTrend({ t, schools }: { t: Translate; schools: { id: string; name: string; trend: Trend }[] }) {
  const weeks = schools[0]?.trend.map((w) => w.weekStart) ?? [];
  if (weeks.length === 0) return null;
  const label = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;
  const maxTouches = Math.max(1, ...schools.flatMap((s) => s.trend.map((w) => w.touches)));
  const chart = (
    id: string,
    title: string,
    value: (w: Trend[number]) => number | null,
    max: number,
    tick: (v: number) => string,
  ) => {
    const left = 34;
    const step = 30;
    const top = 10;
    const height = 100;
    const base = top + height;
    const y = (v: number) => base - (v / max) * height;
    const x = (i: number) => left + 10 + i * step;
    return (
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${left + weeks.length * step + 10} ${base + 24}`}
        style="width:100%;max-width:40rem;height:auto"
        font-size="9"
      >
        <title id={`${id}-title`}>{title}</title>
        {[0, max / 2, max].map((v) => (
          <g>
            <line x1={left - 3} x2={left + weeks.length * step} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={left - 5} y={y(v) + 3} text-anchor="end" fill="#4a5568">
              {tick(v)}
            </text>
          </g>
        ))}
        <line x1={left} x2={left} y1={top} y2={base} stroke="#4a5568" />
        <line x1={left} x2={left + weeks.length * step} y1={base} y2={base} stroke="#4a5568" />
        {weeks.map((w, i) => (
          <text x={x(i)} y={base + 12} text-anchor="middle" fill="#4a5568">
            {label(w)}
          </text>
        ))}
        {schools.map((s, k) => {
          const colour = PALETTE[k % PALETTE.length]!;
          const points = s.trend.flatMap((w, i) => {
            const v = value(w);
            return v === null ? [] : [[x(i), y(v)] as const];
          });
          return (
            <g>
              <polyline
                points={points.map(([px, py]) => `${px},${py}`).join(" ")}
                fill="none"
                stroke={colour}
                stroke-width="1.5"
              />
              {points.map(([px, py]) =>
                k % 2 === 0 ? (
                  <circle cx={px} cy={py} r="2.5" fill={colour} />
                ) : (
                  <rect x={px - 2.5} y={py - 2.5} width="5" height="5" fill={colour} />
                ),
              )}
            </g>
          );
        })}
      </svg>
    );
  };
  return (
    <section class="card" aria-labelledby="trend">
      <h2 id="trend">{t("district.trend")}</h2>
      <p class="muted">
        {schools.map((s, k) => (
          <span style="margin-inline-end:1rem">
            <span style={`color:${PALETTE[k % PALETTE.length]}`}>{k % 2 === 0 ? "●" : "■"}</span> {s.name}
          </span>
        ))}
      </p>
      <h3>{t("district.trendTouches")}</h3>
      {chart(
        "trend-touches",
        t("district.trendTouchesAlt", { max: maxTouches }),
        (w) => w.touches,
        maxTouches,
        (v) => String(Math.round(v)),
      )}
      <h3>{t("district.trendShare")}</h3>
      {chart(
        "trend-share",
        t("district.trendShareAlt"),
        (w) => w.familyShare,
        1,
        (v) => `${Math.round(v * 100)}%`,
      )}
      <details>
        <summary>{t("dashboard.chartTable")}</summary>
        <table class="responsive">
          <thead>
            <tr>
              <th scope="col">{t("district.school")}</th>
              <th scope="col">{t("dashboard.week")}</th>
              <th scope="col">{t("district.trendTouches")}</th>
              <th scope="col">{t("district.trendShare")}</th>
            </tr>
          </thead>
          <tbody>
            {schools.flatMap((s) =>
              s.trend.map((w) => (
                <tr>
                  <td data-label={t("district.school")}>{s.name}</td>
                  <td data-label={t("dashboard.week")}>{w.weekStart}</td>
                  <td data-label={t("district.trendTouches")}>{w.touches}</td>
                  <td data-label={t("district.trendShare")}>{pct(w.familyShare)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </section>
  );
}
