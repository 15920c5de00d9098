import fs from "node:fs";
import path from "node:path";
import { decodeUploadedText } from "~/domain/text-encoding";
import { plural } from "~/domain/plural";
import { sayInEnglish } from "~/i18n/catalogues.server";
import { createAdmin } from "~/services/people.server";
import { createOrganisation, requireOrganisationBySlug } from "~/services/organisations.server";
import { applyRoster } from "~/services/roster.server";
import { importHistory } from "~/services/history-import.server";
import { importCrmFile, readCrmFileHeader, type CrmImportResult } from "~/services/crm-import.server";
import { saveCrmMappings } from "~/services/crm-admin.server";
import { claimCrmPullFromCli, connectCrmWithTokenFromCli } from "~/services/crm-connections.server";
import { runCrmPull } from "~/services/crm-pulls.server";
import { CRM_PROVIDERS, CRM_PROVIDER_NAMES, type CrmProviderName } from "~/domain/crm";
import { InputError } from "~/domain/errors";
import { buildResultsReport, parseReportOptions, reportToZip } from "~/services/results-report.server";
import { loadConfig } from "~/config.server";
import { createAppContext } from "~/context.server";
import { isServiceError } from "~/domain/errors";
import { moveToPostgres } from "~/services/database-move.server";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { listAuditedOrganisationsForVerify, recordAudit, verifyAuditChain } from "~/services/audit.server";
import { applyRetentionEverywhere, retentionDueEverywhere } from "~/services/retention.server";
import { UsageError, withAppContext } from "./context";
import { readCliMappings } from "./crm-mappings";
import { reviewLines } from "./crm-snapshots";
import { inEnglish } from "~/i18n/in-english.server";

type Values = Record<string, string | boolean | string[] | undefined>;

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required.`);
  return value;
}

/** Business-rule failures from services are the user's input problems: exit 1 with the message. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(sayInEnglish(error.message));
    throw error;
  }
}

/** A CSV file named by --file, decoded (UTF-8 or Windows-1252). */
function readInputFile(values: Values): { file: string; text: string } {
  const file = required(values, "file");
  if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
  return { file, text: decodeUploadedText(new Uint8Array(fs.readFileSync(file))).text };
}

/** Reports a rejected file: line-numbered problems on stderr, or the JSON result with --json; exit 1. */
function rejectFile(file: string, said: Array<{ line: number | null; column?: string; message: string }>, json: boolean): never {
  const problems = said.map((p) => ({ ...p, message: sayInEnglish(p.message) }));
  if (json) console.info(JSON.stringify({ ok: false, problems }, null, 2));
  else {
    console.error(`Nothing was imported: ${file} has ${plural(problems.length, "problem")}.`);
    for (const p of problems) console.error(`  line ${p.line ?? "-"}${p.column ? `, ${p.column}` : ""}: ${p.message}`);
  }
  throw new UsageError("");
}

export async function createOrgCommand(values: Values): Promise<void> {
  const slug = required(values, "slug");
  const name = required(values, "name");
  await withAppContext(async (app) => {
    const org = await asUsage(() => createOrganisation(app, { slug, name }));
    console.info(`Created organisation "${org.name}" (slug ${org.slug}).`);
  });
}

export async function createAdminCommand(values: Values): Promise<void> {
  const slug = required(values, "org");
  const email = required(values, "email");
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    const result = await createAdmin(app, org.id, { email, name: typeof values.name === "string" ? values.name : undefined });
    console.info(`${result.created ? "Created" : "Updated"} admin ${email} in ${org.name}.`);
    console.info(`One-time link to set the password (expires in 7 days):\n${result.link}`);
  });
}

export async function importRosterCommand(values: Values): Promise<void> {
  const slug = required(values, "org");
  const { file, text } = readInputFile(values);
  const json = values.json === true;
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    const outcome = await applyRoster(app, org.id, text, {
      deactivateMissing: values["deactivate-missing"] === true,
      invite: values.invite === true,
      recordAs: { actorId: null, source: "cli" },
    });
    if (!outcome.ok) rejectFile(file, outcome.problems, json);
    const p = outcome.plan;
    const summary = {
      ok: true,
      added: p.added.length,
      moved: p.moved.length,
      roleChanges: p.roleChanges.length,
      renamed: p.renamed.length,
      reactivated: p.reactivated.length,
      deactivated: p.deactivated.length,
      newTeams: p.newTeams.length,
      teamMoves: p.teamMoves.length,
      managerChanges: p.managerChanges.length,
      unchanged: p.unchanged,
      invited: outcome.invited,
    };
    if (json) console.info(JSON.stringify(summary, null, 2));
    else {
      console.info(`Imported ${file} into ${org.name}:`);
      for (const [k, v] of Object.entries(summary)) if (k !== "ok") console.info(`  ${k}: ${v}`);
    }
  });
}

export async function importHistoryCommand(values: Values): Promise<void> {
  const slug = required(values, "org");
  const { file, text } = readInputFile(values);
  const json = values.json === true;
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    const result = await importHistory(app, org.id, path.basename(file), text);
    if (!result.ok) rejectFile(file, result.problems, json);
    if (json) console.info(JSON.stringify(result, null, 2));
    else console.info(`Imported ${plural(result.responses, "response")} in ${plural(result.waves, "wave")} as "${result.programName}" into ${org.name}.`);
  });
}

const choice = <T extends string>(values: Values, name: string, allowed: readonly T[], fallback: T): T => {
  const value = values[name];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}.`);
  return value as T;
};

