import { z } from "zod";

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
  CONVERSATION_GAP_HOURS: z.coerce.number().positive("must be a positive number of hours").default(72),
});

type RawConfig = z.infer<typeof schema>;

export type AppEnvName = RawConfig["APP_ENV"];
export type QuietHours = { startMinute: number; endMinute: number } | null;

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
  /** Quiet gap after which the next message starts a new conversation. */
  conversationGapHours: number;
  /**
   * The token inbound Twilio webhooks are verified with. In development without Twilio, a
   * fixed local token lets /dev/phone sign requests to the real webhook.
   */
  twilioWebhookToken: string | undefined;
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
  const problems = productionProblems(raw, options);
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(raw, options);
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

function toConfig(raw: RawConfig, options: ConfigOptions): Config {
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
    conversationGapHours: raw.CONVERSATION_GAP_HOURS,
    twilioWebhookToken: raw.TWILIO_AUTH_TOKEN ?? (raw.APP_ENV === "development" ? DEVELOPMENT_TWILIO_TOKEN : undefined),
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
