import {
  TranslationError,
  type TranslationErrorKind,
  type TranslationProvider,
  type TranslationRequest,
  type TranslationResult,
} from "./types";

export type ScriptedFailure = { kind: TranslationErrorKind; retryAfterSeconds?: number; httpStatus?: number };

/**
 * A deterministic engine for tests and e2e: `vi` → `en` of "Xin chào" is "[vi→en] Xin chào".
 * `failures` are thrown first, one per call, in order (an outage, then recovery); every call
 * is recorded in `calls` so tests can assert what crossed and how often.
 */
export class FakeTranslationProvider implements TranslationProvider {
  readonly name = "fake" as const;
  readonly calls: TranslationRequest[] = [];
  private readonly failures: ScriptedFailure[];
  private readonly unsupported: Set<string>;

  constructor(options: { failures?: readonly ScriptedFailure[]; unsupported?: readonly string[] } = {}) {
    this.failures = [...(options.failures ?? [])];
    this.unsupported = new Set(options.unsupported ?? []);
  }

  /** Languages listed in `unsupported` are refused, like Workers AI refuses Hmong. */
  supports(from: string, to: string): boolean {
    return from !== to && !this.unsupported.has(from) && !this.unsupported.has(to);
  }

  async translate(request: TranslationRequest): Promise<TranslationResult> {
    this.calls.push({ ...request });
    const failure = this.failures.shift();
    if (failure) {
      throw new TranslationError(`fake ${failure.kind}`, {
        engine: this.name,
        kind: failure.kind,
        httpStatus: failure.httpStatus,
        retryAfterSeconds: failure.retryAfterSeconds,
      });
    }
    return {
      text: `[${request.from}→${request.to}] ${request.text}`,
      engine: this.name,
      model: "fake-1",
      detectedFrom: null,
      detectionScore: null,
      chars: request.text.length,
    };
  }
}
