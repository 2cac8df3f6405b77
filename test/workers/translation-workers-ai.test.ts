import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { buildTranslationProvider } from "../../src/providers/translation/build";
import { translationConfigFromEnv } from "../../src/providers/translation/config";
import { GoogleServiceAccountTokens } from "../../src/providers/translation/google-auth";
import { TranslationError } from "../../src/providers/translation/types";
import {
  WORKERS_AI_MODEL,
  type WorkersAiBinding,
  WorkersAiTranslationProvider,
} from "../../src/providers/translation/workers-ai";

/** A stand-in for `env.AI`: a plain object with run(), recording every call. */
function mockAi(answer: (inputs: { text: string; source_lang: string; target_lang: string }) => Promise<unknown>) {
  const calls: { model: string; inputs: unknown; hasSignal: boolean }[] = [];
  const binding: WorkersAiBinding = {
    run(model, inputs, options) {
      calls.push({ model, inputs, hasSignal: options?.signal instanceof AbortSignal });
      return answer(inputs);
    },
  };
  return { binding, calls };
}

async function failure(promise: Promise<unknown>): Promise<TranslationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TranslationError) return error;
    throw error;
  }
  throw new Error("expected the translation to fail");
}

describe("Workers AI m2m100 in workerd", () => {
  it("runs @cf/meta/m2m100-1.2b with source_lang always set and returns translated_text", async () => {
    const ai = mockAi(async ({ text }) => ({ translated_text: `Hello (${text.length})` }));
    const provider = new WorkersAiTranslationProvider(ai.binding);
    const result = await provider.translate({ text: "Xin chào cô", from: "vi", to: "en" });
    expect(result).toEqual({
      text: "Hello (11)",
      engine: "workers-ai",
      model: WORKERS_AI_MODEL,
      detectedFrom: null,
      detectionScore: null,
      chars: 11,
    });
    await provider.translate({ text: "Thank you", from: "en", to: "zh-Hans" });
    await provider.translate({ text: "سلام", from: "prs", to: "en" });
    expect(ai.calls).toEqual([
      {
        model: "@cf/meta/m2m100-1.2b",
        inputs: { text: "Xin chào cô", source_lang: "vi", target_lang: "en" },
        hasSignal: true,
      },
      {
        model: "@cf/meta/m2m100-1.2b",
        inputs: { text: "Thank you", source_lang: "en", target_lang: "zh" },
        hasSignal: true,
      },
      {
        model: "@cf/meta/m2m100-1.2b",
        inputs: { text: "سلام", source_lang: "fa", target_lang: "en" },
        hasSignal: true,
      },
    ]);
  });

  it("has no Hmong: supports() says no and translate() refuses without calling the binding", async () => {
    const ai = mockAi(async () => ({ translated_text: "x" }));
    const provider = new WorkersAiTranslationProvider(ai.binding);
    expect(provider.supports("hmn", "en")).toBe(false);
    expect(provider.supports("en", "hmn")).toBe(false);
    expect(provider.supports("so", "en")).toBe(true);
    expect((await failure(provider.translate({ text: "Nyob zoo", from: "hmn", to: "en" }))).details.kind).toBe(
      "unsupported_pair",
    );
    expect(ai.calls).toEqual([]);
  });

  it("an error from the binding or an answer without translated_text is unavailable; silence is timeout", async () => {
    const broken = new WorkersAiTranslationProvider(
      mockAi(async () => {
        throw new Error("3040: Capacity temporarily exceeded");
      }).binding,
    );
    const down = await failure(broken.translate({ text: "Hola", from: "es", to: "en" }));
    expect(down.details).toEqual({ engine: "workers-ai", kind: "unavailable" });
    expect(down.message).toContain("Capacity temporarily exceeded");

    const empty = new WorkersAiTranslationProvider(mockAi(async () => ({})).binding);
    expect((await failure(empty.translate({ text: "Hola", from: "es", to: "en" }))).details.kind).toBe("unavailable");

    let aborted = false;
    const silent = new WorkersAiTranslationProvider(
      {
        run: (_model, _inputs, options) =>
          new Promise((_, reject) => {
            options?.signal?.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("aborted"));
            });
          }),
      },
      { timeoutMs: 50 },
    );
    const slow = await failure(silent.translate({ text: "Hola", from: "es", to: "en" }));
    expect(slow.details.kind).toBe("timeout");
    expect(aborted).toBe(true);
  });

  it("buildTranslationProvider puts Workers AI first and falls back to none for Hmong", async () => {
    const ai = mockAi(async () => ({ translated_text: "Hello" }));
    const provider = buildTranslationProvider(translationConfigFromEnv({ TRANSLATION_PROVIDER: "workers-ai" }), {
      ai: ai.binding,
    });
    expect(provider.name).toBe("workers-ai,none");
    expect((await provider.translate({ text: "Hola", from: "es", to: "en" })).engine).toBe("workers-ai");
    expect((await failure(provider.translate({ text: "Nyob zoo", from: "hmn", to: "en" }))).details.kind).toBe(
      "not_configured",
    );
  });

  it("the Google service-account signer works on workerd's WebCrypto", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const forms: URLSearchParams[] = [];
    const tokens = new GoogleServiceAccountTokens(
      { client_email: "t@p.iam.gserviceaccount.com", private_key: await exportPKCS8(privateKey) },
      async (_input, init) => {
        forms.push(new URLSearchParams(String(init?.body)));
        return Response.json({ access_token: "ya29.workerd", expires_in: 3600 });
      },
    );
    expect(await tokens.token()).toBe("ya29.workerd");
    const assertion = forms[0]!.get("assertion")!;
    const header = decodeProtectedHeader(assertion);
    const payload = decodeJwt(assertion);
    expect(header).toEqual({ alg: "RS256", typ: "JWT" });
    expect(payload).toMatchObject({ iss: "t@p.iam.gserviceaccount.com", aud: "https://oauth2.googleapis.com/token" });
  }, 20_000);
});
