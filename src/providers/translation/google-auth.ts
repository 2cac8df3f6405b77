import { importPKCS8, SignJWT } from "jose";
import { errorFromStatus, readErrorText, requestEngine } from "./http";
import { TRANSLATION_TIMEOUT_MS, TranslationError } from "./types";

/** The fields of a Google service-account key file (JSON) that the token exchange needs. */
export type GoogleServiceAccount = { client_email: string; private_key: string; token_uri?: string };

export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
const SCOPE = "https://www.googleapis.com/auth/cloud-translation";

/** Parses GOOGLE_TRANSLATE_SERVICE_ACCOUNT_JSON; throws naming what is missing. */
export function parseServiceAccount(json: string): GoogleServiceAccount {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("is not valid JSON (paste the service-account key file's contents)");
  }
  const account = value as Partial<GoogleServiceAccount>;
  if (typeof account.client_email !== "string" || typeof account.private_key !== "string") {
    throw new Error("must be a service-account key with client_email and private_key");
  }
  return { client_email: account.client_email, private_key: account.private_key, token_uri: account.token_uri };
}

/**
 * Access tokens for Cloud Translation v3 from a service-account key, without Google's SDK
 * (which does not run on Workers): sign a JWT assertion (RS256, via `jose` on WebCrypto) and
 * trade it at the token endpoint (RFC 7523 jwt-bearer grant). v3 rejects API keys, so this is
 * the one way in. Tokens live an hour; we reuse one until a minute before it expires. One
 * instance per provider, held on Deps — never a module global.
 */
export class GoogleServiceAccountTokens {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly account: GoogleServiceAccount,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs: number = TRANSLATION_TIMEOUT_MS,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - 60_000 > this.now()) return this.cached.token;
    // Concurrent translations share one exchange instead of each minting a token.
    this.pending ??= this.exchange().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async signAssertion(tokenUri: string): Promise<string> {
    const key = await importPKCS8(this.account.private_key, "RS256");
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(this.account.client_email)
      .setAudience(tokenUri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(key);
  }

  private async exchange(): Promise<string> {
    const tokenUri = this.account.token_uri ?? GOOGLE_TOKEN_URI;
    let assertion: string;
    try {
      assertion = await this.signAssertion(tokenUri).catch(() =>
        // Node's WebCrypto can report a stale OpenSSL error left by an unrelated aborted
        // request (seen right after a timed-out fetch) as "Invalid keyData": one retry tells
        // that apart from a key that is really broken.
        this.signAssertion(tokenUri),
      );
    } catch (error) {
      throw new TranslationError(`google service-account key is unusable: ${(error as Error).message}`, {
        engine: "google",
        kind: "rejected",
      });
    }
    const response = await requestEngine(
      "google",
      this.fetchImpl,
      tokenUri,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
      },
      this.timeoutMs,
    );
    if (!response.ok) throw errorFromStatus("google", response, await readErrorText(response));
    const payload = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!payload.access_token) {
      throw new TranslationError("google token endpoint answered without access_token", {
        engine: "google",
        kind: "unavailable",
        httpStatus: response.status,
      });
    }
    this.cached = { token: payload.access_token, expiresAt: this.now() + (payload.expires_in ?? 3600) * 1000 };
    return payload.access_token;
  }
}
