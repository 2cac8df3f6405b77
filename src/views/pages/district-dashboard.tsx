import type { Actor } from "../../context";
import type { districtDashboard } from "../../services/district-dashboard";
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
      <section class="card" aria-labelledby="by-school">
        <h2 id="by-school">{t("district.bySchool")}</h2>
        <table>
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
    </Layout>
  );
}
