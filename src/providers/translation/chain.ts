import { TranslationError, type TranslationProvider, type TranslationRequest, type TranslationResult } from "./types";

/**
 * Engines in order of preference, as one provider. For a pair, each engine whose supports()
 * is true is tried in turn; `unsupported_pair` and `not_configured` fall through to the next
 * (Workers AI has no Hmong, so Hmong goes to Azure; the memory lacks a text, so a real engine
 * gets it). Retryable errors and `rejected` propagate at once: the job backs off and retries
 * the same chain, rather than quietly sending the text to a second vendor.
 *
 * When every engine falls through, the error is the last engine's reason — an engine skipped
 * by supports() counts as `unsupported_pair` — so `[memory, none]` ends on "no translation
 * service configured" and `[memory, workers-ai]` for Hmong ends on `unsupported_pair`.
 */
export function chainProviders(engines: readonly TranslationProvider[]): TranslationProvider {
  if (engines.length === 1) return engines[0]!;
  return {
    name: engines.map((engine) => engine.name).join(",") || "none",
    supports(from: string, to: string): boolean {
      return engines.some((engine) => engine.supports(from, to));
    },
    async translate(request: TranslationRequest): Promise<TranslationResult> {
      let last: TranslationError | null = null;
      for (const engine of engines) {
        if (!engine.supports(request.from, request.to)) {
          last = new TranslationError(`${engine.name} does not translate ${request.from} → ${request.to}`, {
            engine: engine.name,
            kind: "unsupported_pair",
          });
          continue;
        }
        try {
          return await engine.translate(request);
        } catch (error) {
          if (
            error instanceof TranslationError &&
            (error.details.kind === "unsupported_pair" || error.details.kind === "not_configured")
          ) {
            last = error;
            continue;
          }
          throw error;
        }
      }
      throw (
        last ??
        new TranslationError(`no engine translates ${request.from} → ${request.to}`, {
          engine: "none",
          kind: "unsupported_pair",
        })
      );
    },
  };
}
