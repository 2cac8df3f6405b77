import { textDirection } from "../../domain/languages";
import type { listDevPhone } from "../../services/list-dev-phone";
import { Layout, type Translate } from "../layout";

/** Development only: the console provider's texts, shown like phone threads. */
export function DevPhonePage({ t, threads }: { t: Translate; threads: Awaited<ReturnType<typeof listDevPhone>> }) {
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
        </section>
      ))}
    </Layout>
  );
}
