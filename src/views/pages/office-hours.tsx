import type { Actor } from "../../context";
import { formatClockTime, type OfficeHours, WEEKDAYS } from "../../domain/office-hours";
import type { TeamOfficeHours } from "../../services/office-hours";
import type { ScheduledMessage } from "../../services/outbound";
import { ScheduledMessages } from "../components/scheduled-messages";
import { Layout, type Translate } from "../layout";

/** What the form shows: saved hours, or what was typed when a save was refused. */
export type OfficeHoursForm = Record<string, string | undefined>;

export function formOfHours(hours: OfficeHours | null): OfficeHoursForm {
  const form: OfficeHoursForm = {};
  for (const d of WEEKDAYS) {
    const window = hours?.days[d];
    // Unset days show the usual school day, ready to tick.
    form[`start${d}`] = window ? formatClockTime(window.start) : "08:00";
    form[`end${d}`] = window ? formatClockTime(window.end) : "16:00";
    if (window) form[`day${d}`] = "on";
  }
  return form;
}

/** A week's office hours as one line: "Mon 08:00–16:00 · Tue 08:00–16:00". */
export function describeHours(t: Translate, hours: OfficeHours | null): string {
  if (!hours) return t("officeHours.none");
  return WEEKDAYS.filter((d) => hours.days[d])
    .map(
      (d) =>
        `${t(`officeHours.dayShort.${d}`)} ${formatClockTime(hours.days[d]!.start)}–${formatClockTime(hours.days[d]!.end)}`,
    )
    .join(" · ");
}

/** /settings/office-hours: the signed-in educator's hours; coordinators also see the team's and what waits. */
export function OfficeHoursPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  timeZone: string;
  form: OfficeHoursForm;
  fields?: Record<string, string> | undefined;
  saved?: boolean;
  team?: TeamOfficeHours[] | undefined;
  scheduled?: ScheduledMessage[] | undefined;
}) {
  const { t, form, fields = {} } = props;
  const error = (name: string) =>
    fields[name] && (
      <span class="error" id={`${name}-error`}>
        {" "}
        {fields[name]}
      </span>
    );
  return (
    <Layout title={t("officeHours.title")} t={t} actor={props.actor} csrfToken={props.csrfToken}>
      <h1>{t("officeHours.title")}</h1>
      <p>{t("officeHours.intro", { zone: props.timeZone })}</p>
      {props.saved && <p role="status">{t("officeHours.saved")}</p>}
      {Object.keys(fields).length > 0 && (
        <p class="card" role="alert">
          {t("officeHours.invalid")}
        </p>
      )}
      <form method="post" action="/settings/office-hours" class="card">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <table>
          <caption class="muted">{t("officeHours.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("officeHours.day")}</th>
              <th scope="col">{t("officeHours.from")}</th>
              <th scope="col">{t("officeHours.to")}</th>
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((d) => (
              <tr>
                <th scope="row">
                  <label>
                    <input type="checkbox" name={`day${d}`} checked={Boolean(form[`day${d}`])} />{" "}
                    {t(`officeHours.dayLong.${d}`)}
                  </label>
                </th>
                <td>
                  <input
                    type="time"
                    name={`start${d}`}
                    value={form[`start${d}`] ?? ""}
                    aria-label={t("officeHours.fromDay", { day: t(`officeHours.dayLong.${d}`) })}
                    aria-invalid={fields[`start${d}`] ? "true" : undefined}
                    aria-describedby={fields[`start${d}`] ? `start${d}-error` : undefined}
                  />
                  {error(`start${d}`)}
                </td>
                <td>
                  <input
                    type="time"
                    name={`end${d}`}
                    value={form[`end${d}`] ?? ""}
                    aria-label={t("officeHours.toDay", { day: t(`officeHours.dayLong.${d}`) })}
                    aria-invalid={fields[`end${d}`] ? "true" : undefined}
                    aria-describedby={fields[`end${d}`] ? `end${d}-error` : undefined}
                  />
                  {error(`end${d}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">{t("officeHours.effect")}</p>
        <button type="submit">{t("officeHours.save")}</button>
      </form>

      {props.team && (
        <section class="card" aria-labelledby="team-hours">
          <h2 id="team-hours">{t("officeHours.teamTitle")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("officeHours.educator")}</th>
                <th scope="col">{t("officeHours.hours")}</th>
                <th scope="col">{t("officeHours.now")}</th>
              </tr>
            </thead>
            <tbody>
              {props.team.map((m) => (
                <tr>
                  <td>
                    {m.name} <span class="muted">({m.schoolName})</span>
                  </td>
                  <td>{describeHours(t, m.hours)}</td>
                  <td>
                    {m.inHoursNow === null
                      ? t("officeHours.always")
                      : m.inHoursNow
                        ? t("officeHours.inHours")
                        : t("officeHours.outOfHours")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {props.scheduled && (
        <ScheduledMessages
          t={t}
          csrfToken={props.csrfToken}
          timeZone={props.actor.timeZone}
          messages={props.scheduled}
          showFamily
        />
      )}
    </Layout>
  );
}