function printImportResult(file: string, said: CrmImportResult, json: boolean): void {
  const result = inEnglish(said);
  if (json) console.info(JSON.stringify(result, null, 2));
  if (result.status === "imported") {
    if (!json) {
      const preview = result.snapshotStatus === "preview";
      console.info(
        `${preview ? "Read" : "Imported"} ${plural(result.rows, "deal")} from ${file} (${result.format}, ${result.encoding}) as the snapshot of ${result.asOf}${preview ? ", as a preview: it counts for no metric until confirmed" : ""}.`,
      );
      if (result.review) for (const line of reviewLines(result.review)) console.info(line);
      if (preview) console.info(`  confirm it with: crm-snapshots --org <slug> --confirm ${result.snapshotId} [--replaces <id>]; cancel it with --delete ${result.snapshotId}`);
      if (result.skippedCount) console.info(`${plural(result.skippedCount, "row")} ${result.skippedCount === 1 ? "was" : "were"} left out (--import-valid-rows).`);
      for (const w of result.warnings) console.info(`  warning: ${w.message}`);
      for (const o of result.unmatchedOwners) console.info(`  unmatched owner: ${o.owner} (${plural(o.deals, "deal")}): map it on the CRM page`);
    }
    return;
  }
  if (result.status === "unchanged") {
    if (!json) console.info(result.message);
    return;
  }
  if (!json) {
    console.error(result.message);
    if (result.status === "rejected") for (const p of result.problems) console.error(`  line ${p.line ?? "-"}${p.column ? `, ${p.column}` : ""}: ${p.reason}`);
    if (result.status === "needs-mapping") console.error(`  columns: ${result.header.join(", ")} — choose them on the CRM page, then import again.`);
    if (result.status === "needs-date-order") console.error("  use --dates us or --dates eu.");
  }
  throw new UsageError("");
}

