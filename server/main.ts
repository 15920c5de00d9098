import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase } from "#db/client";
import { isNewDataDir } from "#db/prepared";
import { migrateToLatest } from "#db/migrate";
import { databaseSettings, loadConfig, loadEnvFile, secretKeyWarning, shareNodeEnv } from "~/config.server";
import { createAppContext } from "~/context.server";
import { createLogger } from "~/log.server";
import { prewarmBallotKeyPairs } from "~/auth/blind-rsa.server";
import { DEMO_TEAMS, seedDemo } from "~/services/demo/seed.server";
import { createHttpApp } from "./app";
import { startJobQueue } from "./job-queue";
import { choosePreparedImage, preparedImagesDir } from "./prepared-image";
import { handleShutdown } from "./shutdown";

// The production entry point, bundled to build/server/main.js next to Remix's build/server/index.js.
const here = path.dirname(fileURLToPath(import.meta.url));

// Until the configuration is read, lines go out at the default level.
let log = createLogger({ level: "info" });

// `node build/server/main.js --trying-out` is `npm start` (scripts/start.mjs): it seeds the demo on PGlite
// unless CANDOR_SEED_DEMO says otherwise. Without it (`npm run serve`, containers) the demo is only seeded
// when asked.
async function main() {
  const envFile = loadEnvFile();
  const config = loadConfig(process.env, { tryingOut: process.argv.includes("--trying-out") });
  shareNodeEnv(config);
  log = createLogger({ level: config.LOG_LEVEL });
  if (envFile) log.info(`settings from ${envFile} (the environment's own values win)`, { file: envFile });
  const keyWarning = secretKeyWarning(config);
  if (keyWarning) log.warn(keyWarning);
  // A new PGlite data directory starts as a copy of one the build prepared (ADR 028).
  const prepared = config.DATABASE_URL ? null : choosePreparedImage(preparedImagesDir(here), { demo: config.seedDemo, now: new Date() });
  // The demo's first start opens a pulse for its 12 teams: their RSA key pairs are made in the thread pool
  // while this thread copies and opens the database.
  if (prepared?.manifest.demo && isNewDataDir(config.PGLITE_DIR)) prewarmBallotKeyPairs(DEMO_TEAMS);
  const database = await openDatabase({
    ...databaseSettings(config),
    holder: `Candor server (pid ${process.pid}, port ${config.PORT})`,
    pglitePrepared: prepared?.dir,
    onConnectionLost: (error) => log.warn("idle PostgreSQL connection lost", { err: error }),
  });
  log.info(`database: ${database.kind} at ${database.location}`, { database: database.kind });
  if (database.preparedFrom && prepared) {
    const { manifest } = prepared;
    log.info(`new data directory from the build's prepared ${manifest.kind} image: applied migrations: ${manifest.migrations.join(", ")}`);
    if (manifest.demo) log.info(`with the demo organisation's history (people, six closed pulses, CRM snapshots) made on ${manifest.demo.date}`);
  }
  const migrated = await migrateToLatest(database.db);
  if (migrated.applied.length > 0) log.info(`applied migrations: ${migrated.applied.join(", ")}`);

  const app = createAppContext(database, config, { log });
  log.info(`mail: ${app.mailer.description}`);
  // Remix's build loads while the demo seed waits on the database and on key generation.
  const buildPath = pathToFileURL(path.join(here, "index.js")).href;
  const loading = import(/* @vite-ignore */ buildPath) as Promise<ServerBuild>;
  loading.catch(() => {}); // awaited below, where a failure is reported
  const demo = config.seedDemo ? await seedDemo(app) : null;
  const build = await loading;
  const http = createHttpApp({ app, build, clientDir: path.join(here, "..", "client") });

  const jobs = config.CANDOR_WORKER === "inline" ? await startJobQueue(app, database, { work: true }) : null;
  if (jobs) await jobs.kick();
  log.info(`job worker: ${jobs ? "inside this server" : "off (run npm run worker)"}`);

  // A deep accept queue: when a wave opens, thousands of reps may connect within seconds (bench:load).
  const server = createServer(http).listen({ port: config.PORT, host: config.HOST, backlog: 4096 }, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const url = config.APP_URL ?? `http://localhost:${port}`;
    if (demo) log.info(demo.summary, { logins: demo.logins });
    log.info(`listening on ${url}`, { url });
  });
  handleShutdown(server, database, log, jobs ? [() => jobs.stop()] : []);
}

main().catch((error: unknown) => {
  log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`, { err: error });
  process.exit(1);
});
