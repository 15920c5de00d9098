/**
 * Pulls from a connected CRM (ADR 049): scheduled on the job queue like waves and reminders, each one
 * snapshot through the CSV import's own path.
 *
 * - Scheduling: every scheduler tick, each connected connection's due pull (the period's start, else the
 *   week's; `duePullKey`) is claimed with a unique (connection, due key), so two workers claim it once.
 * - Running: a claimed pull is taken by one worker (`startPull` moves it to running with a heartbeat); a
 *   pull whose heartbeat stopped for STALE_MS (its process died) is taken again and starts over, reading the
 *   Salesforce Bulk job it had started instead of a new one.
 * - All or nothing: the provider's pages stream into `importCrmFile`, whose one transaction keeps the
 *   snapshot only when the whole pull arrived and every row is valid; a failure part-way (an outage, a token
 *   revoked) rolls everything back. The same data twice is "unchanged" (the import's SHA-256 rule).
 * - After a failure: an outage or a long rate limit leaves the pull waiting (5 min, 15, 45, … or the time
 *   the provider named), up to PULL_MAX_ATTEMPTS; a refused token marks the connection broken with the
 *   provider's words.
 */
import crypto from "node:crypto";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { duePullKey, pullKeysToCheck, pullRetryDelayMs, PULL_MAX_ATTEMPTS, type CrmProviderName } from "~/domain/crm";
import { dateInZone } from "~/domain/organisation-settings";
import {
  beatPull,
  claimPull,
  findCrmConnectionById,
  finishPull,
  listPullsToRun,
  listScheduledConnections,
  setCrmConnectionStatus,
  setPullProviderJob,
  startPull,
  takenPullKeys,
  updateCrmCredentials,
} from "#db/queries/crm-connections";
import { importCrmFile, type CrmImportResult } from "./crm-import.server";
import { authHeaders, openCredentials, refreshCredentials, sealCredentials, type CrmCredentials } from "./crm-connect/credentials.server";
import { CrmProviderError, ProviderHttp, type ProviderAuth } from "./crm-connect/http.server";
import { hubspot } from "./crm-connect/hubspot.server";
import { pipedrive } from "./crm-connect/pipedrive.server";
import type { CrmPuller } from "./crm-connect/pull.server";
import { salesforce } from "./crm-connect/salesforce.server";

export const PULLERS: Record<CrmProviderName, CrmPuller> = { salesforce, hubspot, pipedrive };

/** A running pull that has not beaten for this long belongs to a process that stopped. */
export const STALE_MS = 10 * 60_000;
/** How often a running pull writes its heartbeat and progress (PostgreSQL). */
const BEAT_MS = 5_000;

