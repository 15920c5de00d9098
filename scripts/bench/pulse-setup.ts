import fs from "node:fs";
// What the pulse benchmarks share: a built server started on a free port, a rep's form and answers, an
// organisation on a fresh PostgreSQL database with reps, their sessions and one open wave asking them all,
// and the rep's browser's half of a ballot (ADR 021): blinded tokens made before anything is timed, and
// the unblinding of the server's blind signature.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { RSABSSA } from "@cloudflare/blindrsa-ts";
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

/**
 * The server's secret key (CANDOR_SECRET_KEY, which keys the record of who holds a ballot) for this
 * benchmark's seeding and servers alike: fresh for each run, and no key file written into ./.data.
 */
const SECRET_KEY = crypto.randomBytes(32).toString("hex");

/** Starts a server script on a free port (with the benchmark's secret key) and waits for its "listening" line. */
export async function startServer(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_PROFILE=dir writes a V8 CPU profile of the Candor server there, for finding where time goes.
  const profile = process.env.BENCH_PROFILE && script.includes("main.js") ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, script], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), CANDOR_SECRET_KEY: SECRET_KEY, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // BENCH_SERVER_LOG=file keeps the Candor server's own log there, for finding what a failed request met.
  const log = process.env.BENCH_SERVER_LOG && script.includes("main.js") ? fs.createWriteStream(process.env.BENCH_SERVER_LOG) : null;
  child.stdout!.on("data", (d: Buffer) => ((out += d.toString()), log?.write(d)));
  child.stderr!.on("data", (d: Buffer) => ((out += d.toString()), log?.write(d)));
  const deadline = Date.now() + 30_000;
  while (!/listening/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, child };
}

const KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
export const formKey = () => Array.from({ length: 26 }, () => KEY_ALPHABET[Math.floor(Math.random() * 32)]).join("");

/** A rep's answers to every item, at random (a comment now and then), as the form's fields `a.<code>`. */
export function answerFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of DEFAULT_ITEMS) {
    if (item.scale === "agree7") fields[`a.${item.code}`] = String(1 + Math.floor(Math.random() * 7));
    else if (item.scale === "nps11") fields[`a.${item.code}`] = String(Math.floor(Math.random() * 11));
    else if (Math.random() < 0.3) fields[`a.${item.code}`] = "More deal reviews where we ask questions.";
  }
  return fields;
}

/** A rep's whole pulse form, answered at random, as a plain form post (what the bare baseline parses). */
export function formBody(key: string): string {
  return new URLSearchParams({ idempotencyKey: key, ...answerFields() }).toString();
}

/** What a rep's browser holds before it asks for a signature: the prepared token, blinded, and the inverse. */
export interface BlindedToken {
  /** The prepared message (RFC 9474: 32 random bytes, then the 32-byte token): what the ballot carries. */
  message: Uint8Array;
  blindedMessage: Uint8Array;
  /** The blinding factor's inverse modulo n, for unblinding. */
  inverse: Uint8Array;
}

/**
 * `count` tokens blinded for the (wave, team) key with @cloudflare/blindrsa-ts, as the browser does it
 * (scripts/bench/blind-worker.mjs), on one worker thread per core. Untimed set-up: ~30 ms CPU per token.
 */
export async function blindTokens(spki: Uint8Array, count: number, onProgress?: (done: number) => void): Promise<BlindedToken[]> {
  const threads = Math.max(1, Math.min(os.availableParallelism(), Math.ceil(count / 100)));
  let done = 0;
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const share = Math.floor(count / threads) + (i < count % threads ? 1 : 0);
      return new Promise<BlindedToken[]>((resolve, reject) => {
        const worker = new Worker(new URL("./blind-worker.mjs", import.meta.url), { workerData: { spki, count: share } });
        let tokens: BlindedToken[] | null = null;
        worker.on("message", (m: { progress: number; messages?: Uint8Array[]; blinded?: Uint8Array[]; inverses?: Uint8Array[] }) => {
          done += m.progress;
          onProgress?.(done);
          if (m.messages && m.blinded && m.inverses) tokens = m.messages.map((message, k) => ({ message, blindedMessage: m.blinded![k]!, inverse: m.inverses![k]! }));
        });
        worker.on("error", reject);
        worker.on("exit", (code) => (tokens ? resolve(tokens) : reject(new Error(`blinding worker exited with ${code} before its tokens`))));
      });
    }),
  );
  return parts.flat();
}

