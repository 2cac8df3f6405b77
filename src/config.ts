import { z } from "zod";
import { isLanguageTag } from "./domain/languages";
import type { QuietHours } from "./domain/quiet-hours";
import {
  type TranslationConfig,
  translationConfigFromEnv,
  translationConfigProblems,
} from "./providers/translation/config";

/**
 * The one place environment variables are read and checked (DESIGN §4). Both runtimes pass
 * their raw variables in — `process.env` on Node, the Worker's `env` bindings on Cloudflare —
 * and get back a typed Config, or a ConfigError that names every bad variable at once.
 */

const QUIET_HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const optional = z.string().trim().min(1).optional();
const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });

const schema = z.object({
  APP_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, "must start with file:, libsql:, https: or wss:")
    .optional(),
  DATABASE_AUTH_TOKEN: optional,
  PUBLIC_BASE_URL: url.optional(),
  DEMO_SEED: z.enum(["0", "1"], { message: "must be 0 or 1" }).optional(),
  ADMIN_API_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must look like AC followed by 32 hex digits")
    .optional(),
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, "must look like MG followed by 32 hex digits")
    .optional(),
  TWILIO_FROM_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +12175550100")
    .optional(),
  TWILIO_API_BASE_URL: url.default("https://api.twilio.com"),
  SENDGRID_API_KEY: optional,
  EMAIL_FROM: optional,
  SENDGRID_API_BASE_URL: url.default("https://api.sendgrid.com"),
  SENDGRID_EMAIL_ACTIVITY: z.enum(["0", "1"], 'must be "1" (use the Email Activity API) or "0"').default("0"),
  INBOUND_EMAIL_DOMAIN: optional,
  SENDGRID_INBOUND_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  SENDGRID_EVENT_PUBLIC_KEY: optional,
  SMS_QUIET_HOURS: z
    .string()
    .refine((v) => v === "off" || QUIET_HOURS.test(v), 'must be "HH:MM-HH:MM" or "off"')
    .default("20:00-08:00"),
  SMS_MPS: z.coerce.number().positive("must be a positive number").default(1),
  // What one SMS segment costs, for the estimate on the event review page (Twilio US list price).
  SMS_SEGMENT_PRICE_USD: z.coerce.number().min(0, "must be 0 or more (US dollars)").default(0.0083),
  CONVERSATION_GAP_HOURS: z.coerce.number().positive("must be a positive number of hours").default(72),
  TRANSLATION_MONTHLY_CHAR_CAP: z.coerce.number().int().min(0, "must be 0 or more characters").default(2_000_000),
  TRANSLATION_STAFF_LANGUAGE: z
    .string()
    .refine((v) => isLanguageTag(v), "must be one of Doorstep's language tags (e.g. en)")
    .default("en"),
  // Staff sign-in with Google / Microsoft (OpenID Connect); see docs/sign-in.md.
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  GOOGLE_ISSUER: url.default("https://accounts.google.com"),
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  MICROSOFT_TENANT: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a tenant id, a tenant domain, "organizations" or "common"')
    .default("organizations"),
  MICROSOFT_AUTHORITY: url.default("https://login.microsoftonline.com"),
  SIGN_IN_DOMAINS: z
    .string()
    .refine(
      (v) =>
        v.split(",").every((d) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(d.trim())),
      "must be a comma-separated list of email domains, e.g. riverside.k12.example.us,example.org",
    )
    .optional(),
});

type RawConfig = z.infer<typeof schema>;

export type AppEnvName = RawConfig["APP_ENV"];

