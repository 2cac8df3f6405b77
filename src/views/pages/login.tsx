import { Layout, type Translate } from "../layout";

type Props = {
  t: Translate;
  csrfToken: string;
  sent?: boolean;
  error?: string;
  showDevHint?: boolean;
  /** Configured OpenID Connect providers (routes/web/auth-oidc.tsx); none = magic links only. */
  providers?: { name: string; href: string }[];
};

export function LoginPage({ t, csrfToken, sent, error, showDevHint, providers = [] }: Props) {
  return (
    <Layout title={t("login.title")} t={t}>
      <h1>{t("login.title")}</h1>
      {sent ? (
        <p role="status">{t("login.sent")}</p>
      ) : (
        <>
          <p>{t("login.intro")}</p>
          {error && <p role="alert">{error}</p>}
          <form method="post" action="/login">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <p>
              <label for="email">{t("login.email")}</label>
              <br />
              <input id="email" name="email" type="email" autocomplete="email" required />
            </p>
            <button type="submit">{t("login.send")}</button>
          </form>
        </>
      )}
      {providers.length > 0 && (
        <section aria-labelledby="providers-intro">
          <p id="providers-intro">{t("login.providersIntro")}</p>
          <ul class="plain">
            {providers.map((p) => (
              <li>
                <a href={p.href}>{t(`login.provider.${p.name}`)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {showDevHint && (
        <p class="muted">
          <a href="/dev/login">{t("login.devHint")}</a>
        </p>
      )}
    </Layout>
  );
}

/** The magic link lands here; only the button's POST spends the token. */
export function VerifyPage({ t, csrfToken, token }: { t: Translate; csrfToken: string; token: string }) {
  return (
    <Layout title={t("login.verifyTitle")} t={t}>
      <h1>{t("login.verifyTitle")}</h1>
      <p>{t("login.verifyIntro")}</p>
      <form method="post" action="/login/verify">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="token" value={token} />
        <button type="submit">{t("login.verifyButton")}</button>
      </form>
    </Layout>
  );
}
