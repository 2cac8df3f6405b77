import { Layout, type Translate } from "../layout";

/** Error pages say what happened in plain words and leak nothing (no stack, no ids). */
export function ErrorPage({ t, title, message }: { t: Translate; title: string; message: string }) {
  return (
    <Layout title={title} t={t}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{t("errors.home")}</a>
      </p>
    </Layout>
  );
}
