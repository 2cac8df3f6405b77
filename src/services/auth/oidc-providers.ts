import * as oauth from "oauth4webapi";
import type { Config, OidcProviderConfig } from "../../config";

/**
 * The two identity providers staff can sign in with, described for oauth4webapi. Everything
 * protocol-shaped (discovery, PKCE, the token request, ID-token claims and signature) is the
 * library's; what is here is the part that differs per provider.
 */
export const OIDC_PROVIDERS = ["google", "microsoft"] as const;

/** A person is waiting at the sign-in page: a provider that does not answer in 10 s has failed. */
export const OIDC_TIMEOUT_MS = 10_000;
export const httpOptions = { signal: () => AbortSignal.timeout(OIDC_TIMEOUT_MS) };

/** The provider could not be reached, or answered discovery with something unusable. */
export class ProviderUnavailableError extends Error {
  constructor(
    readonly provider: OidcProviderName,
    cause: unknown,
  ) {
    super(`${provider} sign-in is unavailable: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = "ProviderUnavailableError";
  }
}

/** discover(), with any failure as a ProviderUnavailableError. */
export async function discoverOrFail(
  name: OidcProviderName,
  provider: OidcProviderConfig,
): Promise<oauth.AuthorizationServer> {
  try {
    return await discover(name, provider);
  } catch (error) {
    throw new ProviderUnavailableError(name, error);
  }
}
export type OidcProviderName = (typeof OIDC_PROVIDERS)[number];

export function isOidcProviderName(value: string): value is OidcProviderName {
  return (OIDC_PROVIDERS as readonly string[]).includes(value);
}

export function configuredOidcProviders(config: Config): OidcProviderName[] {
  return OIDC_PROVIDERS.filter((name) => config.oidc[name] !== null);
}

export function providerConfig(config: Config, name: OidcProviderName): OidcProviderConfig | null {
  return config.oidc[name];
}

export function redirectUri(config: Config, name: OidcProviderName): string {
  return `${config.publicBaseUrl}/login/${name}/callback`;
}

/**
 * The provider's metadata from its discovery document, its issuer checked.
 *
 * Microsoft's multi-tenant endpoints (`organizations`, `common`) and tenant domain names publish
 * an issuer other than the URL they were fetched from: the template
 * `https://login.microsoftonline.com/{tenantid}/v2.0`, or the tenant's GUID form. Those are
 * accepted only under the configured authority; the ID token's own `iss` is then checked
 * against the template filled with its `tid` (see `issuerForToken`).
 */
export async function discover(
  name: OidcProviderName,
  provider: OidcProviderConfig,
): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(provider.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...httpOptions });
  if (name === "google") return oauth.processDiscoveryResponse(issuer, response);
  const published = await publishedIssuer(response.clone());
  const authority = `${issuer.origin}/`;
  const acceptable =
    published === provider.issuer ||
    (published?.startsWith(authority) && /^[^/]+\/v2\.0$/.test(published.slice(authority.length)));
  // An unacceptable issuer is compared against the configured one, so the library reports it.
  return oauth.processDiscoveryResponse(acceptable && published ? new URL(published) : issuer, response);
}

async function publishedIssuer(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { issuer?: unknown };
    return typeof body.issuer === "string" ? body.issuer : undefined;
  } catch {
    return undefined; // the library reports the unreadable body
  }
}

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The metadata to check one ID token against.
 *
 * - Microsoft `{tenantid}` template: the token's `iss` must be the template with the token's
 *   own `tid` in it (Microsoft's rule for multi-tenant apps).
 * - Google: its documentation allows `iss` to be `accounts.google.com` as well as
 *   `https://accounts.google.com`; only that exact alias of the published issuer is accepted.
 *
 * Reading claims before the signature is checked is safe because they only choose which
 * expected issuer to compare with; the library then verifies `iss`, `aud`, `exp` and `nonce`,
 * and we verify the signature, as usual.
 */
export function issuerForToken(
  name: OidcProviderName,
  as: oauth.AuthorizationServer,
  idToken: string | undefined,
): oauth.AuthorizationServer {
  if (name === "google") {
    const alias = as.issuer.replace(/^https:\/\//, "");
    return unverifiedClaim(idToken, "iss") === alias && alias !== as.issuer ? { ...as, issuer: alias } : as;
  }
  if (!as.issuer.includes("{tenantid}")) return as;
  const tid = unverifiedClaim(idToken, "tid");
  if (typeof tid !== "string" || !TENANT_ID.test(tid)) return as; // fails the library's iss check
  return { ...as, issuer: as.issuer.replace("{tenantid}", tid) };
}

function unverifiedClaim(jwt: string | undefined, claim: string): unknown {
  const payload = jwt?.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(json, (ch) => ch.charCodeAt(0));
    return (JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>)[claim];
  } catch {
    return undefined;
  }
}

/**
 * Whether the provider vouches for the email address. Google sends `email_verified`. Microsoft
 * Entra ID does not: its `email` is an attribute any tenant admin can set, so it is trusted
 * only with the optional `xms_edov` claim ("email domain owner verified"), which the app
 * registration must request (docs/sign-in.md). Without it, nobody gets in by a claimed email.
 */
export function verifiedEmail(name: OidcProviderName, claims: oauth.IDToken): string | null {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email.includes("@")) return null;
  const verified =
    claims.email_verified === true || (name === "microsoft" && (claims.xms_edov === true || claims.xms_edov === "1"));
  return verified ? email : null;
}

/** Scopes and extra parameters of the authorization request. */
export const AUTHORIZATION_SCOPE = "openid email profile";