export type Config = {
  appEnv: AppEnvName;
  port: number;
  /** Absent only when the Worker has a D1 binding instead. */
  databaseUrl: string | undefined;
  databaseAuthToken: string | undefined;
  publicBaseUrl: string;
  demoSeed: boolean;
  adminApiToken: string | undefined;
  sessionSecret: string;
  twilio: {
    accountSid: string;
    authToken: string;
    messagingServiceSid: string | undefined;
    fromNumber: string | undefined;
    apiBaseUrl: string;
  } | null;
  /** `emailActivity`: settle unknown-outcome emails through the Email Activity API (paid add-on). */
  sendgrid: { apiKey: string; apiBaseUrl: string; emailActivity: boolean } | null;
  emailFrom: string;
  inboundEmailDomain: string | undefined;
  sendgridInboundSecret: string | undefined;
  sendgridEventPublicKey: string | undefined;
  smsQuietHours: QuietHours;
  smsMps: number;
  /** For cost estimates before a mass send (the event review page). */
  smsSegmentPriceUsd: number;
  /** Quiet gap after which the next message starts a new conversation. */
  conversationGapHours: number;
  /**
   * The token inbound Twilio webhooks are verified with. In development without Twilio, a
   * fixed local token lets /dev/phone sign requests to the real webhook.
   */
  twilioWebhookToken: string | undefined;
  translation: TranslationSettings;
  /** Google and Microsoft sign-in; each null unless its client id and secret are set. */
  oidc: {
    google: OidcProviderConfig | null;
    microsoft: OidcProviderConfig | null;
    /** Email domains (lower-case) whose staff may sign in through a provider. */
    allowedDomains: string[];
  };
};

/** The engines (providers/translation/config.ts reads their variables), the cap and the staff language. */
export type TranslationSettings = TranslationConfig & {
  /** Characters a calendar month (UTC) the engines may receive, for the whole deployment; 0 = none. */
  monthlyCharCap: number;
  /** The language staff read (and, by default, write) in. */
  staffLanguage: string;
};

export type OidcProviderConfig = {
  clientId: string;
  clientSecret: string;
  /** Issuer identifier; its discovery document is `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** A fixed secret so development sessions survive restarts; production must set its own. */
const DEVELOPMENT_SESSION_SECRET = "doorstep-development-session-secret-not-for-production";

const DEVELOPMENT_TWILIO_TOKEN = "doorstep-development-twilio-token";

export type ConfigOptions = { hasD1Binding?: boolean };

export function loadConfig(source: Record<string, unknown>, options: ConfigOptions = {}): Config {
  // `.env` files commonly carry `NAME=` for "unset": treat empty strings as absent.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => typeof v === "string" && v.trim() !== "" && k in schema.shape),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), message: issue.message })),
    );
  }
  const raw = parsed.data;
  // A translation engine named without its keys is refused everywhere: nothing would be translated.
  const problems = [...translationConfigProblems(source), ...productionProblems(raw, options)];
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(raw, source, options);
}

function productionProblems(raw: RawConfig, options: ConfigOptions) {
  const problems: { variable: string; message: string }[] = [];
  const need = (variable: keyof RawConfig, why: string) => {
    if (raw[variable] === undefined) problems.push({ variable, message: why });
  };
  if (!raw.DATABASE_URL && !options.hasD1Binding) {
    if (raw.APP_ENV === "production") need("DATABASE_URL", "is required (or bind a D1 database as DB)");
  }
  if (raw.TWILIO_ACCOUNT_SID && !raw.TWILIO_AUTH_TOKEN)
    need("TWILIO_AUTH_TOKEN", "is required with TWILIO_ACCOUNT_SID");
  for (const provider of ["GOOGLE", "MICROSOFT"] as const) {
    const id = raw[`${provider}_CLIENT_ID`];
    const secret = raw[`${provider}_CLIENT_SECRET`];
    if (id && !secret) need(`${provider}_CLIENT_SECRET`, `is required with ${provider}_CLIENT_ID`);
    if (secret && !id) need(`${provider}_CLIENT_ID`, `is required with ${provider}_CLIENT_SECRET`);
    if (id && secret)
      need("SIGN_IN_DOMAINS", `is required with ${provider}_CLIENT_ID: which email domains may sign in with it`);
  }
  if (raw.APP_ENV !== "production") return problems;

  need("PUBLIC_BASE_URL", "is required in production (Twilio signatures and links use it)");
  need("SESSION_SECRET", "is required in production");
  need("TWILIO_ACCOUNT_SID", "is required in production");
  need("TWILIO_AUTH_TOKEN", "is required in production");
  if (!raw.TWILIO_MESSAGING_SERVICE_SID && !raw.TWILIO_FROM_NUMBER) {
    problems.push({
      variable: "TWILIO_MESSAGING_SERVICE_SID",
      message: "or TWILIO_FROM_NUMBER is required in production",
    });
  }
  need("SENDGRID_API_KEY", "is required in production");
  need("EMAIL_FROM", "is required in production");
  return problems;
}

