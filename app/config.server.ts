import { z } from "zod";

const BooleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

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
});

export type AppConfig = z.infer<typeof ConfigSchema> & { appUrl: string; development: boolean };

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
  };
}
