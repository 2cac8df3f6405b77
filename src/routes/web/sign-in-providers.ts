import type { Context } from "hono";
import type { AppEnv } from "../../context";
import { configuredOidcProviders, type OidcProviderName } from "../../services/auth";

/** The provider buttons the sign-in page shows: only those this deployment configured. */
export function signInProviders(c: Context<AppEnv>): { name: OidcProviderName; href: string }[] {
  return configuredOidcProviders(c.get("deps").config).map((name) => ({ name, href: `/login/${name}` }));
}
