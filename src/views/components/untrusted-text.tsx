import { revealHidden } from "../../domain/visible-text";

/**
 * Text someone else typed (a family's message, a name, a teacher's words), shown isolated from
 * the page around it (`<bdi>`: its own direction, `unicode-bidi: isolate`), with invisible and
 * bidi control characters shown as a visible "[U+202E]" marker. The stored text is unchanged.
 */
export function UntrustedText({ text }: { text: string | null | undefined }) {
  if (!text) return <></>;
  return (
    <bdi dir="auto">
      {revealHidden(text).map((part) =>
        "control" in part ? (
          <span class="ctl" title="hidden character">
            [{part.control}]
          </span>
        ) : (
          part.text
        ),
      )}
    </bdi>
  );
}
