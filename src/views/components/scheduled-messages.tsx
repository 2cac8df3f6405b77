import type { ScheduledMessage } from "../../services/outbound";
import type { Translate } from "../layout";

/** Scheduled messages still waiting, each with when it goes and a Cancel button. */
export function ScheduledMessages(props: {
  t: Translate;
  csrfToken: string;
  timeZone: string;
  messages: ScheduledMessage[];
  /** On the coordinator's list: name the family and link to it. */
  showFamily?: boolean;
  /** A teacher cancels only their own messages; coordinators any of their school's. */
  onlyCancelOwn?: string | undefined;
}) {
  const { t, messages } = props;
  const when = (d: Date) =>
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: props.timeZone }).format(d);
  return (
    <section class="card" aria-labelledby="scheduled-messages">
      <h2 id="scheduled-messages">{t("scheduled.title", { count: messages.length })}</h2>
      {messages.length === 0 ? (
        <p class="muted">{t("scheduled.none")}</p>
      ) : (
        <ul class="plain">
          {messages.map((m) => (
            <li>
              <strong>{t("scheduled.goesAt", { time: when(m.sendsAt) })}</strong>
              {props.showFamily && (
                <>
                  {" · "}
                  <a href={`/families/${m.familyId}`}>{m.familyName}</a>
                </>
              )}
              {m.educatorName && <span class="muted"> · {t("scheduled.by", { name: m.educatorName })}</span>}
              <br />
              <span>{m.body}</span>
              {(!props.onlyCancelOwn || props.onlyCancelOwn === m.educatorId) && (
                <form method="post" action={`/messages/${m.id}/cancel`}>
                  <input type="hidden" name="_csrf" value={props.csrfToken} />
                  <input
                    type="hidden"
                    name="returnTo"
                    value={props.showFamily ? "/settings/office-hours" : `/families/${m.familyId}`}
                  />
                  <button type="submit">{t("scheduled.cancel")}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
