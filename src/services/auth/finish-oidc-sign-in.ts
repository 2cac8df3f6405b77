import { and, eq, gt, isNull } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { educators, oidcAttempts } from "../../../db/schema";
import { constantTimeEqual, sha256 } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import {
  discoverOrFail,
  httpOptions,
  issuerForToken,
  type OidcProviderName,
  ProviderUnavailableError,
  providerConfig,
  redirectUri,
  verifiedEmail,
} from "./oidc-providers";
import { startSession } from "./start-session";

/** Why a sign-in was refused; the route words each for the person, the log keeps details. */
export type OidcRefusal =
  | "not_configured"
  | "state" // missing, unknown, expired, already used, or not this browser's
  | "provider_error" // the provider answered with an error (e.g. the person cancelled)
  | "provider_unreachable" // discovery, the token endpoint or the JWKS did not answer usably
  | "token" // the code exchange or the ID token failed a check (signature, iss, aud, exp, nonce)
  | "unverified_email"
  | "domain_not_allowed"
  | "unknown_staff";

export type OidcSignInResult =
  | { ok: true; educatorId: string; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: OidcRefusal };

/**
 * Finishes a provider sign-in: the callback's `state` must match this browser's cookie and an
 * unused attempt (spent here, once, like a magic link); the code is exchanged with the PKCE
 * verifier; the ID token's signature and claims are checked by oauth4webapi; then the verified
 * email must be in an allowed domain and belong to an active educator. Nobody is created: an
 * unknown address is refused.
 */
export async function finishOidcSignIn(
  ctx: SystemContext,
  input: { provider: OidcProviderName; callbackUrl: string; browserState: string | undefined },
): Promise<OidcSignInResult> {
  const { config, db, clock, log } = ctx.deps;
  const refuse = (reason: OidcRefusal, fields: Record<string, unknown> = {}): OidcSignInResult => {
    log("warn", "provider sign-in refused", { provider: input.provider, reason, ...fields });
    return { ok: false, reason };
  };
  const provider = providerConfig(config, input.provider);
  if (!provider) return refuse("not_configured");

  const callback = new URL(input.callbackUrl);
  const state = callback.searchParams.get("state") ?? "";
  if (!state || !input.browserState || !constantTimeEqual(state, input.browserState)) return refuse("state");
  const now = clock.now();
  const [attempt] = await db
    .update(oidcAttempts)
    .set({ usedAt: now })
    .where(
      and(
        eq(oidcAttempts.id, await sha256(state)),
        eq(oidcAttempts.provider, input.provider),
        isNull(oidcAttempts.usedAt),
        gt(oidcAttempts.expiresAt, now),
      ),
    )
    .returning({ nonce: oidcAttempts.nonce, codeVerifier: oidcAttempts.codeVerifier });
  if (!attempt) return refuse("state");

  // The library checks time claims against its own clock; keep it on ours (tests fix the clock).
  const client: oauth.Client = {
    client_id: provider.clientId,
    [oauth.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000),
  };
  const clientAuth = oauth.ClientSecretPost(provider.clientSecret);
  let claims: oauth.IDToken;
  try {
    const discovered = await discoverOrFail(input.provider, provider);
    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(discovered, client, callback, state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) return refuse("provider_error", { error: error.error });
      throw error;
    }
    const response = await oauth.authorizationCodeGrantRequest(
      discovered,
      client,
      clientAuth,
      parameters,
      redirectUri(config, input.provider),
      attempt.codeVerifier,
      httpOptions,
    );
    const as = issuerForToken(input.provider, discovered, await peekIdToken(response));
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: attempt.nonce,
      requireIdToken: true,
    });
    // processAuthorizationCodeResponse checks iss, aud, azp, exp, iat and nonce; the token came
    // over TLS from the token endpoint, but we check its signature against the provider's JWKS
    // too, so a misrouted or spoofed token endpoint cannot mint identities.
    await oauth.validateApplicationLevelSignature(as, response, httpOptions);
    const validated = oauth.getValidatedIdTokenClaims(tokens);
    if (!validated) return refuse("token", { error: "no ID token" });
    claims = validated;
  } catch (error) {
    const e = error as Error & { code?: string };
    // fetch itself failing (network, timeout) is the provider being away, not a bad token.
    const unreachable =
      error instanceof ProviderUnavailableError ||
      (error instanceof TypeError && !e.code) ||
      e.name === "TimeoutError" ||
      e.name === "AbortError";
    return refuse(unreachable ? "provider_unreachable" : "token", { error: e.message, code: e.code });
  }

  const email = verifiedEmail(input.provider, claims);
  if (!email) return refuse("unverified_email");
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (!config.oidc.allowedDomains.includes(domain)) return refuse("domain_not_allowed", { domain });

  const [educator] = await db
    .select({ id: educators.id })
    .from(educators)
    .where(and(eq(educators.email, email), eq(educators.active, true)))
    .limit(1);
  if (!educator) return refuse("unknown_staff", { domain });
  const session = await startSession(ctx, educator.id);
  log("info", "provider sign-in", { provider: input.provider, educatorId: educator.id });
  return { ok: true, educatorId: educator.id, session };
}

/** The raw id_token of a token response, read from a copy so the library can read the original. */
async function peekIdToken(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { id_token?: unknown };
    return typeof body.id_token === "string" ? body.id_token : undefined;
  } catch {
    return undefined;
  }
}
