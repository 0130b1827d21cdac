import path from "node:path";
import { z } from "zod";

/**
 * The environment, validated once at boot. A missing or malformed variable fails start-up with
 * one line that names it; nothing else in the app reads `process.env` directly.
 */

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), "must be a postgres:// or postgresql:// URL");
const redisUrl = z.string().refine((v) => /^rediss?:\/\/.+/.test(v), "must be a redis:// or rediss:// URL");
const httpUrl = z.string().refine((v) => /^https?:\/\/[^\s]+$/.test(v), "must be an http:// or https:// URL");
const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DOKANI_DEMO: booleanFlag,
  DATABASE_URL: z.preprocess(emptyToUndefined, postgresUrl.optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.preprocess(emptyToUndefined, redisUrl.optional()),
  DOKANI_DATA_DIR: z.string().default("./.dokani"),
  DOKANI_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  SHOPIFY_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  SHOPIFY_API_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  SHOPIFY_APP_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  SCOPES: z.preprocess(emptyToUndefined, z.string().optional()),
  SHOP_CUSTOM_DOMAIN: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  DOKANI_AI_MODEL: z.string().default("gpt-4o-mini"),
  DOKANI_EMBEDDING_MODEL: z.enum(["text-embedding-3-small", "text-embedding-3-large"]).default("text-embedding-3-small"),
  DOKANI_DEMO_ORDERS: z.preprocess(emptyToUndefined, z.string().optional()),
  DOKANI_DEMO_API_KEY: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^dk_[A-Za-z0-9_]{16,}$/, "must look like dk_ followed by at least 16 letters, digits or _").optional(),
  ),
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\/.+/, "must be an smtp:// or smtps:// URL").optional()),
  DOKANI_MAIL_FROM: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
  /** The domain of each shop's inbound address (`{shop}@domain`) and of reply addresses (`reply+{token}@domain`); the demo uses `inbound.localhost`. */
  DOKANI_INBOUND_EMAIL_DOMAIN: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i, "must be a domain name such as inbound.example.com").optional()),
  /** The Basic auth password of `POST /webhooks/email/postmark`; unset, that webhook refuses every request. */
  POSTMARK_INBOUND_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  /** Mailgun's webhook signing key, for `POST /webhooks/email/mailgun`; unset, that webhook refuses every request. */
  MAILGUN_SIGNING_KEY: z.preprocess(emptyToUndefined, z.string().min(8, "must be at least 8 characters").optional()),
  /** The embedded SMTP receiver's port on 127.0.0.1; unset, it does not start (the demo starts it on 2525). */
  DOKANI_SMTP_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  S3_BUCKET: z.preprocess(emptyToUndefined, z.string().optional()),
  S3_ENDPOINT: z.preprocess(emptyToUndefined, httpUrl.optional()),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Whether this web process also runs the jobs: by default yes, except in production with Redis,
   * where `npm run workers` processes run them. `false` makes a web process serve HTTP only (its
   * jobs go to BullMQ for the worker processes); it needs REDIS_URL.
   */
  JOBS_IN_PROCESS: z.preprocess(emptyToUndefined, z.enum(["true", "false"], { error: "must be true or false" }).optional()),
  /** The BullMQ queue (and Redis key prefix) the app and its workers share; deployments on one Redis each use their own. */
  JOBS_QUEUE: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lowercase letters, digits and dashes").default("dokani"),
  /** Proxies in front of Dokani that append to X-Forwarded-For (Shopify's app proxy or the WordPress plugin, plus a load balancer). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  /** The chat model's first token must arrive within this, or the turn falls back at once. */
  MODEL_FIRST_TOKEN_MS: z.coerce.number().int().min(200).max(120_000).default(5_000),
  /** A whole chat turn with the model (every round and retry) ends within this. */
  MODEL_TURN_MS: z.coerce.number().int().min(500).max(300_000).default(25_000),
  /** A BullMQ job's lock and the outbox lease of a dispatched or running row; a job whose worker died runs again after it. */
  JOBS_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The public base URL providers call back (Twilio signatures are checked against it); unset: the app URL. */
  DOKANI_PUBLIC_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  /** Twilio's REST API base URL, for regional endpoints and local fakes; unset: https://api.twilio.com. */
  TWILIO_API_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  /** ElevenLabs' API base URL, for regional endpoints and local fakes; unset: https://api.elevenlabs.io. */
  ELEVENLABS_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  /** Tavus's API base URL, for local fakes; unset: https://tavusapi.com. */
  TAVUS_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
});

