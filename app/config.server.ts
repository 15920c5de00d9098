import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { LOG_LEVELS } from "./log.server";

const BooleanFlag = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((value) => value === "true" || value === "1" || value === "yes");

/**
 * Every environment variable Candor reads (the server, the worker and the CLI), with its default. The
 * README's configuration table and `.env.example` list exactly these keys (tests/integration/config.test.ts
 * compares them), and nothing else in app/, db/, server/ or the CLI reads process.env.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** The public origin (scheme://host[:port]) used in emailed links; defaults to http://localhost:PORT. */
  APP_URL: z.url().optional(),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  TRUST_PROXY: BooleanFlag.default(false),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL connections per process (each server and the worker has its own pool). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** How long to wait for a PostgreSQL connection before the request fails (503). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  PGLITE_DIR: z.string().default("./.data/pglite"),
  /**
   * Seed the demo organisation on start-up when it does not exist yet. Unset: `npm start` and `npm run dev`
   * seed it on embedded PGlite only, and `npm run serve` never does (see `seedsDemo`).
   */
  CANDOR_SEED_DEMO: BooleanFlag.optional(),
  /** SMTP server for outgoing mail (smtp://user:pass@host:port, smtps://…). Unset: mail goes to OUTBOX_DIR. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Candor <no-reply@candor.local>"),
  /** Where mail is written as .eml files when SMTP_URL is unset. */
  OUTBOX_DIR: z.string().default("./.data/outbox"),
  /** Largest CRM upload accepted, in megabytes. */
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Run the job queue worker inside the server ("inline"), or not ("off": run `npm run worker` instead). */
  CANDOR_WORKER: z.enum(["inline", "off"]).default("inline"),
  /**
   * The server's secret key (32 random bytes as 64 hex digits), kept outside the database: it keys the
   * record of who has a ballot (ADR 021). Every server of one installation needs the same key. Unset: the
   * key is read from CANDOR_SECRET_KEY_FILE, which is created on first start.
   */
  CANDOR_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (32 random bytes), e.g. from `openssl rand -hex 32`")
    .optional(),
  CANDOR_SECRET_KEY_FILE: z.string().default("./.data/secret-key"),
  /** The Slack app's client ID and secret, for "Add to Slack" (OAuth v2, ADR 047). Unset: admins paste a bot token instead. */
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  /** A HubSpot private app's token for `candor import-hubspot` when `--token` is not given. */
  HUBSPOT_TOKEN: z.string().optional(),
  /**
   * OAuth apps for "Connect with …" on Admin → CRM connections (ADR 049): a Salesforce connected app's
   * consumer key and secret (and the login host, for sandboxes), a HubSpot public app's and a Pipedrive app's
   * client ID and secret. Unset: admins paste a token (HubSpot, Pipedrive) or a JWT key (Salesforce) instead.
   */
  SALESFORCE_CLIENT_ID: z.string().optional(),
  SALESFORCE_CLIENT_SECRET: z.string().optional(),
  SALESFORCE_LOGIN_URL: z.string().url().default("https://login.salesforce.com"),
  HUBSPOT_CLIENT_ID: z.string().optional(),
  HUBSPOT_CLIENT_SECRET: z.string().optional(),
  PIPEDRIVE_CLIENT_ID: z.string().optional(),
  PIPEDRIVE_CLIENT_SECRET: z.string().optional(),
  /** The file of settings read at start-up (`loadEnvFile`); the environment's own values win. Empty: none. */
  CANDOR_ENV_FILE: z.string().default(".env"),
  /** The least severe log lines written (JSON on standard output): debug, info, warn, error, or silent. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

export type AppConfig = z.infer<typeof ConfigSchema> & {
  appUrl: string;
  development: boolean;
  secretKey: Uint8Array;
  /** Whether this process made the key file just now (no CANDOR_SECRET_KEY, no file yet). */
  secretKeyCreated: boolean;
  /** Whether this start seeds the demo organisation (CANDOR_SEED_DEMO, else `seedsDemo`'s default). */
  seedDemo: boolean;
};

/** How a process was started: `npm start` and `npm run dev` are for trying Candor, the rest for running it. */
export interface StartKind {
  /** `npm start` and `npm run dev`: seed the demo when CANDOR_SEED_DEMO is unset and the database is embedded. */
  tryingOut?: boolean;
}

