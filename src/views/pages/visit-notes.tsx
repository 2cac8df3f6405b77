import type { Actor } from "../../context";
import { FieldError, type FormError, FormErrorAlert, invalidProps } from "../components/form-error";
import { Layout, type Translate } from "../layout";

/** One of the pair writes their own notes about the family (the reflection is a separate form). */
export function VisitNotesPage(props: {
  t: Translate;
  actor: Actor & { type: "educator" };
  csrfToken: string;
  visitId: string;
  family: { id: string; displayName: string };
  notes: string;
  maxLength: number;
  error?: FormError | undefined;
}) {
  const { t, actor, csrfToken, family, error } = props;
  const title = t("notes.title", { name: family.displayName });
  return (
    <Layout title={title} t={t} actor={actor} csrfToken={csrfToken}>
      <p>
        <a href={`/families/${family.id}`}>← {family.displayName}</a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{t("notes.explain")}</p>
      {error && <FormErrorAlert t={t} error={error} />}
      <form method="post" action={`/visits/${props.visitId}/notes`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <p>
          <label for="notes">{t("notes.label")}</label>
          <br />
          <textarea id="notes" name="notes" rows={8} style="width:100%" {...invalidProps(error, "notes")}>
            {props.notes}
          </textarea>
          <FieldError error={error} name="notes" />
        </p>
        <button type="submit">{t("notes.save")}</button>
      </form>
    </Layout>
  );
}
