import { TranslationError, type TranslationProvider, type TranslationRequest, type TranslationResult } from "./types";

/** TRANSLATION_PROVIDER=none (or unset): every text stays in the original, with this reason. */
export class NoTranslationProvider implements TranslationProvider {
  readonly name = "none" as const;

  supports(): boolean {
    // It "supports" every pair so a chain ends on its honest reason, not on unsupported_pair.
    return true;
  }

  async translate(_request: TranslationRequest): Promise<TranslationResult> {
    throw new TranslationError("no translation service configured", { engine: this.name, kind: "not_configured" });
  }
}
