import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { http, passthrough } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mswServer } from "../support/msw";
import { createTestApp, type TestApp } from "../support/test-app";

/**
 * Issue 17 through the real Node server on a socket: what `app.request` cannot show (the
 * server answering a huge upload before the client has finished sending it, the client
 * address coming from the socket rather than a header).
 */
let t: TestApp;
let server: ReturnType<typeof serve>;
let port: number;
beforeEach(async () => {
  t = await createTestApp();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Our own server on loopback is not a provider: let these requests through the network guard.
  mswServer.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  t.close();
});

const MB = 1024 * 1024;

/**
 * Starts a POST declaring `declared` bytes, sends only the first `sent`, and reports the
 * response (or "no answer" after `waitMs`) without ever sending the rest.
 */
function partialPost(path: string, headers: Record<string, string>, declared: number, sent: number, waitMs = 5000) {
  return new Promise<{ status: number; body: string } | "no answer">((resolve, reject) => {
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { ...headers, "content-length": String(declared) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("no answer");
    }, waitMs);
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode!, body });
      });
    });
    req.on("error", (error) => {
      // The server may close the socket after answering; the answer is what counts.
      if ((error as NodeJS.ErrnoException).code !== "ECONNRESET" && (error as NodeJS.ErrnoException).code !== "EPIPE")
        reject(error);
    });
    req.write(Buffer.alloc(sent, 0x61));
  });
}

describe("the Node server refuses oversized bodies before reading them", () => {
  it("answers an anonymous 50 MB multipart POST /login with 413 after 1 MB has arrived", async () => {
    const answer = await partialPost("/login", { "content-type": "multipart/form-data; boundary=x" }, 50 * MB, MB);
    expect(answer).not.toBe("no answer");
    expect(answer).toMatchObject({ status: 413 });
    // The server keeps answering.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 20_000);

  it("answers an unsigned 50 MB Twilio webhook with 413 before its signature is checked", async () => {
    const answer = await partialPost(
      "/webhooks/twilio/sms",
      { "content-type": "application/x-www-form-urlencoded" },
      50 * MB,
      MB,
    );
    expect(answer).not.toBe("no answer");
    expect(answer).toMatchObject({ status: 413 });
    expect((answer as { body: string }).body).toContain("payload_too_large");
  }, 20_000);
});

describe("per-client limits on Node", () => {
  it("count the socket's address: a forged CF-Connecting-IP does not buy a new budget", async () => {
    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/login`);
    const csrf = /doorstep_csrf=([^;]+)/.exec(page.headers.get("set-cookie")!)![1]!;
    const post = (email: string, forged: string) =>
      fetch(`${base}/login`, {
        method: "POST",
        headers: {
          cookie: `doorstep_csrf=${csrf}`,
          "content-type": "application/x-www-form-urlencoded",
          "cf-connecting-ip": forged,
        },
        body: new URLSearchParams({ email, _csrf: csrf }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await post(`person${i}@example.org`, `10.0.0.${i}`)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  }, 60_000);
});
