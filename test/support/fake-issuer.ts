import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

/**
 * A local OpenID Connect provider with its own RSA keys: a discovery document, a JWKS and a
 * token endpoint, answered by `handle(request)` — plain fetch API, so msw serves it in Node
 * and a fetch spy serves it in workerd. `authorize()` plays the person signing in at the
 * provider and returns the callback URL the provider would redirect the browser to.
 *
 * The token endpoint checks what a real one does: client secret, single-use code,
 * redirect_uri, and the PKCE verifier against the challenge of the authorization request.
 */
export type FakeIssuerOptions = {
  /** Where discovery is fetched from (`<base>/.well-known/openid-configuration`). */
  discoveryBase: string;
  /** The `issuer` the discovery document publishes (default: discoveryBase). */
  publishedIssuer?: string;
  clientId: string;
  clientSecret: string;
  /** Seconds since the epoch for iat/exp (tests run on a fixed clock). */
  now: () => number;
};

export type SignInAs = {
  /** Claims of the ID token; iss, aud, iat, exp and nonce default to the correct values. */
  claims: JWTPayload & Record<string, unknown>;
  /** Sign with a key the JWKS does not publish. */
  foreignKey?: boolean;
};

type Pending = { signIn: SignInAs; nonce: string; challenge: string; redirectUri: string };

export async function createFakeIssuer(options: FakeIssuerOptions) {
  const origin = new URL(options.discoveryBase).origin;
  const issuer = options.publishedIssuer ?? options.discoveryBase;
  const keys = await generateKeyPair("RS256", { extractable: true });
  const foreign = await generateKeyPair("RS256", { extractable: true });
  const kid = "fake-key-1";
  const jwk = { ...(await exportJWK(keys.publicKey)), kid, alg: "RS256", use: "sig" };
  const pending = new Map<string, Pending>();
  const requests: { method: string; url: string }[] = [];
  let codes = 0;

  const metadata = {
    issuer,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    jwks_uri: `${origin}/jwks`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
  };

  /** Takes any fetch-shaped request (msw's, workerd's). */
  async function handle(request: {
    url: string;
    method: string;
    text(): Promise<string>;
  }): Promise<Response | undefined> {
    const url = new URL(request.url);
    if (url.origin !== origin) return undefined;
    requests.push({ method: request.method, url: request.url });
    if (request.method === "GET" && url.href === `${options.discoveryBase}/.well-known/openid-configuration`)
      return Response.json(metadata);
    if (request.method === "GET" && url.pathname === "/jwks") return Response.json({ keys: [jwk] });
    if (request.method === "POST" && url.pathname === "/token") return token(new URLSearchParams(await request.text()));
    return Response.json({ error: "not_found" }, { status: 404 });
  }

  async function token(form: URLSearchParams): Promise<Response> {
    const fail = (error: string, description: string) =>
      Response.json({ error, error_description: description }, { status: 400 });
    if (form.get("grant_type") !== "authorization_code") return fail("unsupported_grant_type", "grant_type");
    if (form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret)
      return Response.json({ error: "invalid_client" }, { status: 401 });
    const code = form.get("code") ?? "";
    const grant = pending.get(code);
    pending.delete(code); // single use
    if (!grant) return fail("invalid_grant", "unknown or used code");
    if (form.get("redirect_uri") !== grant.redirectUri) return fail("invalid_grant", "redirect_uri");
    if ((await s256(form.get("code_verifier") ?? "")) !== grant.challenge) return fail("invalid_grant", "PKCE");
    const now = options.now();
    const claims = {
      iss: issuer,
      aud: options.clientId,
      iat: now,
      exp: now + 3600,
      nonce: grant.nonce,
      ...grant.signIn.claims,
    };
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .sign(grant.signIn.foreignKey ? foreign.privateKey : keys.privateKey);
    return Response.json(
      {
        access_token: `at-${code}`,
        token_type: "Bearer",
        expires_in: 3600,
        id_token: idToken,
        scope: "openid email profile",
      },
      { headers: { "cache-control": "no-store" } },
    );
  }

  /** The person signs in at the provider: returns the provider's redirect back to the app. */
  function authorize(authorizationUrl: string, signIn: SignInAs): string {
    const url = new URL(authorizationUrl);
    const param = (name: string) => {
      const value = url.searchParams.get(name);
      if (!value) throw new Error(`fake issuer: the authorization request has no ${name}`);
      return value;
    };
    if (`${url.origin}${url.pathname}` !== metadata.authorization_endpoint)
      throw new Error(`fake issuer: sent to ${url.origin}${url.pathname}`);
    if (param("client_id") !== options.clientId) throw new Error("fake issuer: wrong client_id");
    if (param("response_type") !== "code") throw new Error("fake issuer: response_type");
    if (param("code_challenge_method") !== "S256") throw new Error("fake issuer: PKCE must be S256");
    const code = `code-${++codes}`;
    const redirectUri = param("redirect_uri");
    pending.set(code, { signIn, nonce: param("nonce"), challenge: param("code_challenge"), redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", param("state"));
    return back.href;
  }

  return { handle, authorize, requests, issuer, origin };
}

export type FakeIssuer = Awaited<ReturnType<typeof createFakeIssuer>>;

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  let binary = "";
  for (const b of digest) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
