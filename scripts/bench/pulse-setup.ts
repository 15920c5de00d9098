// What the pulse benchmarks share: a built server started on a free port, a rep's form, and an
// organisation on a fresh PostgreSQL database with reps, their sessions and one open wave asking them all.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { openDatabase, type Database } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { loadConfig } from "~/config.server";
import { createAppContext } from "~/context.server";
import { DEFAULT_ITEMS } from "~/domain/instrument";
import { createOrganisation } from "~/services/organisations.server";
import { createProgram } from "~/services/programs.server";
import { applyRoster } from "~/services/roster.server";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a server script on a free port and waits for its "listening" line. */
export async function startServer(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_PROFILE=dir writes a V8 CPU profile of the Candor server there, for finding where time goes.
  const profile = process.env.BENCH_PROFILE && script.includes("main.js") ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, script], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!/listening/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}

const KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
export const formKey = () => Array.from({ length: 26 }, () => KEY_ALPHABET[Math.floor(Math.random() * 32)]).join("");

/** A rep's whole pulse form, answered at random (a comment now and then). */
export function formBody(key: string): string {
  const form = new URLSearchParams({ idempotencyKey: key });
  for (const item of DEFAULT_ITEMS) {
    if (item.scale === "agree7") form.set(`a.${item.code}`, String(1 + Math.floor(Math.random() * 7)));
    else if (item.scale === "nps11") form.set(`a.${item.code}`, String(Math.floor(Math.random() * 11)));
    else if (Math.random() < 0.3) form.set(`a.${item.code}`, "More deal reviews where we ask questions.");
  }
  return form.toString();
}

/**
 * An organisation with `reps` reps in one team, a session cookie for each, and one open wave of every
 * default dimension (plus eNPS and a comment) asking them all. Mail goes nowhere.
 */
export async function seedPulseOrganisation(url: string, reps: number): Promise<{ database: Database; waveId: string; teamId: string; cookies: string[] }> {
  const database = await openDatabase({ url });
  await migrateToLatest(database.db);
  const config = loadConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1", OUTBOX_DIR: "/tmp/candor-bench-outbox" });
  const app = createAppContext(database, config, { mailer: { description: "none", send: async () => {} } });
  const org = await createOrganisation(app, { slug: "bench", name: "Bench Sales" });
  const lines = ["email,name,role,team,manager_email", "admin@bench.example,Admin,admin,,", "enable@bench.example,Enablement,enablement,,"];
  for (let i = 0; i < reps; i++) lines.push(`rep${i}@bench.example,Rep ${i},rep,Field,`);
  const roster = await applyRoster(app, org.id, lines.join("\n"), { deactivateMissing: false });
  if (!roster.ok) throw new Error(JSON.stringify(roster.problems));
  const people = await database.db.selectFrom("person").select(["id", "email"]).where("organisationId", "=", org.id).where("role", "=", "rep").orderBy("email").execute();
  const enablementPerson = await database.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", "enable@bench.example").executeTakeFirstOrThrow();
  const enablement = (await validateSessionToken(app, (await createSession(app, enablementPerson)).token))!;
  const team = await database.db.selectFrom("team").select("id").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
  await createProgram(app, enablement, {
    name: "Bench pulse",
    dimensionKeys: ["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure"],
    itemCodes: ["ENPS", "COMMENT"],
    teamIds: [team.id],
    includeSubteams: true,
    cadence: "once",
    startsOn: new Date().toISOString().slice(0, 10),
    openDays: 7,
    reminderDays: [],
  });
  const wave = await database.db.selectFrom("wave").select("id").where("organisationId", "=", org.id).executeTakeFirstOrThrow();
  const cookies: string[] = [];
  for (const p of people) cookies.push(`candor_session=${(await createSession(app, { id: p.id, organisationId: org.id })).token}`);
  return { database, waveId: wave.id, teamId: team.id, cookies };
}