function toConfig(raw: RawConfig, source: Record<string, unknown>, options: ConfigOptions): Config {
  const isDevelopmentLike = raw.APP_ENV !== "production";
  return {
    appEnv: raw.APP_ENV,
    port: raw.PORT,
    databaseUrl: raw.DATABASE_URL ?? (options.hasD1Binding ? undefined : "file:./data/doorstep.db"),
    databaseAuthToken: raw.DATABASE_AUTH_TOKEN,
    publicBaseUrl: (raw.PUBLIC_BASE_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ""),
    demoSeed: raw.APP_ENV === "development" && raw.DEMO_SEED !== "0",
    adminApiToken: raw.ADMIN_API_TOKEN,
    sessionSecret: raw.SESSION_SECRET ?? (isDevelopmentLike ? DEVELOPMENT_SESSION_SECRET : ""),
    twilio:
      raw.TWILIO_ACCOUNT_SID && raw.TWILIO_AUTH_TOKEN
        ? {
            accountSid: raw.TWILIO_ACCOUNT_SID,
            authToken: raw.TWILIO_AUTH_TOKEN,
            messagingServiceSid: raw.TWILIO_MESSAGING_SERVICE_SID,
            fromNumber: raw.TWILIO_FROM_NUMBER,
            apiBaseUrl: raw.TWILIO_API_BASE_URL.replace(/\/$/, ""),
          }
        : null,
    sendgrid: raw.SENDGRID_API_KEY
      ? {
          apiKey: raw.SENDGRID_API_KEY,
          apiBaseUrl: raw.SENDGRID_API_BASE_URL.replace(/\/$/, ""),
          emailActivity: raw.SENDGRID_EMAIL_ACTIVITY === "1",
        }
      : null,
    emailFrom: raw.EMAIL_FROM ?? "Doorstep <no-reply@doorstep.invalid>",
    inboundEmailDomain: raw.INBOUND_EMAIL_DOMAIN,
    sendgridInboundSecret: raw.SENDGRID_INBOUND_SECRET,
    sendgridEventPublicKey: raw.SENDGRID_EVENT_PUBLIC_KEY,
    smsQuietHours: parseQuietHours(raw.SMS_QUIET_HOURS),
    smsMps: raw.SMS_MPS,
    smsSegmentPriceUsd: raw.SMS_SEGMENT_PRICE_USD,
    conversationGapHours: raw.CONVERSATION_GAP_HOURS,
    twilioWebhookToken: raw.TWILIO_AUTH_TOKEN ?? (raw.APP_ENV === "development" ? DEVELOPMENT_TWILIO_TOKEN : undefined),
    translation: {
      ...translationConfigFromEnv(source),
      monthlyCharCap: raw.TRANSLATION_MONTHLY_CHAR_CAP,
      staffLanguage: raw.TRANSLATION_STAFF_LANGUAGE,
    },
    oidc: {
      google:
        raw.GOOGLE_CLIENT_ID && raw.GOOGLE_CLIENT_SECRET
          ? {
              clientId: raw.GOOGLE_CLIENT_ID,
              clientSecret: raw.GOOGLE_CLIENT_SECRET,
              issuer: raw.GOOGLE_ISSUER.replace(/\/$/, ""),
            }
          : null,
      microsoft:
        raw.MICROSOFT_CLIENT_ID && raw.MICROSOFT_CLIENT_SECRET
          ? {
              clientId: raw.MICROSOFT_CLIENT_ID,
              clientSecret: raw.MICROSOFT_CLIENT_SECRET,
              issuer: `${raw.MICROSOFT_AUTHORITY.replace(/\/$/, "")}/${raw.MICROSOFT_TENANT}/v2.0`,
            }
          : null,
      allowedDomains: (raw.SIGN_IN_DOMAINS ?? "")
        .split(",")
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
    },
  };
}

function parseQuietHours(value: string): QuietHours {
  if (value === "off") return null;
  const m = QUIET_HOURS.exec(value)!;
  return {
    startMinute: Number(m[1]) * 60 + Number(m[2]),
    endMinute: Number(m[3]) * 60 + Number(m[4]),
  };
}

/** Node's environment, read here and nowhere else. */
export function nodeEnvironment(): Record<string, unknown> {
  return typeof process === "undefined" ? {} : { ...process.env };
}

export type { QuietHours };