export async function importCrmCommand(values: Values): Promise<void> {
  const slug = required(values, "org");
  const file = required(values, "file");
  if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const usersFile = values.users;
  if (usersFile !== undefined && (typeof usersFile !== "string" || !fs.existsSync(usersFile))) throw new UsageError(`No such users file: ${String(usersFile)}`);
  const asOf = values["as-of"];
  if (asOf !== undefined && (typeof asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))) throw new UsageError("--as-of takes a date like 2026-06-30.");
  const json = values.json === true;
  const mappings = readCliMappings(values);
  const format = choice(values, "format", ["auto", "salesforce", "hubspot", "pipedrive", "generic"] as const, "auto");
  // Mapped columns read the file as a generic CSV (the mapping saved for its header), whatever it resembles.
  if (mappings.columns && format !== "auto" && format !== "generic")
    throw new UsageError("--map-column reads the file as a generic CSV: leave out --format or give --format generic.");
  const options = {
    format: mappings.columns ? ("generic" as const) : format,
    encoding: choice(values, "encoding", ["auto", "utf-8", "windows-1252"] as const, "auto"),
    dates: choice(values, "dates", ["auto", "us", "eu"] as const, "auto"),
  };
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    if (Object.keys(mappings.stages).length > 0 || mappings.columns) {
      const header = mappings.columns ? await readCrmFileHeader(fs.createReadStream(file, { highWaterMark: 64 * 1024 })) : null;
      if (mappings.columns && !header) throw new UsageError(`${file} has no header line.`);
      await asUsage(() =>
        saveCrmMappings(
          app,
          { organisationId: org.id, actor: { kind: "system", name: "cli" }, source: "cli" },
          { stages: mappings.stages, columns: header && mappings.columns ? { header, choices: mappings.columns } : undefined },
        ),
      );
    }
    const size = fs.statSync(file).size;
    let lastReport = Date.now();
    const result = await importCrmFile(app, org.id, fs.createReadStream(file, { highWaterMark: 256 * 1024 }), {
      ...options,
      asOf: (asOf as string | undefined) ?? null,
      importValidRows: values["import-valid-rows"] === true,
      // Counted at once, so that scheduled imports keep working, unless --preview (ADR 051).
      status: values.preview === true ? "preview" : "counted",
      fileName: path.basename(file),
      users: typeof usersFile === "string" ? { bytes: new Uint8Array(fs.readFileSync(usersFile)), fileName: path.basename(usersFile) } : undefined,
      onProgress: ({ bytes, records }) => {
        if (json || Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        console.error(`  ${Math.round((bytes / size) * 100)}% read, ${records.toLocaleString("en")} rows checked`);
      },
    });
    printImportResult(file, result, json);
  });
}

/** `crm-connect`: saves a HubSpot private app's or a Pipedrive API token as the organisation's connection, after checking it. */
export async function crmConnectCommand(values: Values): Promise<void> {
  const slug = required(values, "org");
  const provider = choice(values, "provider", ["hubspot", "pipedrive"] as const, "hubspot");
  const token = required(values, "token");
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    const { label } = await asUsage(() => connectCrmWithTokenFromCli(app, org.id, provider, token));
    console.info(`Connected ${CRM_PROVIDER_NAMES[provider]} (${label}) for ${slug}. The token is stored encrypted.`);
  });
}

/** Pulls the organisation's saved connection to `provider` now, in this process, as one snapshot. */
async function pullSaved(slug: string, provider: CrmProviderName, json: boolean, token?: string): Promise<void> {
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    if (token) await asUsage(() => connectCrmWithTokenFromCli(app, org.id, provider, token));
    const pullId = await claimCrmPullFromCli(app, org.id, provider);
    if (!pullId) throw new UsageError(`${CRM_PROVIDER_NAMES[provider]} is not connected for ${slug}: connect it on Admin → CRM connections, or with crm-connect.`);
    const outcome = await runCrmPull(app, pullId);
    if (outcome.status === "done") return printImportResult(`${CRM_PROVIDER_NAMES[provider]}'s API`, outcome.result, json);
    if (outcome.status === "not-taken") throw new UsageError("Another worker is running this pull.");
    throw new UsageError(sayInEnglish(outcome.problem));
  });
}

/** `crm-pull`: one pull of a saved connection now. */
export async function crmPullCommand(values: Values): Promise<void> {
  await pullSaved(required(values, "org"), choice(values, "provider", CRM_PROVIDERS, "salesforce"), values.json === true);
}

/**
 * `import-hubspot`, kept from before connections: a token (`--token` or HUBSPOT_TOKEN) is saved as the
 * HubSpot connection first; without one, the saved connection is pulled.
 */
