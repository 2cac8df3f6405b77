import * as oauth from "oauth4webapi";
import { oidcAttempts } from "../../../db/schema";
import { sha256 } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import { NotFoundError } from "../../errors";
import {
  AUTHORIZATION_SCOPE,
  discoverOrFail,
  type OidcProviderName,
  ProviderUnavailableError,
  providerConfig,
  redirectUri,
} from "./oidc-providers";

export const OIDC_ATTEMPT_TTL_MS = 10 * 60 * 1000;

/**
 * Begins "Sign in with Google/Microsoft": a fresh state, nonce and PKCE verifier, kept on the
 * server (only the state's hash is the key), and the provider's authorization URL. The route
 * also puts `state` in a short-lived cookie, so the answer must come back to this browser.
 * Throws ProviderUnavailableError when the provider cannot be reached (nothing is stored then).
 */
export async function startOidcSignIn(
  ctx: SystemContext,
  input: { provider: OidcProviderName },
): Promise<{ authorizationUrl: string; state: string; expiresAt: Date }> {
  const { config, db, clock } = ctx.deps;
  const provider = providerConfig(config, input.provider);
  if (!provider) throw new NotFoundError(`Sign-in with ${input.provider} is not configured`);
  const as = await discoverOrFail(input.provider, provider);
  if (!as.authorization_endpoint)
    throw new ProviderUnavailableError(input.provider, new Error("discovery document has no authorization_endpoint"));

  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + OIDC_ATTEMPT_TTL_MS);
  await db.insert(oidcAttempts).values({
    id: await sha256(state),
    provider: input.provider,
    nonce,
    codeVerifier,
    expiresAt,
    createdAt: now,
  });

  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("client_id", provider.clientId);
  url.searchParams.set("redirect_uri", redirectUri(config, input.provider));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", AUTHORIZATION_SCOPE);
  url.searchParams.set("state", state);
  url.searchParams.set("nonce", nonce);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  // Staff often share a school device: let them choose the account rather than reuse one.
  url.searchParams.set("prompt", "select_account");
  return { authorizationUrl: url.href, state, expiresAt };
}
