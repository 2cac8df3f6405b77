import { textDirection } from "../../domain/languages";
import type { listDevPhone } from "../../services/operations";
import { Layout, type Translate } from "../layout";

type Props = { t: Translate; csrfToken: string; threads: Awaited<ReturnType<typeof listDevPhone>> };

/** Development only: the console provider's texts, shown like phone threads, with a reply box per number. */
export function DevPhonePage({ t, csrfToken, threads }: Props) {
  const replyForm = (from?: string) => (
    <form method="post" action="/dev/phone/reply">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {from ? (
        <input type="hidden" name="from" value={from} />
      ) : (
        <p>
          <label>
            {t("devPhone.number")} <input name="from" type="tel" value="+13125550199" />
          </label>
        </p>
      )}
      <p>
        <label>
          {from ? t("devPhone.replyAs") : t("devPhone.newNumber")}
          <br />
          <textarea name="body" rows={2} style="width:100%" required />
        </label>
      </p>
      <button type="submit">{t("devPhone.send")}</button>
    </form>
  );
  return (
    <Layout title={t("devPhone.title")} t={t}>
      <h1>{t("devPhone.title")}</h1>
      <p>{t("devPhone.intro")}</p>
      {threads.length === 0 && <p>{t("devPhone.empty")}</p>}
      {threads.map((thread) => (
        <section class="card" aria-label={thread.address}>
          <h2>
            {thread.address} <span class="muted">{thread.familyName}</span>
          </h2>
          {thread.messages.map((m) => (
            <p
              class={`card msg-${m.direction}`}
              style={`max-width:85%;${m.direction === "in" ? "" : "margin-inline-start:auto"}`}
              lang={m.language}
              dir={textDirection(m.language)}
            >
              <span style="white-space:pre-wrap">{m.body}</span>
              <br />
              <span class="muted">
                {m.occurredAt.toISOString().slice(0, 16).replace("T", " ")} UTC · {m.status}
              </span>
            </p>
          ))}
          {replyForm(thread.address)}
        </section>
      ))}
      <section class="card">{replyForm()}</section>
    </Layout>
  );
}
