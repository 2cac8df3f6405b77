import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { DEMO_LANGUAGES } from "../../db/seed/names";
import { PHRASE_BANKS, renderPhrase } from "../../db/seed/phrases";
import { en } from "../../db/seed/phrases/en";
import { demoPhraseMemoryEntries } from "../../db/seed/phrases/memory";
import { LANGUAGE_TAGS } from "../../src/domain/languages";
import { protect } from "../../src/domain/protect";
import { AZURE_CODES, AzureTranslationProvider } from "../../src/providers/translation/azure";
import { buildTranslationProvider } from "../../src/providers/translation/build";
import { chainProviders } from "../../src/providers/translation/chain";
import { translationConfigFromEnv, translationConfigProblems } from "../../src/providers/translation/config";
import { FakeTranslationProvider } from "../../src/providers/translation/fake";
import { GOOGLE_CODES, GoogleTranslationProvider } from "../../src/providers/translation/google";
import { GoogleServiceAccountTokens } from "../../src/providers/translation/google-auth";
import { LibreTranslateProvider } from "../../src/providers/translation/libretranslate";
import { MemoryTranslationProvider } from "../../src/providers/translation/memory";
import { NoTranslationProvider } from "../../src/providers/translation/none";
import { TranslationError, type TranslationProvider } from "../../src/providers/translation/types";
import { WorkersAiTranslationProvider } from "../../src/providers/translation/workers-ai";
import { mswServer } from "../support/msw";

// Personal data the request must carry only in the body, never in a URL or header.
const NAME = "Mai Nguyen";
const PHONE = "(312) 555-0160";
const TEXT = `Thưa cô, tuần sau ${NAME} phải đi khám răng. Gọi ${PHONE} nhé.`;

async function failure(promise: Promise<unknown>): Promise<TranslationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TranslationError) return error;
    throw error;
  }
  throw new Error("expected the translation to fail");
}

function assertNoPersonalData(url: string, headers: Headers) {
  const outside = `${decodeURIComponent(url)} ${[...headers].map(([k, v]) => `${k}:${v}`).join(" ")}`;
  for (const secret of [NAME, "Mai", PHONE, "555-0160", "khám"]) expect(outside).not.toContain(secret);
}

type Seen = { method: string; url: URL; headers: Headers; body: unknown };

// ---------------------------------------------------------------- Azure Translator v3

const AZURE_BASE = "https://azure.test";
const azure = (timeoutMs?: number) =>
  new AzureTranslationProvider({ key: "azure-key", region: "eastus", apiBaseUrl: AZURE_BASE, timeoutMs });