/** What the network and the clock are for a pull: the real ones, or the tests' fast ones. */
export interface PullEnvironment {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Records read by the pulls running in this process (PGlite's pulls cannot write progress beside their transaction). */
const progress = new Map<string, number>();
const runningHere = new Set<string>();

/** Records read so far by a pull running in this process, if it is. */
export function pullProgressHere(pullId: string): number | undefined {
  return progress.get(pullId);
}

/**
 * Claims every connection's due scheduled pull and answers the pulls to run now (new, waiting whose time
 * came, or abandoned by a stopped process).
 */
export async function scheduleCrmPulls(app: AppContext): Promise<string[]> {
  const now = app.now();
  for (const connection of await listScheduledConnections(app.db)) {
    const today = dateInZone(now, connection.timezone);
    const schedule = { weekly: connection.weekly, period: connection.period };
    const taken = await takenPullKeys(app.db, connection.id, pullKeysToCheck(schedule, connection.fiscalYearStartMonth, today));
    const key = duePullKey(schedule, connection.fiscalYearStartMonth, today, taken);
    if (key) await claimPull(app.db, { id: crypto.randomUUID(), connectionId: connection.id, organisationId: connection.organisationId, dueKey: key, at: now });
  }
  return (await listPullsToRun(app.db, now, new Date(now.getTime() - STALE_MS))).filter((id) => !runningHere.has(id));
}

/** Claims a pull of the connection now (an admin's "Pull now", the CLI): its id. */
export async function claimPullNow(app: AppContext, connection: { id: string; organisationId: string }): Promise<string> {
  const id = crypto.randomUUID();
  await claimPull(app.db, { id, connectionId: connection.id, organisationId: connection.organisationId, dueKey: `now:${id}`, at: app.now() });
  return id;
}

export type PullOutcome =
  | { status: "done"; result: CrmImportResult }
  | { status: "failed"; problem: string }
  | { status: "waiting"; problem: string; notBefore: Date }
  | { status: "not-taken" };

/** Runs one claimed pull (see the module's comment); "not-taken" when another worker has it or it is not due. */
export async function runCrmPull(app: AppContext, pullId: string, env: PullEnvironment = {}): Promise<PullOutcome> {
  if (runningHere.has(pullId)) return { status: "not-taken" };
  const started = app.now();
  const pull = await startPull(app.db, pullId, started, new Date(started.getTime() - STALE_MS));
  if (!pull) return { status: "not-taken" };
  runningHere.add(pullId);
  progress.set(pullId, 0);
  try {
    let outcome: Exclude<PullOutcome, { status: "not-taken" }>;
    try {
      outcome = await pullOnce(app, pull, env);
    } catch (error) {
      // Not the provider's doing (the database, a bug): logged, and tried again later like an outage.
      app.log.error(`CRM pull ${pullId} failed: ${error instanceof Error ? error.message : String(error)}`, { err: error, pullId });
      const notBefore = new Date(app.now().getTime() + pullRetryDelayMs(pull.attempts));
      outcome =
        pull.attempts >= PULL_MAX_ATTEMPTS ? { status: "failed", problem: said("crm.pull.notStored") } : { status: "waiting", problem: said("crm.pull.notStoredRetry"), notBefore };
    }
    const at = app.now();
    if (outcome.status === "done") {
      await finishPull(app.db, pullId, { status: "done", result: summary(outcome.result), problem: null, records: progress.get(pullId), at });
    } else if (outcome.status === "failed") {
      await finishPull(app.db, pullId, { status: "failed", problem: outcome.problem, records: progress.get(pullId), at });
    } else if (outcome.status === "waiting") {
      await finishPull(app.db, pullId, { status: "waiting", problem: outcome.problem, notBefore: outcome.notBefore, at });
    }
    app.log.info(`CRM pull ${pullId}: ${outcome.status}`, { pullId, status: outcome.status });
    return outcome;
  } finally {
    runningHere.delete(pullId);
    progress.delete(pullId);
  }
}

/** Runs every pull due now, one after another (the tests' and the CLI's scheduler). */
export async function runDueCrmPulls(app: AppContext, env: PullEnvironment = {}): Promise<PullOutcome[]> {
  const outcomes: PullOutcome[] = [];
  for (const id of await scheduleCrmPulls(app)) outcomes.push(await runCrmPull(app, id, env));
  return outcomes;
}

function summary(result: CrmImportResult) {
  if (result.status === "imported")
    return { status: result.status, snapshotId: result.snapshotId, asOf: result.asOf, rows: result.rows, unmatchedOwners: result.unmatchedOwners.length };
  if (result.status === "unchanged") return { status: result.status, snapshotId: result.snapshotId, asOf: result.asOf, message: result.message };
  return { status: result.status, message: result.message };
}

type StartedPull = NonNullable<Awaited<ReturnType<typeof startPull>>>;

async function pullOnce(app: AppContext, pull: StartedPull, env: PullEnvironment): Promise<Exclude<PullOutcome, { status: "not-taken" }>> {
  const connection = await findCrmConnectionById(app.db, pull.connectionId);
  if (!connection) return { status: "failed", problem: said("crm.pull.removed") };
  if (connection.status === "broken")
    return { status: "failed", problem: connection.problem ? said("crm.pull.broken", { problem: connection.problem }) : said("crm.pull.brokenReconnect") };
  const fetcher = env.fetch ?? fetch;
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let sealed = connection.credentialsSealed;
  let credentials: CrmCredentials = openCredentials(app.config, connection.id, sealed);
  let refreshed = false;
  const provider = connection.provider;
  const auth: ProviderAuth = {
    headers: () => authHeaders(provider, credentials),
    refresh:
      credentials.kind === "token"
        ? undefined
        : async () => {
            credentials = await refreshCredentials(app.config, provider, credentials, fetcher, app.now());
            refreshed = true;
          },
  };
  // New credentials are written between steps, never while the import's transaction holds PGlite's one connection.
  const keepCredentials = async () => {
    if (!refreshed) return;
    const next = sealCredentials(app.config, connection.id, credentials);
    await updateCrmCredentials(app.db, connection.id, sealed, next, app.now());
    sealed = next;
    refreshed = false;
  };
  const http = new ProviderHttp({ provider, auth, fetch: fetcher, sleep, now: app.now });
  const onPostgres = app.database.kind === "postgres";
  let lastBeat = Date.now();
  try {
    const expired =
      (credentials.kind === "jwt" && !credentials.accessToken) ||
      (credentials.kind === "oauth" && credentials.expiresAt !== null && credentials.expiresAt < app.now().getTime() + 60_000);
    if (expired) await auth.refresh!();
    await keepCredentials();
    const prepared = await PULLERS[provider].prepare({
      http,
      baseUrl: credentials.baseUrl,
      providerJob: pull.providerJob,
      onProviderJob: (job) => setPullProviderJob(app.db, pull.id, job),
      sleep,
    });
    await keepCredentials();
    const result = await importCrmFile(app, pull.organisationId, prepared.source, {
      format: prepared.format,
      encoding: "utf-8",
      dates: "auto",
      importValidRows: false,
      fileName: `${prepared.via} (${pull.dueKey.startsWith("now:") ? "pulled on request" : `scheduled, ${pull.dueKey}`})`,
      importedBy: null,
      audit: { actor: { kind: "system", name: "crm-pull" }, source: "worker" },
      onProgress: ({ records }) => {
        progress.set(pull.id, records);
        if (onPostgres && Date.now() - lastBeat > BEAT_MS) {
          lastBeat = Date.now();
          void beatPull(app.db, pull.id, records, app.now()).catch(() => {});
        }
      },
    });
    await keepCredentials();
    if (result.status === "imported" || result.status === "unchanged") {
      if (connection.problem) await setCrmConnectionStatus(app.db, connection.id, null, app.now());
      return { status: "done", result };
    }
    return { status: "failed", problem: said("crm.pull.notImported", { message: result.message }) };
  } catch (error) {
    await keepCredentials().catch(() => {});
    if (!(error instanceof CrmProviderError)) throw error;
    const now = app.now();
    if (error.kind === "auth") {
      await setCrmConnectionStatus(app.db, connection.id, error.message, now);
      return { status: "failed", problem: error.message };
    }
    if (error.kind === "refused") return { status: "failed", problem: error.message };
    if (pull.attempts >= PULL_MAX_ATTEMPTS) return { status: "failed", problem: said("crm.pull.gaveUp", { problem: error.message, attempts: pull.attempts }) };
    const notBefore = error.retryAt ?? new Date(now.getTime() + pullRetryDelayMs(pull.attempts));
    return { status: "waiting", problem: said("crm.pull.retrying", { problem: error.message, at: notBefore.toISOString().slice(0, 16).replace("T", " ") }), notBefore };
  }
}
