// `npm start`: build when the sources are newer than the build, then run the server as a try-out
// (`--trying-out`): on embedded PGlite it seeds the demo organisation on first start, and with DATABASE_URL
// it seeds nothing unless CANDOR_SEED_DEMO=true (app/config.server.ts, `seedsDemo`). Plain JavaScript so
// that it runs before anything is built. It passes the environment on untouched: the server reads `.env`
// and the configuration itself, so the environment, then `.env`, then the defaults decide.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const entry = path.join(root, "build/server/main.js");
const sources = ["app", "server", "db", "config", "public", "package.json", "vite.config.ts"];

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

const built = fs.statSync(entry, { throwIfNoEntry: false });
const sourceTime = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (!built || built.mtimeMs < sourceTime) {
  console.info(built ? "[candor] sources changed since the last build: building…" : "[candor] first start: building…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The server writes JSON log lines (for log collectors). Someone trying Candor reads them here: each line's
// message, its level when it is not "info", and the demo's logins one per line.
const child = spawn(process.execPath, [entry, "--trying-out"], { cwd: root, stdio: ["inherit", "pipe", "pipe"] });

function readable(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== "object" || typeof entry.msg !== "string") return line;
  const level = entry.level && entry.level !== "info" ? `${String(entry.level).toUpperCase()} ` : "";
  const lines = [`[candor] ${level}${entry.msg}`];
  if (entry.logins && typeof entry.logins === "object") for (const [who, email] of Object.entries(entry.logins)) lines.push(`  ${who}: ${email}`);
  if (entry.err && typeof entry.err === "object" && entry.err.stack) lines.push(String(entry.err.stack));
  return lines.join("\n");
}

for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  let pending = "";
  from.setEncoding("utf8");
  from.on("data", (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) to.write(`${readable(line)}\n`);
  });
  from.on("end", () => {
    if (pending) to.write(`${readable(pending)}\n`);
  });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
