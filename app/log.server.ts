// The server's log: one JSON object per line on standard output, with a level, and nothing in it that
// opens an account or a pulse (ADR 039). What may appear is decided in one place, log-redaction.server.ts.
import { redactForLog } from "./log-redaction.server";

/** The levels, least to most severe; `silent` logs nothing. LOG_LEVEL picks the least severe one written. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = Exclude<(typeof LOG_LEVELS)[number], "silent">;

/** What a line says besides its message: plain values, errors (under `err`), nested objects. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Whether a line of this level would be written (to skip work for one that would not). */
  enabled(level: LogLevel): boolean;
  /** A logger whose every line also carries these fields (`{ component: "jobs" }`). */
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  level: (typeof LOG_LEVELS)[number];
  /** Where each line goes (with its newline); standard output unless given (tests capture it). */
  write?: (line: string) => void;
  /** Fields every line carries. */
  bindings?: LogFields;
  /** The clock, for tests. */
  now?: () => Date;
}

const writeStdout = (line: string) => {
  process.stdout.write(line);
};

/**
 * A JSON-lines logger: `{"time":"…","level":"info","msg":"…",…fields}`. Every line, fields included, passes
 * through redactForLog first. Writing to standard output is synchronous for files and pipes, so a line
 * written just before the process exits is not lost.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const write = options.write ?? writeStdout;
  const now = options.now ?? (() => new Date());
  const bindings = options.bindings ?? {};
  const enabled = (level: LogLevel) => LOG_LEVELS.indexOf(level) >= threshold;
  const line = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (!enabled(level)) return;
    const record = redactForLog({ time: now().toISOString(), level, msg, ...bindings, ...fields });
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: line("debug"),
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    enabled,
    child: (more) => createLogger({ ...options, bindings: { ...bindings, ...more } }),
  };
}
