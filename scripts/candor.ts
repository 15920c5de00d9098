// The Candor command line: `npm run candor -- <command> [options]`. Uses DATABASE_URL or PGLITE_DIR like the server.
import { parseArgs } from "node:util";
import { loadEnvFile } from "~/config.server";
import { sayInEnglish } from "~/i18n/catalogues.server";
import { UsageError, withAppContext } from "./cli/context";
import { crmSnapshotsCommand } from "./cli/crm-snapshots";
import {
  applyRetentionCommand,
  createAdminCommand,
  auditVerifyCommand,
  createOrgCommand,
  exportResultsCommand,
  importCrmCommand,
  importHistoryCommand,
  importHubSpotCommand,
  crmConnectCommand,
  crmPullCommand,
  importRosterCommand,
  moveToPostgresCommand,
} from "./cli/commands";
import { checkTranslationsCommand } from "./cli/translations";

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>["options"];
  run(values: Record<string, string | boolean | string[] | undefined>): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate: {
    summary: "apply pending database migrations",
    usage: "migrate",
    options: {},
    run: () =>
      withAppContext(async (_app, database, migrated) => {
        const applied = migrated.applied.length ? `applied ${migrated.applied.join(", ")}` : "nothing to apply";
        console.info(`Database (${database.kind}, ${database.location}) is up to date: ${applied}.`);
      }),
  },
  "create-org": {
    summary: "create an organisation",
    usage: "create-org --slug <slug> --name <name>",
    options: { slug: { type: "string" }, name: { type: "string" } },
    run: createOrgCommand,
  },
  "create-admin": {
    summary: "create an admin and print a one-time set-password link",
    usage: "create-admin --org <slug> --email <email> [--name <name>]",
    options: { org: { type: "string" }, email: { type: "string" }, name: { type: "string" } },
    run: createAdminCommand,
  },
  "import-roster": {
    summary: "import people and teams from a roster CSV (all or nothing)",
    usage: "import-roster --org <slug> --file <csv> [--deactivate-missing] [--invite] [--json]",
    options: {
      org: { type: "string" },
      file: { type: "string" },
      "deactivate-missing": { type: "boolean" },
      invite: { type: "boolean" },
      json: { type: "boolean" },
    },
    run: importRosterCommand,
  },
  "import-history": {
    summary: "import past survey results (one anonymous response per row; all or nothing)",
    usage: "import-history --org <slug> --file <csv> [--json]",
    options: { org: { type: "string" }, file: { type: "string" }, json: { type: "boolean" } },
    run: importHistoryCommand,
  },
  "import-crm": {
    summary: "import a CRM export (Salesforce, HubSpot, Pipedrive or a mapped CSV) as one snapshot",
    usage:
      "import-crm --org <slug> --file <csv> [--format auto|salesforce|hubspot|pipedrive|generic] [--users User.csv] [--map-stage 'Stage=open|won|lost' …] [--map-column 'field=Column' …] [--mapping mapping.json] [--as-of YYYY-MM-DD] [--encoding auto|utf-8|windows-1252] [--dates auto|us|eu] [--import-valid-rows] [--preview] [--json]",
    options: {
      org: { type: "string" },
      file: { type: "string" },
      format: { type: "string" },
      "as-of": { type: "string" },
      encoding: { type: "string" },
      dates: { type: "string" },
      "import-valid-rows": { type: "boolean" },
      preview: { type: "boolean" },
      users: { type: "string" },
      "map-stage": { type: "string", multiple: true },
      "map-column": { type: "string", multiple: true },
      mapping: { type: "string" },
      json: { type: "boolean" },
    },
    run: importCrmCommand,
  },
  "crm-snapshots": {
    summary: "list CRM snapshots (counted or preview, and what each feeds); confirm a preview, alone or in place of a snapshot, or delete one",
    usage: "crm-snapshots --org <slug> [--confirm <id> [--replaces <id>] | --delete <id>] [--json]",
    options: { org: { type: "string" }, confirm: { type: "string" }, replaces: { type: "string" }, delete: { type: "string" }, json: { type: "boolean" } },
    run: crmSnapshotsCommand,
  },
  "import-hubspot": {
    summary: "pull every deal from HubSpot as one snapshot (a token given is saved as the HubSpot connection first)",
    usage: "import-hubspot --org <slug> [--token <token> | HUBSPOT_TOKEN] [--json]",
    options: { org: { type: "string" }, token: { type: "string" }, json: { type: "boolean" } },
    run: importHubSpotCommand,
  },
  "crm-connect": {
    summary: "connect HubSpot (private app token) or Pipedrive (API token) for an organisation, checked and stored encrypted",
    usage: "crm-connect --org <slug> --provider hubspot|pipedrive --token <token>",
    options: { org: { type: "string" }, provider: { type: "string" }, token: { type: "string" } },
    run: crmConnectCommand,
  },
  "crm-pull": {
    summary: "pull a saved CRM connection now, in this process, as one snapshot (all or nothing)",
    usage: "crm-pull --org <slug> --provider salesforce|hubspot|pipedrive [--json]",
    options: { org: { type: "string" }, provider: { type: "string" }, json: { type: "boolean" } },
    run: crmPullCommand,
  },
  "export-results": {
    summary: "export results (scores, eNPS, reliability, CRM metrics, correlations, gaps) as JSON or a zip of CSVs",
    usage: "export-results --org <slug> [--format json|csv] [--out <file>] [--period quarter|month|fiscal-quarter] [--metrics winRate,…] [--lags 0,1,…]",
    options: { org: { type: "string" }, format: { type: "string" }, out: { type: "string" }, period: { type: "string" }, metrics: { type: "string" }, lags: { type: "string" } },
    run: exportResultsCommand,
  },
  "move-to-postgres": {
    summary: "move the whole embedded (PGlite) database into an empty PostgreSQL database, in one transaction",
    usage: "move-to-postgres --from <pglite dir> --to <postgres url> [--replace]",
    options: { from: { type: "string" }, to: { type: "string" }, replace: { type: "boolean" } },
    run: moveToPostgresCommand,
  },
  "apply-retention": {
    summary: "delete raw answers and comments of pulses older than each organisation's retention setting (--yes to delete)",
    usage: "apply-retention [--org <slug>] [--yes] [--json]",
    options: { org: { type: "string" }, yes: { type: "boolean" }, json: { type: "boolean" } },
    run: applyRetentionCommand,
  },
  "check-translations": {
    summary: "check a translation file (ICU messages, keys and placeholders against English); exit 1 with each problem's key and line",
    usage: "check-translations --file <app/i18n/messages/xx.json>",
    options: { file: { type: "string" } },
    run: checkTranslationsCommand,
  },
  "audit verify": {
    summary: "check every audit log entry against the hash chain (exit 1 when broken)",
    usage: "audit verify [--organisation <slug>]",
    options: { organisation: { type: "string" } },
    run: auditVerifyCommand,
  },
};

function help(): string {
  const lines = Object.entries(commands).map(([, c]) => `  ${c.usage.padEnd(60)} ${c.summary}`);
  return `Usage: npm run candor -- <command> [options]\n\nCommands:\n${lines.join("\n")}`;
}

async function main(argv: string[]): Promise<number> {
  try {
    // Settings from .env (or CANDOR_ENV_FILE) fill in what the environment leaves unset, as for the server.
    loadEnvFile();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  // Commands of two words (`audit verify`) are looked up by both.
  const twoWords = argv.length >= 2 ? `${argv[0]} ${argv[1]}` : "";
  const [name, ...rest] = twoWords in commands ? [twoWords, ...argv.slice(2)] : argv;
  if (!name || name === "help" || name === "--help") {
    console.info(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 1;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | string[] | undefined>;
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: npm run candor -- ${command.usage}`);
    return 1;
  }
  try {
    await command.run(values);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(sayInEnglish(error.message));
      return 1;
    }
    console.error(`candor ${name} failed: ${error instanceof Error ? sayInEnglish(error.message) : String(error)}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
