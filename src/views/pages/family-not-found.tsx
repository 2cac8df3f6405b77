import { Layout, type Translate } from "../layout";

/**
 * A family link that leads nowhere (mistyped, unknown, or a forged unsubscribe link): in the
 * family's language where the link names them, else the browser's, and saying what to do.
 */
export function FamilyNotFoundPage(props: { t: Translate; lang: string }) {
  const { t, lang } = props;
  return (
    <Layout title={t("family:notFoundTitle")} t={t} lang={lang}>
      <h1>{t("family:notFoundTitle")}</h1>
      <p>{t("family:notFound")}</p>
    </Layout>
  );
}
