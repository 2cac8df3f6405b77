import type { Child } from "hono/jsx";

/** A refused form's message and each named field (what the service's 400/409 said). */
export type FormError = { message: string; fields?: Record<string, string> | undefined };

/** The alert above a form that was refused; `children` adds a way forward (e.g. "Join that visit"). */
export function FormErrorAlert(props: { error: FormError; children?: Child }) {
  const { error } = props;
  return (
    <div class="card" role="alert">
      <p>{error.message}</p>
      {error.fields && Object.keys(error.fields).length > 0 && (
        <ul>
          {Object.entries(error.fields).map(([field, reason]) => (
            <li>
              {field}: {reason}
            </li>
          ))}
        </ul>
      )}
      {props.children}
    </div>
  );
}