export async function importHubSpotCommand(values: Values): Promise<void> {
  const token = typeof values.token === "string" ? values.token : loadConfig().HUBSPOT_TOKEN;
  await pullSaved(required(values, "org"), "hubspot", values.json === true, token);
}

export async function exportResultsCommand(values: Values): Promise<void> {
  const slug = required(values, "org");
  const format = choice(values, "format", ["json", "csv"] as const, "json");
  const out = typeof values.out === "string" ? values.out : null;
  if (format === "csv" && !out) throw new UsageError("--format csv writes a zip of CSV files: give it a file with --out results.zip.");
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    const options = await asUsage(async () =>
      parseReportOptions({ period: values.period as string | undefined, metrics: values.metrics as string | undefined, lags: values.lags as string | undefined }),
    );
    const report = await buildResultsReport(app, org.id, options);
    const body = format === "json" ? `${JSON.stringify(report, null, 2)}\n` : reportToZip(report);
    await recordAudit(app.db, {
      organisationId: org.id,
      actor: { kind: "system", name: "cli" },
      action: "results.export",
      source: "cli",
      after: { format, period: report.options.period, metrics: [...report.options.metrics], lags: [...report.options.lags], to: out ? path.basename(out) : "standard output" },
      at: app.now(),
    });
    if (out) {
      fs.writeFileSync(out, body);
      console.error(
        `Wrote ${out}: ${report.teamScores.length} team scores, ${report.metrics.length} metric rows, ${report.correlations.length} correlations, ${report.gaps.length} gaps.`,
      );
    } else process.stdout.write(body);
  });
}

