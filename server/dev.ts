// `npm run dev`: the same Express server with Vite in middleware mode, so routes and styles reload live.
import { createServer } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { createServer as createViteServer } from "vite";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { databaseSettings, loadConfig, loadEnvFile } from "~/config.server";
import { createAppContext } from "~/context.server";
import { createLogger } from "~/log.server";
import { seedDemo } from "~/services/demo/seed.server";
import { createHttpApp } from "./app";
import { startJobQueue } from "./job-queue";
import { handleShutdown } from "./shutdown";

const envFile = loadEnvFile();
// Like `npm start`, a development server seeds the demo on PGlite unless CANDOR_SEED_DEMO says otherwise.
const config = loadConfig({ ...process.env, NODE_ENV: "development" }, { tryingOut: true });
const log = createLogger({ level: config.LOG_LEVEL });
if (envFile) log.info(`settings from ${envFile} (the environment's own values win)`, { file: envFile });
const database = await openDatabase({
  ...databaseSettings(config),
  holder: `Candor dev server (pid ${process.pid}, port ${config.PORT})`,
  onConnectionLost: (error) => log.warn("idle PostgreSQL connection lost", { err: error }),
});
await migrateToLatest(database.db);
const app = createAppContext(database, config, { log });
if (config.seedDemo) {
  const demo = await seedDemo(app);
  log.info(demo.summary, { logins: demo.logins });
}

const vite = await createViteServer({ server: { middlewareMode: true } });
const http = createHttpApp({
  app,
  build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
  before: [vite.middlewares],
});
const server = createServer(http).listen(config.PORT, config.HOST, () => log.info(`dev server on ${config.appUrl}`, { url: config.appUrl }));
const jobs = config.CANDOR_WORKER === "inline" ? await startJobQueue(app, database, { work: true }) : null;
await jobs?.kick();
handleShutdown(server, database, log, [() => vite.close(), ...(jobs ? [() => jobs.stop()] : [])]);
