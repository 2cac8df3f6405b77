import type { Actor } from "../../context";
import { languageName } from "../../domain/languages";
import { isolatedText } from "../../domain/visible-text";
import type { Family } from "../../schemas/families";
import type { listFamilyActivity } from "../../services/families";
import type { ScheduledMessage } from "../../services/outbound";
import { Compose, type ComposePreview, type ComposeValues } from "../components/compose";
import type { FormError } from "../components/form-error";
import { LogContactForm } from "../components/log-contact";
import { MessageCard } from "../components/message-card";
import { ScheduledMessages } from "../components/scheduled-messages";
import { UntrustedText } from "../components/untrusted-text";
import { Layout, type Translate } from "../layout";
import { FamilyRecordsLinks } from "./records";

type Props = {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  family: Family;
  activity: Awaited<ReturnType<typeof listFamilyActivity>>;
  /** Scheduled messages to this family not sent yet (cancellable). */
  scheduled?: ScheduledMessage[];
  compose: {
    values: ComposeValues;
    preview: ComposePreview | null;
    error?: FormError | undefined;
    returnTo?: string | undefined;
  };
  notice?: string | undefined;
  /** "Now" on the educator's clock, for the log-contact form (from the injected clock). */
  nowLocal: string;
};

/** One household: who to contact and how, the children, visits, and recent messages. */
export function FamilyPage({ t, actor, csrfToken, family, activity, compose, notice, nowLocal, scheduled }: Props) {
  // Times are shown in the educator's school zone; the family's own zone is named beside it.
  const when = (d: Date) =>
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: actor.timeZone }).format(d);
  return (
    <Layout title={isolatedText(family.displayName)} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href="/">← {t("family.back")}</a>
      </p>
      <h1>
        <UntrustedText text={family.displayName} />
      </h1>
      <p class="muted">
        {languageName(family.language)} · {t(`channel.${family.channel}`)} · {family.timezone}
      </p>

      {notice && (
        <p class="card" role="status">
          {notice}
        </p>
      )}

      <p>
        <a href={`/families/${family.id}/invite`}>{t("invite.link")}</a>
      </p>
      <FamilyRecordsLinks t={t} actor={actor} familyId={family.id} />

      <Compose
        t={t}
        familyId={family.id}
        familyLanguage={family.language}
        csrfToken={csrfToken}
        values={compose.values}
        preview={compose.preview}
        error={compose.error}
        returnTo={compose.returnTo}
      />

      {scheduled && scheduled.length > 0 && (
        <ScheduledMessages
          t={t}
          csrfToken={csrfToken}
          timeZone={actor.timeZone}
          messages={scheduled}
          onlyCancelOwn={actor.role === "educator" ? actor.educatorId : undefined}
        />
      )}

      <LogContactForm t={t} familyId={family.id} csrfToken={csrfToken} nowLocal={nowLocal} />

      <section class="card" aria-labelledby="contacts">
        <h2 id="contacts">{t("family.contacts")}</h2>
        <ul class="plain">
          {family.contacts.map((c) => (
            <li>
              <strong>{c.name}</strong>
              {c.relationship && <span class="muted"> ({c.relationship})</span>}
              <br />
              {c.phone && <span>{c.phone} </span>}
              {c.email && <span>{c.email} </span>}
              {c.smsOptedOut && <span class="badge">{t("family.optedOut", { channel: t("channel.sms") })}</span>}
              {c.emailOptedOut && <span class="badge">{t("family.optedOut", { channel: t("channel.email") })}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="children">
        <h2 id="children">{t("family.children")}</h2>
        <ul class="plain">
          {family.students.map((s) => (
            <li>
              {s.firstName} {s.lastInitial ? `${s.lastInitial}.` : ""} — {t("family.grade", { grade: s.grade })}
            </li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="visits">
        <h2 id="visits">{t("family.visits")}</h2>
        {activity.visits.length === 0 ? (
          <p>{t("family.noVisits")}</p>
        ) : (
          <ul class="plain">
            {activity.visits.map((v) => (
              <li>
                <span class="badge">{t(`visitStatus.${v.status}`)}</span>{" "}
                {t("family.round", { round: v.round, year: v.schoolYear })}
                {v.startsAt && <span> · {when(v.startsAt)}</span>}
                {v.planChannel && v.planCadenceDays && (
                  <span class="muted">
                    {" "}
                    ·{" "}
                    {t("family.plan", {
                      channel: t(`channel.${v.planChannel === "call" ? "voice" : v.planChannel}`),
                      days: v.planCadenceDays,
                    })}
                  </span>
                )}
                {(v.status === "invited" || v.status === "scheduled") && (
                  <>
                    {" "}
                    {v.mayRecord && (
                      <>
                        · <a href={`/visits/${v.id}/record`}>{t("record.link")}</a>{" "}
                      </>
                    )}
                    {v.yourRole && !v.mayRecord && (
                      <>
                        · <a href={`/visits/${v.id}/notes`}>{t("notes.link")}</a>{" "}
                      </>
                    )}
                    ·{" "}
                    <a href={`/visits/${v.id}/times`}>
                      {t(v.status === "invited" ? "newTimes.link" : "newTimes.reschedule")}
                    </a>{" "}
                    <form method="post" action={`/visits/${v.id}/cancel`} class="inline">
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <button type="submit" class="quiet">
                        {t("record.cancel")}
                      </button>
                    </form>
                  </>
                )}
                {v.familySaysNoneWork && (
                  <p role="status">
                    <strong>{t("newTimes.noneWork")}</strong>
                  </p>
                )}
                {v.timeHasPassed && v.status === "scheduled" && (
                  <form method="post" action={`/visits/${v.id}/no-show`} class="inline">
                    <input type="hidden" name="_csrf" value={csrfToken} />{" "}
                    <button type="submit" class="quiet">
                      {t("record.noShow")}
                    </button>
                  </form>
                )}
                {v.partnerConfirmation &&
                  (v.partnerConfirmation.awaitingYou ? (
                    <form method="post" action={`/visits/${v.id}/confirm`}>
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <button type="submit">{t("record.confirmTime")}</button>
                    </form>
                  ) : (
                    <p class="muted">
                      {v.partnerConfirmation.confirmed ? t("record.partnerConfirmed") : t("record.awaitingPartner")}
                    </p>
                  ))}
                {(v.hopesAndDreams || v.pairNotes.length > 0) && (
                  <details>
                    <summary>{t("family.hopesAndDreams")}</summary>
                    {v.hopesAndDreams && <p style="white-space:pre-wrap">{v.hopesAndDreams}</p>}
                    {v.pairNotes.map((n) => (
                      <p style="white-space:pre-wrap">
                        <strong>{t("notes.by", { name: n.name })}</strong> {n.notes}
                      </p>
                    ))}
                    <p class="muted">{t("family.hopesPrivate")}</p>
                  </details>
                )}
                {v.yourRole && v.status === "completed" && (
                  <>
                    {" "}
                    <a href={`/visits/${v.id}/notes`}>{t("notes.link")}</a>
                  </>
                )}
                {v.resourceRequests && (
                  <p class="muted" style="white-space:pre-wrap">
                    {t("family.resourceRequests")}: {v.resourceRequests}
                  </p>
                )}
                {v.mySeat && (
                  <details>
                    <summary>{t("fidelity.afterVisit")}</summary>
                    <form method="post" action={`/visits/${v.id}/after`}>
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <p>
                        <label for={`reflection-${v.id}`}>{t("fidelity.reflection")}</label>
                        <br />
                        <textarea id={`reflection-${v.id}`} name="reflection" rows={3} maxlength={2000}>
                          {v.mySeat.reflection ?? ""}
                        </textarea>
                      </p>
                      <p>
                        {(["arrangingMinutes", "conductingMinutes", "debriefingMinutes"] as const).map((k) => (
                          <label>
                            {t(`fidelity.${k}`)}{" "}
                            <input type="number" name={k} min={0} max={1440} value={String(v.mySeat?.[k] ?? "")} />{" "}
                          </label>
                        ))}
                      </p>
                      <button type="submit">{t("fidelity.saveAfterVisit")}</button>
                    </form>
                  </details>
                )}
                {v.status === "completed" && (v.yourRole === "partner" || actor.role === "district_admin") && (
                  <form method="post" action={`/visits/${v.id}/attest`} class="inline">
                    <input type="hidden" name="_csrf" value={csrfToken} />{" "}
                    <button type="submit" class="quiet">
                      {t("record.attest")}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="messages">
        <h2 id="messages">{t("family.messages")}</h2>
        {activity.messages.length === 0 && <p>{t("family.noMessages")}</p>}
        {activity.messages.map((m) => (
          <MessageCard
            t={t}
            message={m}
            timeZone={actor.timeZone}
            csrfToken={csrfToken}
            returnTo={`/families/${family.id}`}
          />
        ))}
      </section>
    </Layout>
  );
}
