import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";

const productionEnv = {
  APP_ENV: "production",
  DATABASE_URL: "libsql://doorstep.turso.io",
  PUBLIC_BASE_URL: "https://doorstep.example.org",
  SESSION_SECRET: "s".repeat(40),
  TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "token",
  TWILIO_MESSAGING_SERVICE_SID: `MG${"b".repeat(32)}`,
  SENDGRID_API_KEY: "SG.key",
  EMAIL_FROM: "Doorstep <hello@school.example.org>",
};

function problemsOf(env: Record<string, string>, options = {}) {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));
    throw error;
  }
  return {};
}

describe("loadConfig", () => {
  it("development needs nothing: a local file, console providers, demo seed on", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      appEnv: "development",
      port: 8787,
      databaseUrl: "file:./data/doorstep.db",
      publicBaseUrl: "http://localhost:8787",
      demoSeed: true,
      twilio: null,
      sendgrid: null,
      smsQuietHours: { startMinute: 20 * 60, endMinute: 8 * 60 },
      smsMps: 1,
    });
  });

  it("DEMO_SEED=0 disables seeding; empty strings count as unset", () => {
    expect(loadConfig({ DEMO_SEED: "0" }).demoSeed).toBe(false);
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).port).toBe(8787);
  });

  it("names every bad variable at once", () => {
    const problems = problemsOf({
      PORT: "eighty",
      DATABASE_URL: "postgres://x",
      SMS_QUIET_HOURS: "late",
      SMS_MPS: "-1",
      APP_ENV: "staging",
      TWILIO_ACCOUNT_SID: "XX123",
    });
    expect(Object.keys(problems).sort()).toEqual(
      ["APP_ENV", "DATABASE_URL", "PORT", "SMS_MPS", "SMS_QUIET_HOURS", "TWILIO_ACCOUNT_SID"].sort(),
    );
    expect(problems.SMS_QUIET_HOURS).toMatch(/HH:MM-HH:MM/);
  });

  it("production refuses to start without provider credentials, naming each", () => {
    const problems = problemsOf({ APP_ENV: "production", DATABASE_URL: "libsql://x.turso.io" });
    expect(Object.keys(problems).sort()).toEqual(
      [
        "EMAIL_FROM",
        "PUBLIC_BASE_URL",
        "SENDGRID_API_KEY",
        "SESSION_SECRET",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_MESSAGING_SERVICE_SID",
      ].sort(),
    );
  });

  it("production starts with everything set, or with a D1 binding instead of DATABASE_URL", () => {
    expect(loadConfig(productionEnv).twilio?.messagingServiceSid).toMatch(/^MG/);
    const { DATABASE_URL: _, ...withoutUrl } = productionEnv;
    expect(problemsOf(withoutUrl)).toEqual({ DATABASE_URL: expect.stringMatching(/D1/) });
    expect(loadConfig(withoutUrl, { hasD1Binding: true }).databaseUrl).toBeUndefined();
  });

  it("SMS_QUIET_HOURS=off disables quiet hours", () => {
    expect(loadConfig({ SMS_QUIET_HOURS: "off" }).smsQuietHours).toBeNull();
    expect(loadConfig({ SMS_QUIET_HOURS: "21:30-07:15" }).smsQuietHours).toEqual({ startMinute: 1290, endMinute: 435 });
  });
});

describe("provider sign-in configuration", () => {
  it("a client id needs its secret and a list of allowed domains, each named", () => {
    expect(problemsOf({ GOOGLE_CLIENT_ID: "g" })).toEqual({
      GOOGLE_CLIENT_SECRET: "is required with GOOGLE_CLIENT_ID",
    });
    expect(problemsOf({ MICROSOFT_CLIENT_ID: "m", MICROSOFT_CLIENT_SECRET: "s" })).toEqual({
      SIGN_IN_DOMAINS: "is required with MICROSOFT_CLIENT_ID: which email domains may sign in with it",
    });
    expect(problemsOf({ SIGN_IN_DOMAINS: "riverside.example.org, not a domain" })).toHaveProperty("SIGN_IN_DOMAINS");
    expect(problemsOf({ MICROSOFT_TENANT: "../evil" })).toHaveProperty("MICROSOFT_TENANT");
  });

  it("builds each provider's issuer; Microsoft defaults to the organizations endpoint", () => {
    const config = loadConfig({
      GOOGLE_CLIENT_ID: "g",
      GOOGLE_CLIENT_SECRET: "gs",
      MICROSOFT_CLIENT_ID: "m",
      MICROSOFT_CLIENT_SECRET: "ms",
      SIGN_IN_DOMAINS: "Riverside.Example.org,district.example.org",
    });
    expect(config.oidc).toEqual({
      google: { clientId: "g", clientSecret: "gs", issuer: "https://accounts.google.com" },
      microsoft: { clientId: "m", clientSecret: "ms", issuer: "https://login.microsoftonline.com/organizations/v2.0" },
      allowedDomains: ["riverside.example.org", "district.example.org"],
    });
    expect(loadConfig({}).oidc).toEqual({ google: null, microsoft: null, allowedDomains: [] });
  });
});
