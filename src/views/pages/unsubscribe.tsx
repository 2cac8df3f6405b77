import { Layout, type Translate } from "../layout";

/** The family-facing unsubscribe page, in the contact's language: which school, and what stopping means. */
export function UnsubscribePage(props: {
  t: Translate;
  lang: string;
  title: string;
  explain?: string;
  button?: string;
  message?: string;
  token?: string;
}) {
  return (
    <Layout title={props.title} t={props.t} lang={props.lang}>
      <h1>{props.title}</h1>
      {props.message ? (
        <p role="status">{props.message}</p>
      ) : (
        <>
          {props.explain && <p>{props.explain}</p>}
          <form method="post" action={`/u/${props.token}`}>
            <button type="submit">{props.button ?? props.title}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