/**
 * Whether a start seeds the demo organisation, whose accounts share a password printed in the README: when
 * asked (CANDOR_SEED_DEMO=true), else only when trying Candor out (`npm start`, `npm run dev`) on embedded
 * PGlite. A database named by DATABASE_URL is somebody's real one: nothing is added to it unasked.
 */
export function seedsDemo(config: Pick<z.infer<typeof ConfigSchema>, "CANDOR_SEED_DEMO" | "DATABASE_URL">, start: StartKind): boolean {
  if (config.CANDOR_SEED_DEMO !== undefined) return config.CANDOR_SEED_DEMO;
  return start.tryingOut === true && !config.DATABASE_URL;
}

/** The settings as the schema reads them, without touching the secret key (for the health check). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): z.infer<typeof ConfigSchema> {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

/** Reads and validates the environment once, with a message naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, start: StartKind = {}): AppConfig {
  const config = readSettings(env);
  const key = secretKey(config.CANDOR_SECRET_KEY, config.CANDOR_SECRET_KEY_FILE);
  return {
    ...config,
    appUrl: (config.APP_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ""),
    development: config.NODE_ENV === "development",
    secretKey: key.key,
    secretKeyCreated: key.created,
    seedDemo: seedsDemo(config, start),
  };
}

/**
 * A warning for the start-up log when this process has just made a secret key of its own while using
 * PostgreSQL: another server or the worker of the same installation that does the same gets another key,
 * and ballots issued by one cannot be told apart by the other (docs/self-hosting.md).
 */
export function secretKeyWarning(config: Pick<AppConfig, "secretKeyCreated" | "DATABASE_URL" | "CANDOR_SECRET_KEY_FILE">): string | null {
  if (!config.secretKeyCreated || !config.DATABASE_URL) return null;
  return (
    `made a new secret key in ${path.resolve(config.CANDOR_SECRET_KEY_FILE)}. Every server and the worker of this installation need the same ` +
    "key: give them all this one as CANDOR_SECRET_KEY, and keep it out of database backups."
  );
}

/**
 * Loads the settings file (CANDOR_ENV_FILE, default `.env` in the working directory) into the process's
 * environment with Node's own parser, before `loadConfig`. A variable already in the environment keeps its
 * value: the file fills in, it never overrides. A missing file is no error. Returns the file read, if any.
 */
export function loadEnvFile(): string | null {
  // The one variable read before the schema (which checks it too, with the rest): it names the file.
  const file = process.env.CANDOR_ENV_FILE ?? ".env";
  if (file === "") return null;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`Invalid configuration:\n  CANDOR_ENV_FILE: could not read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return path.resolve(file);
}

/**
 * React and Express pick their production or development build from process.env.NODE_ENV themselves, when
 * they load: the entry points hand them the mode the configuration settled on, before loading them. (Under
 * `npm run serve`, which sets no NODE_ENV, the schema said production while React rendered with its
 * development build.)
 */
export function shareNodeEnv(config: Pick<AppConfig, "NODE_ENV">): void {
  process.env.NODE_ENV = config.NODE_ENV;
}

/** What `openDatabase` needs from the configuration: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function databaseSettings(config: Pick<AppConfig, "DATABASE_URL" | "PGLITE_DIR" | "DATABASE_POOL_SIZE" | "DATABASE_CONNECT_TIMEOUT_MS">) {
  return config.DATABASE_URL
    ? { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS }
    : { pgliteDir: config.PGLITE_DIR };
}

/** The key from the environment, or from its file, made (readable by this user only) when missing. */
function secretKey(fromEnv: string | undefined, file: string): { key: Uint8Array; created: boolean } {
  if (fromEnv) return { key: new Uint8Array(Buffer.from(fromEnv, "hex")), created: false };
  const read = () => {
    const text = fs.readFileSync(file, "utf8").trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`Invalid configuration:\n  CANDOR_SECRET_KEY_FILE: ${file} must hold 64 hex digits`);
    return new Uint8Array(Buffer.from(text, "hex"));
  };
  try {
    return { key: read(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name, then linked into place: when two processes start at once, one key
  // wins and both read it (link fails on an existing name, and a reader never sees a half-written file).
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(draft, `${crypto.randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  let created = true;
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    created = false;
  } finally {
    fs.unlinkSync(draft);
  }
  return { key: read(), created };
}
