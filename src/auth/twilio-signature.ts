import { constantTimeEqual } from "./tokens";

/**
 * Twilio's X-Twilio-Signature (HMAC-SHA1 with the auth token over the full URL followed by
 * every POST parameter, sorted by name, as name+value), computed with WebCrypto so it runs
 * unchanged in workerd. Tests check it against the twilio package's own implementation.
 */
export async function twilioSignature(authToken: string, url: string, params: Record<string, string>): Promise<string> {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join("");
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(authToken),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)));
  let binary = "";
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * True if the signature matches the URL as configured, or the same URL with/without its
 * default port: Twilio signs what it dialled, and proxies differ on whether ":443" survives.
 */
export async function verifyTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, string>,
): Promise<boolean> {
  for (const candidate of urlVariants(url)) {
    if (constantTimeEqual(signature, await twilioSignature(authToken, candidate, params))) return true;
  }
  return false;
}

function urlVariants(url: string): string[] {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === "https:" ? "443" : "80";
  const withoutPort = url.replace(/^(https?:\/\/[^/:]+):\d+/, "$1");
  const withPort = parsed.port ? url : url.replace(/^(https?:\/\/[^/]+)/, `$1:${defaultPort}`);
  return [...new Set([url, withoutPort, withPort])];
}
