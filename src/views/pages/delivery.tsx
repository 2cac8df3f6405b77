import type { Actor } from "../../context";
import type { deliveryHealth } from "../../services/outbound";
import type { translationBudget } from "../../services/translation";
import { TranslationBudgetNotice } from "../components/translation-budget";
import { Layout, type Translate } from "../layout";

type Health = Awaited<ReturnType<typeof deliveryHealth>>;

/** Coordinators: is messaging reaching families? Each list names the family and the reason. */
export function DeliveryPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  health: Health;
  /** Machine translation's monthly budget, when it needs a coordinator's eye. */
  translationBudget?: Awaited<ReturnType<typeof translationBudget>>;
}) {
  const { t, actor, csrfToken, health } = props;
  const when = (d: Date) =>
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: actor.timeZone }).format(d);
  const messageList = (key: "queued" | "unknown" | "sent" | "delivered" | "failed" | "deadLettered") => {
    const group = health[key];
    return (
      <section class="card" aria-labelledby={`h-${key}`}>
        <h2 id={`h-${key}`}>
          {t(`delivery.${key}`)} <span class="badge">{group.count}</span>
        </h2>
        {group.count === 0 ? (
          <p class="muted">{t("delivery.none")}</p>
        ) : (
          <ul class="plain">
            {group.items.map((m) => (
              <li>
                <a href={`/families/${m.familyId}`}>{m.familyName}</a> · {t(`channel.${m.channel}`)} ·{" "}
                {m.templateKey ?? ""} · {when(m.occurredAt)}
                {m.statusReason && <span class="muted"> — {m.statusReason}</span>}
                {m.errorCode && <span class="muted"> ({m.errorCode})</span>}
              </li>
            ))}
            {group.count > group.items.length && (
              <li class="muted">{t("delivery.more", { count: group.count - group.items.length })}</li>
            )}
          </ul>
        )}
      </section>
    );
  };
  return (
    <Layout title={t("delivery.title")} t={t} actor={actor} csrfToken={csrfToken}>
      <h1>{t("delivery.title")}</h1>
      <TranslationBudgetNotice t={t} budget={props.translationBudget ?? null} />
      <p>{t("delivery.intro", { days: health.windowDays })}</p>
      {health.pausedSenders.map((pause) => (
        <section class="card" role="alert">
          <h2>{t("delivery.paused")}</h2>
          <p>{t("delivery.pausedIntro", { code: pause.errorCode })}</p>
          <p class="muted">{pause.reason}</p>
          {actor.role === "district_admin" && (
            <form method="post" action={`/delivery/pauses/${pause.id}/resume`}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit">{t("delivery.resume")}</button>
            </form>
          )}
        </section>
      ))}
      {messageList("failed")}
      {messageList("deadLettered")}
      {messageList("unknown")}
      {messageList("queued")}
      <section class="card" aria-labelledby="h-opted">
        <h2 id="h-opted">
          {t("delivery.optedOut")} <span class="badge">{health.optedOut.length}</span>
        </h2>
        <ul class="plain">
          {health.optedOut.map((c) => (
            <li>
              <a href={`/families/${c.familyId}`}>{c.familyName}</a> · {c.contactName} ·{" "}
              {[c.smsOptedOutAt && t("channel.sms"), c.emailOptedOutAt && t("channel.email")]
                .filter(Boolean)
                .join(", ")}
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="h-unreachable">
        <h2 id="h-unreachable">
          {t("delivery.unreachable")} <span class="badge">{health.unreachable.length}</span>
        </h2>
        <ul class="plain">
          {health.unreachable.map((c) => (
            <li>
              <a href={`/families/${c.familyId}`}>{c.familyName}</a> · {c.contactName}
              {c.unreachableReason && <span class="muted"> — {c.unreachableReason}</span>}
            </li>
          ))}
        </ul>
      </section>
      {messageList("sent")}
      {messageList("delivered")}
    </Layout>
  );
}
