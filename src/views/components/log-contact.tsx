import type { Translate } from "../layout";

/** Log a call or an in-person talk: three fields, one button — made for a phone in a hallway. */
export function LogContactForm({
  t,
  familyId,
  csrfToken,
  nowLocal,
}: {
  t: Translate;
  familyId: string;
  csrfToken: string;
  nowLocal: string;
}) {
  return (
    <section class="card" aria-labelledby="log-contact">
      <h2 id="log-contact">{t("logContact.title")}</h2>
      <form method="post" action={`/families/${familyId}/logged-contacts`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label>
            {t("logContact.kind")}{" "}
            <select name="kind">
              <option value="call">{t("logContact.call")}</option>
              <option value="in_person">{t("logContact.in_person")}</option>
            </select>
          </label>
        </p>
        <p>
          <label>
            {t("logContact.when")} <input type="datetime-local" name="at" value={nowLocal} max={nowLocal} required />
          </label>
        </p>
        <p>
          <label>
            {t("logContact.note")}
            <br />
            <textarea name="note" rows={2} maxlength={1000} style="width:100%" />
          </label>
        </p>
        <button type="submit">{t("logContact.save")}</button>
      </form>
    </section>
  );
}