describe("AzureTranslationProvider", () => {
  it("posts the documented v3 request: codes in the query, key and region headers, the text only in the body", async () => {
    let seen: Seen | undefined;
    mswServer.use(
      http.post(`${AZURE_BASE}/translate`, async ({ request }) => {
        seen = {
          method: request.method,
          url: new URL(request.url),
          headers: request.headers,
          body: await request.json(),
        };
        return HttpResponse.json([
          { translations: [{ text: "Teacher, next week Mai has a dentist visit.", to: "en" }] },
        ]);
      }),
    );
    const result = await azure().translate({ text: TEXT, from: "vi", to: "en" });
    expect(result).toEqual({
      text: "Teacher, next week Mai has a dentist visit.",
      engine: "azure",
      model: "v3.0",
      detectedFrom: null,
      detectionScore: null,
      chars: TEXT.length,
    });
    expect(seen!.method).toBe("POST");
    expect(Object.fromEntries(seen!.url.searchParams)).toEqual({
      "api-version": "3.0",
      from: "vi",
      to: "en",
      textType: "plain",
    });
    expect(seen!.headers.get("ocp-apim-subscription-key")).toBe("azure-key");
    expect(seen!.headers.get("ocp-apim-subscription-region")).toBe("eastus");
    expect(seen!.headers.get("content-type")).toContain("application/json");
    expect(seen!.body).toEqual([{ Text: TEXT }]);
    assertNoPersonalData(seen!.url.toString(), seen!.headers);
  });

  it("sends Azure's own codes: Hmong Daw mww, Dari prs, Filipino fil, zh-Hans", async () => {
    const pairs: string[] = [];
    mswServer.use(
      http.post(`${AZURE_BASE}/translate`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        pairs.push(`${q.get("from")}>${q.get("to")}`);
        return HttpResponse.json([{ translations: [{ text: "ok", to: q.get("to") }] }]);
      }),
    );
    for (const from of ["hmn", "prs", "tl", "zh-Hans"]) await azure().translate({ text: "x", from, to: "en" });
    expect(pairs).toEqual(["mww>en", "prs>en", "fil>en", "zh-Hans>en"]);
    expect(LANGUAGE_TAGS.every((tag) => tag === "en" || azure().supports(tag, "en"))).toBe(true);
    expect(azure().supports("en", "en")).toBe(false);
    expect(azure().supports("xx", "en")).toBe(false);
    expect(azure().supports("constructor", "en")).toBe(false);
  });

  it("reads detectedLanguage and its score when Azure sends them", async () => {
    mswServer.use(
      http.post(`${AZURE_BASE}/translate`, () =>
        HttpResponse.json([
          { detectedLanguage: { language: "mww", score: 0.87 }, translations: [{ text: "Hi", to: "en" }] },
        ]),
      ),
    );
    const result = await azure().translate({ text: "Nyob zoo", from: "hmn", to: "en" });
    expect(result).toMatchObject({ detectedFrom: "hmn", detectionScore: 0.87 });
  });

  it("treats Azure's 'language not valid' codes as unsupported_pair and a 200 without text as unavailable", async () => {
    mswServer.use(
      http.post(`${AZURE_BASE}/translate`, () =>
        HttpResponse.json({ error: { code: 400036, message: "The target language is not valid." } }, { status: 400 }),
      ),
    );
    expect((await failure(azure().translate({ text: "x", from: "vi", to: "en" }))).details).toMatchObject({
      kind: "unsupported_pair",
      httpStatus: 400,
    });
    mswServer.use(http.post(`${AZURE_BASE}/translate`, () => HttpResponse.json([{ translations: [] }])));
    expect((await failure(azure().translate({ text: "x", from: "vi", to: "en" }))).details.kind).toBe("unavailable");
  });
});

// ------------------------------------------------------- Google Cloud Translation v3

const GOOGLE_BASE = "https://google.test";
const GOOGLE_TRANSLATE_URL = /^https:\/\/google\.test\/v3\/projects\/doorstep-test\/locations\/global:translateText$/;
const TOKEN_URL = "https://oauth2.test/token";

// One RSA key for the file: generating one per test costs CPU on a busy machine.
const KEY_PAIR = await generateKeyPair("RS256", { extractable: true });

async function serviceAccount() {
  const { publicKey, privateKey } = KEY_PAIR;
  return {
    account: {
      client_email: "translator@doorstep-test.iam.gserviceaccount.com",
      private_key: await exportPKCS8(privateKey),
      token_uri: TOKEN_URL,
    },
    publicPem: await exportSPKI(publicKey),
  };
}

/** Google's token endpoint: checks the signed assertion like Google does, counts exchanges. */
function mockGoogleToken(publicPem: string, email: string) {
  const exchanges: { grantType: string | null; scope: unknown }[] = [];
  mswServer.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const { payload } = await jwtVerify(form.get("assertion")!, await importSPKI(publicPem, "RS256"), {
        issuer: email,
        audience: TOKEN_URL,
      });
      exchanges.push({ grantType: form.get("grant_type"), scope: payload.scope });
      return HttpResponse.json({
        access_token: `ya29.token-${exchanges.length}`,
        expires_in: 3600,
        token_type: "Bearer",
      });
    }),
  );
  return exchanges;
}

