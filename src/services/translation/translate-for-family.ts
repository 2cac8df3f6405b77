import type { Deps } from "../../context";
import { languageName } from "../../domain/languages";
import { sameLanguage } from "../../domain/translation-need";
import { AppError } from "../../errors";
import { translateText } from "./translate-text";

export type FamilyVersion = {
  /** done: machine-translated; edited: the teacher changed the machine's text; as_written: sent untranslated. */
  status: "done" | "edited" | "as_written" | "same_language";
  /** What the family gets. */
  text: string;
  engine: string | null;
  model: string | null;
  /** The machine's own output, when the teacher edited it. */
  machineText: string | null;
  /** Why it went as written without the teacher asking: no engine is configured for the pair. */
  reason: "not_configured" | null;
};

/**
 * A teacher's free text in the family's language, before anything is queued. The teacher who
 * writes in the family's language is not re-translated; one who edited the machine's text in
 * the preview sends exactly that. When no engine can translate, nothing is sent as if it were
 * translated: the caller gets a TranslationUnavailable error, and the teacher chooses to send
 * as written or wait.
 */
export async function translateForFamily(
  deps: Deps,
  input: {
    body: string;
    from: string;
    to: string;
    translate: boolean;
    /** The translation as the teacher saw (and maybe edited) it in the preview. */
    reviewed?: { text: string; machineText: string | null };
    names: readonly string[];
  },
): Promise<FamilyVersion> {
  const none = { engine: null, model: null, machineText: null, reason: null };
  if (sameLanguage(input.from, input.to)) return { status: "same_language", text: input.body, ...none };
  if (!input.translate) return { status: "as_written", text: input.body, ...none };
  const result = await translateText(deps, { text: input.body, from: input.from, to: input.to, names: input.names });
  // No engine at all (a deployment without one, `npm start`): free text goes as written, and
  // says so — there was never a translation to expect. An engine that fails is different.
  if (!("text" in result) && result.reason.startsWith("not_configured")) {
    return { status: "as_written", text: input.body, ...none, reason: "not_configured" };
  }
  if (!("text" in result)) throw new TranslationUnavailable(input.to, result.status, result.reason);
  const reviewed = input.reviewed?.text.trim();
  if (reviewed && reviewed !== result.text.trim()) {
    return {
      status: "edited",
      text: reviewed,
      engine: result.engine,
      model: result.model,
      machineText: result.text,
      reason: null,
    };
  }
  return {
    status: "done",
    text: result.text,
    engine: result.engine,
    model: result.model,
    machineText: null,
    reason: null,
  };
}

/** Nothing was sent: the engine (or the monthly cap) could not translate into the family's language. */
export class TranslationUnavailable extends AppError {
  constructor(
    readonly language: string,
    readonly failure: "failed" | "over_cap",
    readonly reason: string,
  ) {
    super(
      "unavailable",
      failure === "over_cap"
        ? `Nothing was sent: this month's translation limit is reached. Send with translate: false to send as written.`
        : `Nothing was sent: could not translate into ${languageName(language)} (${reason}). Send with translate: false to send as written, or try again later.`,
      { subcode: "translation_unavailable", extra: { language, failure } },
    );
  }
}
