import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** A script running in a process of its own, for tests that kill it part-way. */
export interface ScriptProcess {
  pid: number;
  /** Everything it printed so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * A TypeScript script (`args[0]`, from the project root) run as ONE node process with the tsx loader —
 * not through npm or the tsx binary — so that a signal reaches the process doing the work, not a wrapper
 * whose child would live on.
 */
export function spawnScript(args: string[], env: Record<string, string>): ScriptProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return {
    pid: child.pid!,
    output: () => output,
    exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
    kill: (signal) => child.kill(signal),
  };
}

/** Polls `probe` until `accept` holds, and returns that value; throws, saying `what`, after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