async function googleProvider(options: { now?: () => number; timeoutMs?: number } = {}) {
  const { account, publicPem } = await serviceAccount();
  const exchanges = mockGoogleToken(publicPem, account.client_email);
  const tokens = new GoogleServiceAccountTokens(account, fetch, options.now);
  const provider = new GoogleTranslationProvider({
    projectId: "doorstep-test",
    location: "global",
    apiBaseUrl: GOOGLE_BASE,
    accessToken: () => tokens.token(),
    timeoutMs: options.timeoutMs,
  });
  return { provider, exchanges };
}

describe("GoogleTranslationProvider", () => {
  it("posts translateText with mimeType text/plain and a bearer token; & < and line breaks survive both ways", async () => {
    const { provider, exchanges } = await googleProvider();
    const text = `Tom & Jerry < 3 lần\n${NAME}: ${PHONE}`;
    let seen: Seen | undefined;
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, async ({ request }) => {
        seen = {
          method: request.method,
          url: new URL(request.url),
          headers: request.headers,
          body: await request.json(),
        };
        return HttpResponse.json({ translations: [{ translatedText: "Tom & Jerry < 3 times\nMai: (312) 555-0160" }] });
      }),
    );
    const result = await provider.translate({ text, from: "vi", to: "en" });
    expect(result).toEqual({
      text: "Tom & Jerry < 3 times\nMai: (312) 555-0160",
      engine: "google",
      model: "v3",
      detectedFrom: null,
      detectionScore: null,
      chars: text.length,
    });
    expect(seen!.method).toBe("POST");
    expect(seen!.headers.get("authorization")).toBe("Bearer ya29.token-1");
    expect(seen!.body).toEqual({
      contents: [text],
      sourceLanguageCode: "vi",
      targetLanguageCode: "en",
      mimeType: "text/plain",
    });
    expect([...seen!.url.searchParams]).toEqual([]);
    assertNoPersonalData(seen!.url.toString(), seen!.headers);
    expect(exchanges).toEqual([
      {
        grantType: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        scope: "https://www.googleapis.com/auth/cloud-translation",
      },
    ]);
  });

  it("reuses one access token until a minute before it expires, then exchanges again", async () => {
    let now = Date.now();
    const { provider, exchanges } = await googleProvider({ now: () => now });
    const tokens: (string | null)[] = [];
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, ({ request }) => {
        tokens.push(request.headers.get("authorization"));
        return HttpResponse.json({ translations: [{ translatedText: "ok" }] });
      }),
    );
    await Promise.all([
      provider.translate({ text: "a", from: "es", to: "en" }),
      provider.translate({ text: "b", from: "es", to: "en" }),
    ]);
    now += 58 * 60_000;
    await provider.translate({ text: "c", from: "es", to: "en" });
    now += 2 * 60_000;
    await provider.translate({ text: "d", from: "es", to: "en" });
    expect(exchanges).toHaveLength(2);
    expect(tokens).toEqual([
      "Bearer ya29.token-1",
      "Bearer ya29.token-1",
      "Bearer ya29.token-1",
      "Bearer ya29.token-2",
    ]);
  });

  it("sends Google's codes (zh-CN, fil, hmn, Dari as fa) and maps a detected code back to our tag", async () => {
    const { provider } = await googleProvider();
    const sent: string[] = [];
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, async ({ request }) => {
        const body = (await request.json()) as { sourceLanguageCode: string; targetLanguageCode: string };
        sent.push(`${body.sourceLanguageCode}>${body.targetLanguageCode}`);
        return HttpResponse.json({ translations: [{ translatedText: "ok", detectedLanguageCode: "zh-CN" }] });
      }),
    );
    const result = await provider.translate({ text: "你好", from: "zh-Hans", to: "en" });
    for (const from of ["tl", "hmn", "prs"]) await provider.translate({ text: "x", from, to: "en" });
    expect(sent).toEqual(["zh-CN>en", "fil>en", "hmn>en", "fa>en"]);
    expect(result.detectedFrom).toBe("zh-Hans");
    expect(Object.keys(GOOGLE_CODES).sort()).toEqual([...LANGUAGE_TAGS].sort());
  });

  it("a rejected service-account key is `rejected`, not retried forever", async () => {
    const { account } = await serviceAccount();
    mswServer.use(http.post(TOKEN_URL, () => HttpResponse.json({ error: "invalid_grant" }, { status: 400 })));
    const tokens = new GoogleServiceAccountTokens(account);
    expect((await failure(tokens.token())).details).toMatchObject({
      engine: "google",
      kind: "rejected",
      httpStatus: 400,
    });
    const broken = new GoogleServiceAccountTokens({ ...account, private_key: "not a key" });
    expect((await failure(broken.token())).details.kind).toBe("rejected");
  });

  it("treats Google's 403 quota answers as rate_limited (they pass with time) and other 403s as rejected", async () => {
    const { provider } = await googleProvider();
    const request = { text: "x", from: "vi", to: "en" };
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, () =>
        HttpResponse.json({ error: { code: 403, message: "User Rate Limit Exceeded" } }, { status: 403 }),
      ),
    );
    expect((await failure(provider.translate(request))).details).toMatchObject({
      kind: "rate_limited",
      httpStatus: 403,
    });
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, () =>
        HttpResponse.json(
          { error: { code: 403, message: "Cloud Translation API has not been used in project" } },
          { status: 403 },
        ),
      ),
    );
    expect((await failure(provider.translate(request))).details).toMatchObject({ kind: "rejected", httpStatus: 403 });
  });

  it("treats Google's 400 'Target language is invalid' as unsupported_pair", async () => {
    const { provider } = await googleProvider();
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, () =>
        HttpResponse.json(
          { error: { code: 400, message: "Target language is invalid.", status: "INVALID_ARGUMENT" } },
          { status: 400 },
        ),
      ),
    );
    expect((await failure(provider.translate({ text: "x", from: "vi", to: "en" }))).details.kind).toBe(
      "unsupported_pair",
    );
  });
});