export async function moveToPostgresCommand(values: Values): Promise<void> {
  const from = required(values, "from");
  const to = required(values, "to");
  if (!fs.existsSync(path.join(from, "PG_VERSION")))
    throw new UsageError(`No embedded (PGlite) database in ${from}: give its data directory (PGLITE_DIR, ./.data/pglite by default).`);
  if (!/^postgres(ql)?:\/\//.test(to)) throw new UsageError("--to takes a PostgreSQL connection string: postgres://user:password@host:5432/database");
  const config = loadConfig();
  const started = Date.now();
  const source = await openDatabase({ pgliteDir: from, holder: `candor move-to-postgres (pid ${process.pid})` });
  try {
    const target = await openDatabase({ url: to, poolSize: 2, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS });
    try {
      for (const [name, database] of [
        ["embedded database", source],
        ["PostgreSQL", target],
      ] as const) {
        const migrated = await migrateToLatest(database.db);
        console.info(`${name} (${database.location}): ${migrated.applied.length ? `applied ${migrated.applied.join(", ")}` : "schema up to date"}`);
      }
      const app = createAppContext(source, config);
      const moved = await moveToPostgres(app, target, {
        replace: values.replace === true,
        onProgress: (p) => console.info(`  [${String(p.index).padStart(String(p.total).length)}/${p.total}] ${p.table}: ${plural(p.rows, "row")}`),
      }).catch((error: unknown) => {
        if (isServiceError(error)) throw new UsageError(sayInEnglish(error.message));
        throw error;
      });
      const rows = moved.report.tables.reduce((n, t) => n + t.rows, 0);
      if (moved.report.replaced.length > 0) console.info(`Deleted what the target held first: ${moved.report.replaced.map((t) => `${t.table} (${t.rows})`).join(", ")}.`);
      console.info(
        `Moved ${plural(moved.organisations.length, "organisation")} (${moved.organisations.map((o) => `${o.name}, ${o.slug}`).join("; ") || "none"}): ` +
          `${rows.toLocaleString("en")} rows in ${moved.report.tables.length} tables and ${plural(moved.report.sequences, "sequence")}, in one transaction, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      console.info(
        `Next: set DATABASE_URL on every server and the worker, and give them this installation's secret key — ` +
          `${config.CANDOR_SECRET_KEY ? "CANDOR_SECRET_KEY as set here" : `the 64 hex digits in ${path.resolve(config.CANDOR_SECRET_KEY_FILE)}`} — as CANDOR_SECRET_KEY: ` +
          `${moved.openWavesWithSealedKeys > 0 ? `the ballot keys of ${plural(moved.openWavesWithSealedKeys, "open wave")} are sealed under it, and ` : ""}who holds a ballot is recorded under it. ` +
          `${from} is left as it was.`,
      );
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/**
 * `audit verify [--organisation <slug>]`: walks each organisation's audit chain and says, in words, how many
 * entries hold and the first that does not; exit 1 when a chain is broken (ADR 036).
 */
export async function auditVerifyCommand(values: Values): Promise<void> {
  const slug = typeof values.organisation === "string" ? values.organisation : null;
  await withAppContext(async (app) => {
    const organisations = slug ? [await asUsage(() => requireOrganisationBySlug(app, slug))] : await listAuditedOrganisationsForVerify(app);
    if (organisations.length === 0) console.info("No organisation has an audit log yet: nothing to verify.");
    let broken = 0;
    for (const org of organisations) {
      const result = await verifyAuditChain(app, org.id);
      const details = `personal details: ${result.detailsChecked} held and matching, ${result.detailsForgotten} forgotten (erased)`;
      if (result.broken) {
        broken += 1;
        console.info(`Audit log of ${org.name} (${org.slug}): BROKEN at entry ${result.broken.seq}: ${result.broken.reason}.`);
        console.info(`  ${plural(result.entries, "entry", "entries")} before it hold; nothing from entry ${result.broken.seq} on can be trusted.`);
      } else {
        console.info(`Audit log of ${org.name} (${org.slug}): ${plural(result.entries, "entry", "entries")} checked, the chain holds.`);
        console.info(`  last entry ${result.entries}, hash ${result.headHash}`);
        console.info(`  ${details}`);
      }
    }
    if (broken > 0) throw new UsageError(`${plural(broken, "audit log")} broken.`);
  });
}

/**
 * `apply-retention [--org <slug>] [--yes] [--json]`: deletes the raw answers and comments of pulses older than
 * each organisation's retention setting (ADR 037), as the daily job does. Without --yes it only says what
 * would go: deleting needs the word, as on the page.
 */
export async function applyRetentionCommand(values: Values): Promise<void> {
  const slug = typeof values.org === "string" ? values.org : null;
  const json = values.json === true;
  await withAppContext(async (app) => {
    const org = slug ? await asUsage(() => requireOrganisationBySlug(app, slug)) : null;
    if (org && org.retentionMonths === null) throw new UsageError(`${org.name} keeps raw answers for ever (retention is off): nothing to delete.`);
    const words = (c: { waves: number; responses: number; answers: number; comments: number }) =>
      `${plural(c.waves, "pulse")}: ${plural(c.responses, "response")}, ${plural(c.answers, "answer")}, ${plural(c.comments, "comment")}`;
    if (values.yes !== true) {
      const due = await retentionDueEverywhere(app, org?.id);
      if (json) console.info(JSON.stringify({ deleted: false, due }, null, 2));
      else {
        if (due.length === 0) console.info("No organisation has a retention setting: nothing to delete.");
        for (const d of due) console.info(`${d.organisation} (keeps ${d.months} months): would delete the raw answers of ${words(d.due)}.`);
        console.info("Nothing was deleted. Run again with --yes to delete them.");
      }
      return;
    }
    const runs = await applyRetentionEverywhere(app, { actor: { kind: "system", name: "cli" }, source: "cli" }, org?.id);
    if (json) console.info(JSON.stringify({ deleted: true, runs }, null, 2));
    else {
      if (runs.length === 0) console.info("No organisation has a retention setting: nothing to delete.");
      for (const r of runs) console.info(`${r.organisation} (keeps ${r.months} months): deleted the raw answers of ${words(r.deleted)}. Published results are unchanged.`);
    }
  });
}