const bigFrom = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);

/**
 * The browser's Finalize, cheaply: the signature is the blind signature times the inverse modulo n. The
 * library's finalize (app/utils/ballot.client.ts) does the same multiplication with its BigNum code and then
 * verifies the result, ~10 ms of CPU per signature: too slow for a load generator sharing the server's
 * cores. `checkUnblinding` shows on a few tokens that both give the same bytes; the server verifies every
 * signature anyway.
 */
export function unblinder(spki: Uint8Array): (blindSignature: Uint8Array, inverse: Uint8Array) => Uint8Array {
  const jwk = crypto.createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" }).export({ format: "jwk" });
  const modulus = Buffer.from(jwk.n!, "base64url");
  const n = bigFrom(modulus);
  const hexLength = modulus.length * 2;
  return (blindSignature, inverse) => Buffer.from(((bigFrom(blindSignature) * bigFrom(inverse)) % n).toString(16).padStart(hexLength, "0"), "hex");
}

/** Throws unless `unblind` gives what @cloudflare/blindrsa-ts's finalize gives (which also verifies). */
export async function checkUnblinding(spki: Uint8Array, samples: Array<{ token: BlindedToken; blindSignature: Uint8Array }>): Promise<void> {
  const suite = RSABSSA.SHA384.PSS.Randomized();
  const key = await globalThis.crypto.subtle.importKey("spki", new Uint8Array(spki), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
  const unblind = unblinder(spki);
  for (const { token, blindSignature } of samples) {
    const expected = await suite.finalize(key, token.message, blindSignature, token.inverse);
    if (!Buffer.from(expected).equals(Buffer.from(unblind(blindSignature, token.inverse)))) throw new Error("BigInt unblinding differs from the library's finalize");
  }
}

const base64url = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");

/** The body of `POST /pulses/:waveId/ballot-signature`: the blinded token and, as the pulse page gives it, whom the page is for. */
export const signatureRequestBody = (token: BlindedToken, personId: string) => JSON.stringify({ blindedMessage: base64url(token.blindedMessage), personId });

/** The blind signature from a 200 answer of the signature request. */
export const blindSignatureOf = (body: { blindSignature: string }) => new Uint8Array(Buffer.from(body.blindSignature, "base64url"));

/** The body of `POST /ballots`: the answers with the prepared token and its (unblinded) signature. */
export const ballotBody = (waveId: string, teamId: string, message: Uint8Array, signature: Uint8Array, answers: Record<string, string>) =>
  JSON.stringify({ waveId, teamId, message: base64url(message), signature: base64url(signature), answers });

/**
 * An organisation with `reps` reps in one team, a session cookie for each (and their person ids, in the same order), and one open wave of every
 * default dimension (plus eNPS and a comment) asking them all, with the team's ballot key (`publicKey`:
 * SubjectPublicKeyInfo DER, what the page gives the browser). Mail goes nowhere.
 */
export async function seedPulseOrganisation(
  url: string,
  reps: number,
): Promise<{ database: Database; waveId: string; teamId: string; cookies: string[]; personIds: string[]; publicKey: Uint8Array }> {
  const database = await openDatabase({ url });
  await migrateToLatest(database.db);
  const config = loadConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1", OUTBOX_DIR: "/tmp/candor-bench-outbox", CANDOR_SECRET_KEY: SECRET_KEY });
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
  const key = await database.db.selectFrom("ballotKey").select("publicKey").where("waveId", "=", wave.id).where("teamId", "=", team.id).executeTakeFirstOrThrow();
  const cookies: string[] = [];
  for (const p of people) cookies.push(`candor_session=${(await createSession(app, { id: p.id, organisationId: org.id })).token}`);
  return { database, waveId: wave.id, teamId: team.id, cookies, personIds: people.map((p) => p.id), publicKey: new Uint8Array(key.publicKey) };
}
