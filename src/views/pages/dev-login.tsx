import type { listDemoEducators } from "../../services/operations";
import { Layout, type Translate } from "../layout";

type Props = { t: Translate; csrfToken: string; educators: Awaited<ReturnType<typeof listDemoEducators>> };

export function DevLoginPage({ t, csrfToken, educators }: Props) {
  return (
    <Layout title={t("dev.title")} t={t}>
      <h1>{t("dev.title")}</h1>
      <p>{t("dev.intro")}</p>
      <p>
        <a href="/dev/phone">{t("nav.devPhone")}</a>
      </p>
      <ul class="plain">
        {educators.map((e) => (
          <li class="card">
            <form method="post" action="/dev/login">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="educatorId" value={e.id} />
              <button type="submit">{t("dev.signInAs", { name: e.name })}</button>{" "}
              <span class="muted">
                {t(`roles.${e.role}`)} · {e.school} · {e.email}
              </span>
            </form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
