import { delay, HttpResponse, http } from "msw";
import { mswServer } from "./msw";

export const AZURE_TRANSLATOR_ENV = {
  TRANSLATION_PROVIDER: "azure",
  AZURE_TRANSLATOR_KEY: "azure-test-key",
  AZURE_TRANSLATOR_REGION: "eastus",
  AZURE_TRANSLATOR_API_BASE_URL: "https://azure-translator.test",
};

export type AzureCall = { from: string | null; to: string | null; text: string; headers: Headers; url: string };
type Script = number | "slow" | { status: number; retryAfter?: number };

/**
 * Azure Translator v3 at the network, in its documented shape: `[{ translations: [{ text, to }] }]`.
 * It "translates" by a dictionary when the text is in it, else as `[vi→en] text` — deterministic,
 * and tokens (`{{0}}`) pass through as a real engine keeps them. `script` answers the first calls
 * with errors (503, 429 with Retry-After) or slowly, then 200s.
 */
export function mockAzureTranslator(options: { dictionary?: Record<string, string>; script?: Script[] } = {}) {
  const calls: AzureCall[] = [];
  const script = [...(options.script ?? [])];
  mswServer.use(
    http.post("https://azure-translator.test/translate", async ({ request }) => {
      const url = new URL(request.url);
      const [{ Text }] = (await request.json()) as [{ Text: string }];
      calls.push({
        from: url.searchParams.get("from"),
        to: url.searchParams.get("to"),
        text: Text,
        headers: request.headers,
        url: request.url,
      });
      const step = script.shift();
      if (step === "slow") await delay(150);
      else if (typeof step === "number" && step !== 200)
        return HttpResponse.json({ error: { code: step } }, { status: step });
      else if (typeof step === "object") {
        return HttpResponse.json(
          {
            error: {
              code: 429001,
              message: "The server rejected the request because the client has exceeded request limits.",
            },
          },
          { status: step.status, headers: step.retryAfter ? { "retry-after": String(step.retryAfter) } : {} },
        );
      }
      const to = url.searchParams.get("to")!;
      const text = options.dictionary?.[Text] ?? `[${url.searchParams.get("from")}→${to}] ${Text}`;
      return HttpResponse.json([{ translations: [{ text, to }] }]);
    }),
  );
  return calls;
}
