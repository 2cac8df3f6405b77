/**
 * The load for bench/inbound-sms.ts: 50 connections posting signed Twilio inbound-SMS webhooks,
 * every request a new MessageSid (from `firstSequence` on), every 50th text HELP. Used in the
 * benchmark's process, or run as its own process pinned to another core so the servers under
 * test keep theirs: `node --import tsx bench/load-signed-sms.ts '<options as JSON>'` prints the
 * result as JSON.
 */
import { createHmac } from "node:crypto";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";

export type LoadOptions = {
  url: string;
  /** The URL the signature covers (the app signs PUBLIC_BASE_URL + path, not the socket's). */
  signedUrl: string;
  token: string;
  phones: string[];
  seconds: number;
  firstSequence: number;
};
export type LoadResult = { rps: number; p99: number; errors: number };

export async function loadSignedSms(options: LoadOptions): Promise<LoadResult> {
  let sequence = options.firstSequence;
  const result = await autocannon({
    url: options.url,
    connections: 50,
    duration: options.seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const n = ++sequence;
          const params: Record<string, string> = {
            MessageSid: `SM${String(n).padStart(32, "0")}`,
            From: options.phones[n % options.phones.length]!,
            To: "+12175550100",
            Body: n % 50 === 0 ? "HELP" : `Gracias maestra, mensaje ${n}`,
            NumMedia: "0",
            AccountSid: `AC${"b".repeat(32)}`,
          };
          const data =
            options.signedUrl +
            Object.keys(params)
              .sort()
              .map((k) => k + params[k])
              .join("");
          return {
            ...request,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-twilio-signature": createHmac("sha1", options.token).update(data).digest("base64"),
            },
            body: new URLSearchParams(params).toString(),
          };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await loadSignedSms(JSON.parse(process.argv[2]!) as LoadOptions);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
