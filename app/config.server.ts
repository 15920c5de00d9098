import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { LOG_LEVELS } from "./log.server";

const BooleanFlag = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((value) => value === "true" || value === "1" || value === "yes");

/** Every environment variable Candor reads, with its default. The README's configuration table mirrors this. */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** The public origin (scheme://host[:port]) used in emailed links; defaults to http://localhost:PORT. */
  APP_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().default("./.data/pglite"),
  /** Seed the demo organisation on start-up when it does not exist yet (`npm start` sets this). */
  CANDOR_SEED_DEMO: BooleanFlag.default(false),
  /** SMTP server for outgoing mail (smtp://user:pass@host:port, smtps://…). Unset: mail goes to OUTBOX_DIR. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Candor <no-reply@candor.local>"),
  /** Where mail is written as .eml files when SMTP_URL is unset. */
  OUTBOX_DIR: z.string().default("./.data/outbox"),
  /** Largest CRM upload accepted, in megabytes. */
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Run the job queue worker inside the server ("inline"), or not ("off": run `npm run worker` instead). */
  CANDOR_WORKER: z.enum(["inline", "off"]).default("inline"),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  TRUST_PROXY: BooleanFlag.default(false),
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
  /** The least severe log lines written (JSON on standard output): debug, info, warn, error, or silent. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

export type AppConfig = z.infer<typeof ConfigSchema> & { appUrl: string; development: boolean; secretKey: Uint8Array };

/** Reads and validates the environment once, with a message naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const config = parsed.data;
  return {
    ...config,
    appUrl: (config.APP_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ""),
    development: config.NODE_ENV === "development",
    secretKey: secretKey(config.CANDOR_SECRET_KEY, config.CANDOR_SECRET_KEY_FILE),
  };
}

/** The key from the environment, or from its file, made (readable by this user only) when missing. */
function secretKey(fromEnv: string | undefined, file: string): Uint8Array {
  if (fromEnv) return new Uint8Array(Buffer.from(fromEnv, "hex"));
  const read = () => {
    const text = fs.readFileSync(file, "utf8").trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`Invalid configuration:\n  CANDOR_SECRET_KEY_FILE: ${file} must hold 64 hex digits`);
    return new Uint8Array(Buffer.from(text, "hex"));
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name, then linked into place: when two processes start at once, one key
  // wins and both read it (link fails on an existing name, and a reader never sees a half-written file).
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(draft, `${crypto.randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.unlinkSync(draft);
  }
  return read();
}