// ------------------------------------------------------------------- LibreTranslate

const LIBRE_BASE = "https://libre.test";
const libre = (apiKey?: string, timeoutMs?: number) =>
  new LibreTranslateProvider({ apiBaseUrl: `${LIBRE_BASE}/`, apiKey, timeoutMs });

describe("LibreTranslateProvider", () => {
  it("posts { q, source, target, format: text, api_key } as JSON and reads translatedText", async () => {
    const bodies: unknown[] = [];
    let seen: Seen | undefined;
    mswServer.use(
      http.post(`${LIBRE_BASE}/translate`, async ({ request }) => {
        const body = await request.json();
        bodies.push(body);
        seen = { method: request.method, url: new URL(request.url), headers: request.headers, body };
        return HttpResponse.json({ translatedText: "Teacher, Mai & co < 2\nok" });
      }),
    );
    const result = await libre("lt-key").translate({ text: TEXT, from: "vi", to: "en" });
    await libre().translate({ text: "你好", from: "zh-Hans", to: "en" });
    expect(result).toEqual({
      text: "Teacher, Mai & co < 2\nok",
      engine: "libretranslate",
      model: null,
      detectedFrom: null,
      detectionScore: null,
      chars: TEXT.length,
    });
    expect(bodies).toEqual([
      { q: TEXT, source: "vi", target: "en", format: "text", api_key: "lt-key" },
      { q: "你好", source: "zh", target: "en", format: "text" },
    ]);
    expect(seen!.headers.get("content-type")).toBe("application/json");
    assertNoPersonalData(seen!.url.toString(), seen!.headers);
  });

  it("has no Somali, Hmong or Haitian model, and a server lacking a model falls through as unsupported_pair", async () => {
    expect(["so", "hmn", "ht"].map((tag) => libre().supports(tag, "en"))).toEqual([false, false, false]);
    expect(libre().supports("prs", "en")).toBe(true);
    mswServer.use(
      http.post(`${LIBRE_BASE}/translate`, () => HttpResponse.json({ error: "uk is not supported" }, { status: 400 })),
    );
    expect((await failure(libre().translate({ text: "x", from: "uk", to: "en" }))).details.kind).toBe(
      "unsupported_pair",
    );
  });
});