export type RawEnv = z.infer<typeof EnvSchema>;

export type Env = Omit<RawEnv, "HOST"> & {
  HOST: string;
  mode: "demo" | "production" | "development" | "test";
  dataDir: string;
  shopifyApiKey: string;
  shopifyApiSecret: string;
  appUrl: string;
  scopes: string[];
};

/** The scopes Dokani asks a Shopify store for; `shopify.app.toml` declares the same list. */
export const DEFAULT_SCOPES = [
  "read_orders",
  "read_all_orders",
  "read_returns",
  "write_returns",
  "read_customers",
  "read_products",
  "read_fulfillments",
  "read_legal_policies",
  "write_app_proxy",
  "read_inventory",
  "write_merchant_managed_fulfillment_orders",
  "write_orders",
];

export const DEMO_SHOPIFY_SECRET = "dokani-demo-secret";
export const DEMO_SHOPIFY_API_KEY = "dokani-demo";

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Parses and checks the environment; throws an `EnvError` whose message is one line naming the variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join(".");
    const value = source[name];
    const detail = value === undefined ? "is required" : issue.message;
    throw new EnvError(`Invalid environment: ${name} ${detail}`);
  }
  const raw = parsed.data;
  const mode: Env["mode"] = raw.DOKANI_DEMO ? "demo" : raw.NODE_ENV;
  const lenient = mode !== "production";

  if (!lenient) {
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "DOKANI_SECRET"] as const) {
      if (!raw[name]) throw new EnvError(`Invalid environment: ${name} is required in production`);
    }
  }
  if (raw.JOBS_IN_PROCESS === "false" && !raw.REDIS_URL) {
    throw new EnvError("Invalid environment: JOBS_IN_PROCESS=false needs REDIS_URL (worker processes take the jobs from Redis)");
  }
  const host = raw.HOST ?? (mode === "demo" ? "127.0.0.1" : "0.0.0.0");
  const port = raw.PORT;
  return {
    ...raw,
    HOST: host,
    mode,
    dataDir: path.resolve(raw.DOKANI_DATA_DIR),
    shopifyApiKey: raw.SHOPIFY_API_KEY ?? DEMO_SHOPIFY_API_KEY,
    shopifyApiSecret: raw.SHOPIFY_API_SECRET ?? DEMO_SHOPIFY_SECRET,
    appUrl: (raw.SHOPIFY_APP_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    scopes: raw.SCOPES ? raw.SCOPES.split(",").map((s) => s.trim()).filter(Boolean) : DEFAULT_SCOPES,
  };
}

/**
 * For process entry points: the validated environment, made this process's, or one line naming
 * the bad variable on stderr and exit code 1.
 */
export function loadEnvOrExit(source: NodeJS.ProcessEnv = process.env): Env {
  try {
    const config = parseEnv(source);
    resetEnv(config);
    return config;
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const globalForEnv = globalThis as { __dokaniEnv?: Env };

/** The validated environment of this process (parsed on first use). */
export function env(): Env {
  globalForEnv.__dokaniEnv ??= parseEnv();
  return globalForEnv.__dokaniEnv;
}

/** Replaces the process environment snapshot; tests and the CLI use it after changing variables. */
export function resetEnv(next?: Env) {
  globalForEnv.__dokaniEnv = next;
}