// --------------------------------------------- error kinds, the same for every fetch adapter

type Adapter = {
  name: string;
  url: string | RegExp;
  make: (timeoutMs?: number) => Promise<TranslationProvider>;
};
const ADAPTERS: Adapter[] = [
  { name: "azure", url: `${AZURE_BASE}/translate`, make: async (t) => azure(t) },
  { name: "google", url: GOOGLE_TRANSLATE_URL, make: async (t) => (await googleProvider({ timeoutMs: t })).provider },
  { name: "libretranslate", url: `${LIBRE_BASE}/translate`, make: async (t) => libre(undefined, t) },
];

describe.each(ADAPTERS)("$name errors", ({ url, make }) => {
  const request = { text: "Xin chào", from: "vi", to: "en" };

  it("429 is rate_limited with Retry-After; 503 is unavailable; 401 is rejected", async () => {
    const provider = await make();
    mswServer.use(
      http.post(url, () =>
        HttpResponse.json({ error: { message: "slow down" } }, { status: 429, headers: { "Retry-After": "7" } }),
      ),
    );
    const limited = await failure(provider.translate(request));
    expect(limited.details).toMatchObject({ kind: "rate_limited", httpStatus: 429, retryAfterSeconds: 7 });
    expect(limited.retryable).toBe(true);

    mswServer.use(http.post(url, () => new HttpResponse("upstream down", { status: 503 })));
    const down = await failure(provider.translate(request));
    expect(down.details).toMatchObject({ kind: "unavailable", httpStatus: 503 });
    expect(down.retryable).toBe(true);

    mswServer.use(http.post(url, () => HttpResponse.json({ error: { message: "bad key" } }, { status: 401 })));
    const refused = await failure(provider.translate(request));
    expect(refused.details).toMatchObject({ kind: "rejected", httpStatus: 401 });
    expect(refused.retryable).toBe(false);
  });

  it("a dropped connection is unavailable; no answer within the timeout is timeout", async () => {
    const provider = await make(50);
    mswServer.use(http.post(url, () => HttpResponse.error()));
    expect((await failure(provider.translate(request))).details.kind).toBe("unavailable");

    mswServer.use(
      http.post(url, async () => {
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const slow = await failure(provider.translate(request));
    expect(slow.details.kind).toBe("timeout");
    expect(slow.retryable).toBe(true);
  });
});

// ------------------------------------------------------------------------ the chain

/** A Workers AI binding that answers like m2m100 and records what it was asked. */
function fakeAi() {
  const calls: unknown[] = [];
  return {
    calls,
    binding: {
      async run(model: string, inputs: { text: string; source_lang: string; target_lang: string }) {
        calls.push({ model, ...inputs });
        return { translated_text: `m2m:${inputs.text}` };
      },
    },
  };
}

describe("chainProviders", () => {
  it("sends Hmong past Workers AI (no Hmong) to Azure, and Vietnamese to Workers AI without calling Azure", async () => {
    const azureCalls: string[] = [];
    mswServer.use(
      http.post(`${AZURE_BASE}/translate`, ({ request }) => {
        azureCalls.push(new URL(request.url).searchParams.get("from")!);
        return HttpResponse.json([{ translations: [{ text: "Hello", to: "en" }] }]);
      }),
    );
    const ai = fakeAi();
    const chain = chainProviders([new WorkersAiTranslationProvider(ai.binding), azure()]);
    expect(await chain.translate({ text: "Nyob zoo", from: "hmn", to: "en" })).toMatchObject({
      engine: "azure",
      text: "Hello",
    });
    expect(await chain.translate({ text: "Xin chào", from: "vi", to: "en" })).toMatchObject({
      engine: "workers-ai",
      text: "m2m:Xin chào",
    });
    expect(azureCalls).toEqual(["mww"]);
    expect(ai.calls).toEqual([
      { model: "@cf/meta/m2m100-1.2b", text: "Xin chào", source_lang: "vi", target_lang: "en" },
    ]);
  });

  it("falls through not_configured and unsupported_pair; a retryable error stops the chain", async () => {
    const later = new FakeTranslationProvider();
    const chain = chainProviders([
      new FakeTranslationProvider({
        failures: [{ kind: "not_configured" }, { kind: "unsupported_pair" }, { kind: "unavailable" }],
      }),
      later,
    ]);
    expect((await chain.translate({ text: "a", from: "es", to: "en" })).text).toBe("[es→en] a");
    expect((await chain.translate({ text: "b", from: "es", to: "en" })).text).toBe("[es→en] b");
    expect((await failure(chain.translate({ text: "c", from: "es", to: "en" }))).details.kind).toBe("unavailable");
    expect(later.calls.map((c) => c.text)).toEqual(["a", "b"]);
  });

  it("ends on the last engine's reason: unsupported_pair when none takes the pair, not_configured after `none`", async () => {
    const ai = fakeAi();
    const onlyAi = chainProviders([new MemoryTranslationProvider([]), new WorkersAiTranslationProvider(ai.binding)]);
    expect(onlyAi.supports("hmn", "en")).toBe(false);
    expect((await failure(onlyAi.translate({ text: "Nyob zoo", from: "hmn", to: "en" }))).details.kind).toBe(
      "unsupported_pair",
    );
    const nothing = chainProviders([new MemoryTranslationProvider([]), new NoTranslationProvider()]);
    const reason = await failure(nothing.translate({ text: "Hola", from: "es", to: "en" }));
    expect(reason.details).toMatchObject({ kind: "not_configured", engine: "none" });
    expect(reason.message).toBe("no translation service configured");
    expect(ai.calls).toEqual([]);
  });
});

// ----------------------------------------------------------------- memory and none

describe("MemoryTranslationProvider with the demo phrases", () => {
  const memory = new MemoryTranslationProvider(demoPhraseMemoryEntries());

  it("answers every seeded family-language message with the seed's English line, for boys and girls", async () => {
    let answered = 0;
    const unanswerable: string[] = [];
    for (const language of DEMO_LANGUAGES.filter((l) => l !== "en")) {
      for (const child of [
        { name: "Bao", male: true },
        { name: "Hodan Ali", male: false },
      ]) {
        for (const select of SELECTORS) {
          const { body, translatedBody } = renderPhrase(language, select, child);
          // The English names the child where the family's language uses a pronoun: the memory
          // cannot know the name, so it must say so rather than invent one.
          if (select(en).includes("{child}") && !select(PHRASE_BANKS[language]).includes("{child}")) {
            const miss = await failure(memory.translate({ text: body, from: language, to: "en" }));
            expect(miss.details.kind).toBe("not_configured");
            unanswerable.push(`${language}: ${select(en)}`);
            continue;
          }
          const result = await memory.translate({ text: body, from: language, to: "en" });
          expect(result.engine).toBe("memory");
          // The seed knows the child's gender; the memory does not, so "him/her" is allowed where
          // the family's language does not mark it.
          expect(matchesAllowingBoth(result.text, translatedBody!)).toBe(true);
          answered++;
        }
      }
    }
    expect(answered + unanswerable.length).toBe(9 * 2 * SELECTORS.length);
    expect([...new Set(unanswerable)]).toEqual([
      "ar: Thank you for letting me know. I hope {child} feels better soon!",
    ]);
  });

  it("translates a teacher's English phrase into the family's language, with the child's name filled in", async () => {
    const { body, translatedBody } = renderPhrase("es", (b) => b.familyTopics[0][1], { name: "Sofía", male: false });
    const result = await memory.translate({ text: translatedBody!, from: "en", to: "es" });
    expect(result.text).toBe(body);
  });

  it("answers a text the caller already protected: names and numbers come back as the caller's tokens", async () => {
    const child = { name: "Bao", male: true };
    const { body, translatedBody } = renderPhrase("vi", (b) => b.teacherTopics[2][0], child);
    const guarded = protect(body, [child.name]);
    expect(guarded.text).toContain("{{1}} phút");
    const result = await memory.translate({ text: guarded.text, from: "vi", to: "en" });
    expect(result.text).toBe(
      "{{0}} is learning many new words. Reading together at home for {{1}} minutes a day helps a lot, in any language.",
    );
    expect(guarded.restore(result.text)).toBe(translatedBody);
    const accept = protect(renderPhrase("es", (b) => b.accept, child).body);
    const answer = await memory.translate({ text: accept.text, from: "es", to: "en" });
    expect(accept.restore(answer.text)).toBe(en.accept);
    expect(accept.missing(answer.text)).toEqual([]);
  });

  it("matches after trimming and NFC, and throws not_configured for anything else", async () => {
    const phrase = "Cảm ơn thầy cô rất nhiều!";
    const result = await memory.translate({ text: `  ${phrase.normalize("NFD")} \n`, from: "vi", to: "en" });
    expect(result.text).toBe(en.familyThanks[0]);
    const miss = await failure(memory.translate({ text: "Một câu khác", from: "vi", to: "en" }));
    expect(miss.details).toMatchObject({ engine: "memory", kind: "not_configured" });
    expect(memory.supports("vi", "en")).toBe(true);
    expect(memory.supports("uk", "en")).toBe(false);
  });
});

const SELECTORS: ((b: import("../../db/seed/phrases").PhraseBank) => string)[] = [
  (b) => b.invite,
  (b) => b.accept,
  (b) => b.decline,
  (b) => b.confirm,
  (b) => b.reminder,
  ...[0, 1, 2, 3, 4].flatMap((i) => [
    (b: import("../../db/seed/phrases").PhraseBank) => b.teacherTopics[i]![0],
    (b: import("../../db/seed/phrases").PhraseBank) => b.teacherTopics[i]![1],
    (b: import("../../db/seed/phrases").PhraseBank) => b.familyTopics[i]![0],
    (b: import("../../db/seed/phrases").PhraseBank) => b.familyTopics[i]![1],
  ]),
  (b) => b.familyThanks[0],
  (b) => b.familyThanks[1],
  (b) => b.teacherClosings[0],
  (b) => b.teacherClosings[1],
];

/** "proud of him/her" matches the seed's "proud of him" or "proud of her". */
function matchesAllowingBoth(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  const pattern = actual.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/(\p{L}+)\/(\p{L}+)/gu, "(?:$1|$2)");
  return new RegExp(`^${pattern}$`, "u").test(expected);
}

describe("NoTranslationProvider", () => {
  it("always says no translation service is configured", async () => {
    const none = new NoTranslationProvider();
    const reason = await failure(none.translate({ text: "Hola", from: "es", to: "en" }));
    expect(reason.details).toEqual({ engine: "none", kind: "not_configured" });
    expect(reason.retryable).toBe(false);
  });
});

// ------------------------------------------------------------------ config and build

describe("translation config", () => {
  it("names every missing key for the engines TRANSLATION_PROVIDER lists", () => {
    expect(translationConfigProblems({})).toEqual([]);
    expect(translationConfigProblems({ TRANSLATION_PROVIDER: "none" })).toEqual([]);
    expect(translationConfigProblems({ TRANSLATION_PROVIDER: "workers-ai,azure,google,libretranslate" })).toEqual([
      { variable: "AZURE_TRANSLATOR_KEY", message: "is required with TRANSLATION_PROVIDER=azure" },
      { variable: "GOOGLE_TRANSLATE_PROJECT_ID", message: "is required with TRANSLATION_PROVIDER=google" },
      {
        variable: "GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON",
        message: expect.stringContaining("is required with TRANSLATION_PROVIDER=google"),
      },
      { variable: "LIBRETRANSLATE_API_BASE_URL", message: expect.stringContaining("is required") },
    ]);
    expect(translationConfigProblems({ TRANSLATION_PROVIDER: "deepl" })[0]).toMatchObject({
      variable: "TRANSLATION_PROVIDER",
      message: expect.stringContaining("unknown: deepl"),
    });
    expect(translationConfigProblems({ TRANSLATION_PROVIDER: "azure,none" })[0]!.message).toContain(
      "cannot be combined",
    );
    expect(
      translationConfigProblems({
        TRANSLATION_PROVIDER: "google",
        GOOGLE_TRANSLATE_PROJECT_ID: "p",
        GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON: "{nope",
        GOOGLE_TRANSLATE_API_KEY: "AIza-key",
        AZURE_TRANSLATOR_API_BASE_URL: "ftp://x",
      }).map((p) => p.variable),
    ).toEqual(["AZURE_TRANSLATOR_API_BASE_URL", "GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON", "GOOGLE_TRANSLATE_API_KEY"]);
    // `.env` files carry NAME= for unset.
    expect(translationConfigProblems({ TRANSLATION_PROVIDER: "azure", AZURE_TRANSLATOR_KEY: "  " })).toHaveLength(1);
  });

  it("builds the chain the variables describe: memory first, then the engines in order, then none", async () => {
    const config = translationConfigFromEnv({
      TRANSLATION_PROVIDER: "workers-ai, azure",
      AZURE_TRANSLATOR_KEY: "k",
      AZURE_TRANSLATOR_REGION: "eastus",
      AZURE_TRANSLATOR_API_BASE_URL: `${AZURE_BASE}/`,
    });
    expect(config).toEqual({
      engines: ["workers-ai", "azure"],
      azure: { key: "k", region: "eastus", apiBaseUrl: AZURE_BASE },
      google: null,
      libretranslate: null,
    });
    const ai = fakeAi();
    const provider = buildTranslationProvider(config, { ai: ai.binding }, fetch, { memory: demoPhraseMemoryEntries() });
    expect(provider.name).toBe("memory,workers-ai,azure,none");
    expect(() => buildTranslationProvider(config, {})).toThrow(/needs an AI binding/);
    const local = buildTranslationProvider(translationConfigFromEnv({}), {});
    expect(local.name).toBe("none");
    expect((await failure(local.translate({ text: "Hola", from: "es", to: "en" }))).details.kind).toBe(
      "not_configured",
    );
  });

  it("a Google config from the environment signs in with its service account and translates", async () => {
    const { account, publicPem } = await serviceAccount();
    const exchanges = mockGoogleToken(publicPem, account.client_email);
    mswServer.use(
      http.post(GOOGLE_TRANSLATE_URL, () => HttpResponse.json({ translations: [{ translatedText: "Hello" }] })),
    );
    const provider = buildTranslationProvider(
      translationConfigFromEnv({
        TRANSLATION_PROVIDER: "google",
        GOOGLE_TRANSLATE_PROJECT_ID: "doorstep-test",
        GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON: JSON.stringify(account),
        GOOGLE_TRANSLATE_API_BASE_URL: GOOGLE_BASE,
      }),
    );
    expect(await provider.translate({ text: "Hola", from: "es", to: "en" })).toMatchObject({
      engine: "google",
      text: "Hello",
    });
    expect(exchanges).toHaveLength(1);
  });
});

describe("FakeTranslationProvider", () => {
  it("labels its output with the pair and plays scripted failures in order", async () => {
    const fake = new FakeTranslationProvider({
      failures: [{ kind: "rate_limited", retryAfterSeconds: 3 }],
      unsupported: ["hmn"],
    });
    expect((await failure(fake.translate({ text: "Xin chào", from: "vi", to: "en" }))).details).toMatchObject({
      kind: "rate_limited",
      retryAfterSeconds: 3,
    });
    expect((await fake.translate({ text: "Xin chào", from: "vi", to: "en" })).text).toBe("[vi→en] Xin chào");
    expect(fake.supports("hmn", "en")).toBe(false);
    expect(fake.calls).toHaveLength(2);
  });
});

it("every engine map covers exactly our fifteen tags", () => {
  expect(Object.keys(AZURE_CODES).sort()).toEqual([...LANGUAGE_TAGS].sort());
});
