// The pull half of `npm run bench:import` (issue 25, ADR 049): a 1,000,000-deal pull from a local fake of
// Salesforce's Bulk API 2.0 — a real node:http server answering the count query, the query job (created,
// JobComplete) and its results as CSV pages of 100,000 records read from a file with `Sforce-Locator` —
// through the bundled CLI's `crm-pull`, against `import-crm` of the very same CSV file. Each run has an
// organisation of its own (the same data twice would be "unchanged"). Goal: the pull at ≥ 0.8 of the CSV
// import's rows/s, and a peak RSS under 600 MiB.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { openDatabase } from "#db/client";
import { sealCredentials } from "~/services/crm-connect/credentials.server";
import { fmt, markdownTable, median, reportRows } from "./runner";

type Run = (command: string, args: string[], env: Record<string, string>) => Promise<{ ms: number; peakMiB: number | null; code: number | null; output: string }>;

const PAGE = 100_000;
const HEADER =
  '"Id","Name","Account.Name","StageName","Amount","CloseDate","CreatedDate","Owner.Email","IsClosed","IsWon","ForecastCategoryName","NextStep","LastActivityDate","Probability"\n';
const STAGES = [
  ["Prospecting", "false", "false", "Pipeline", "10"],
  ["Negotiation/Review", "false", "false", "Commit", "80"],
  ["Closed Won", "true", "true", "Closed", "100"],
  ["Closed Lost", "true", "false", "Omitted", "0"],
] as const;

/** A Bulk API 2.0 results file of `rows` opportunities (every value quoted, LF endings), as Salesforce writes them. */
async function writeBulkCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(HEADER);
  let piece = "";
  for (let i = 0; i < rows; i++) {
    const [stage, closed, won, forecast, probability] = STAGES[i % 4]!;
    const month = String(1 + (i % 12)).padStart(2, "0");
    piece += `"006${String(i).padStart(12, "0")}AAA","Opportunity ${i} – Fördertechnik","Account ${i % 9973}","${stage}","${1000 + (i % 90_000)}.00","2026-${month}-15","2025-${month}-02T09:30:00.000Z","rep${i % 400}@bench.example","${closed}","${won}","${forecast}","","","${probability}"\n`;
    if (i % 2000 === 1999) {
      if (!out.write(piece)) await new Promise<void>((r) => out.once("drain", () => r()));
      piece = "";
    }
  }
  out.write(piece);
  await new Promise<void>((resolve) => out.end(resolve));
}

/** Byte offsets of each page's first record (and the end), by counting newlines once. */
function pageOffsets(file: string): number[] {
  const offsets: number[] = [];
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.alloc(1 << 20);
  let position = 0;
  let line = 0;
  for (let read = fs.readSync(fd, buffer, 0, buffer.length, 0); read > 0; read = fs.readSync(fd, buffer, 0, buffer.length, position)) {
    for (let i = buffer.indexOf(10, 0); i >= 0 && i < read; i = buffer.indexOf(10, i + 1)) {
      // Line 0 is the header; a page starts after every PAGE records.
      if (line % PAGE === 0) offsets.push(position + i + 1);
      line++;
    }
    position += read;
  }
  fs.closeSync(fd);
  if (offsets.at(-1) !== position) offsets.push(position);
  return offsets;
}

/** The fake Salesforce: its base URL, and how many result pages it served. */
async function startFakeSalesforce(file: string, rows: number): Promise<{ url: string; pages: () => number; close(): Promise<void> }> {
  const offsets = pageOffsets(file);
  let pages = 0;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const json = (value: unknown) => {
      response.writeHead(200, { "Content-Type": "application/json", "Sforce-Limit-Info": "api-usage=10/15000" });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === "/services/data/v60.0/query") return json({ totalSize: rows, done: true, records: [] });
    if (url.pathname === "/services/data/v60.0/jobs/query" && request.method === "POST") {
      request.resume();
      return json({ id: "750BENCH0000001", operation: "query", object: "Opportunity", state: "UploadComplete", contentType: "CSV", lineEnding: "LF", columnDelimiter: "COMMA" });
    }
    if (url.pathname === "/services/data/v60.0/jobs/query/750BENCH0000001") return json({ id: "750BENCH0000001", state: "JobComplete", numberRecordsProcessed: rows });
    if (url.pathname === "/services/data/v60.0/jobs/query/750BENCH0000001/results") {
      const page = Number(url.searchParams.get("locator") ?? 0);
      const next = page + 1 < offsets.length - 1 ? String(page + 1) : "null";
      pages++;
      response.writeHead(200, { "Content-Type": "text/csv", "Sforce-Locator": next, "Sforce-NumberOfRecords": String(Math.min(PAGE, rows - page * PAGE)) });
      response.write(HEADER);
      fs.createReadStream(file, { start: offsets[page], end: offsets[page + 1]! - 1, highWaterMark: 256 * 1024 }).pipe(response);
      return;
    }
    response.writeHead(404, { "Content-Type": "application/json" });
    response.end(JSON.stringify([{ errorCode: "NOT_FOUND", message: url.pathname }]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, pages: () => pages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Runs the pull bench (see the module's comment) on the bench database `url` with the bundled CLI. */
export async function benchCrmPull(options: { url: string; dir: string; rows: number; runs: number; run: Run; node: string; cli: string[] }): Promise<void> {
  const { url, dir, rows, runs, run, node, cli } = options;
  const file = path.join(dir, "bulk-results.csv");
  await writeBulkCsv(file, rows);
  const fake = await startFakeSalesforce(file, rows);
  const key = crypto.randomBytes(32).toString("hex");
  const env = { DATABASE_URL: url, CANDOR_SECRET_KEY: key };
  const db = await openDatabase({ url, poolSize: 1 });
  try {
    const csv: Array<{ ms: number; peakMiB: number | null }> = [];
    const pulled: Array<{ ms: number; peakMiB: number | null }> = [];
    for (let i = 0; i < runs; i++) {
      for (const slug of [`pullcsv${i}`, `pull${i}`]) {
        const created = await run(node, [...cli, "create-org", "--slug", slug, "--name", slug], env);
        if (created.code !== 0) throw new Error(created.output);
      }
      const org = await db.db.selectFrom("organisation").select("id").where("slug", "=", `pull${i}`).executeTakeFirstOrThrow();
      const id = crypto.randomUUID();
      const credentials = { kind: "oauth" as const, accessToken: "bench", refreshToken: null, expiresAt: null, baseUrl: fake.url };
      await db.db
        .insertInto("crmConnection")
        .values({
          id,
          organisationId: org.id,
          provider: "salesforce",
          authKind: "oauth",
          accountLabel: "bench",
          credentialsSealed: sealCredentials({ secretKey: new Uint8Array(Buffer.from(key, "hex")) }, id, credentials),
          status: "connected",
          connectedAt: new Date(),
          updatedAt: new Date(),
        })
        .execute();
      const imported = await run(node, [...cli, "import-crm", "--org", `pullcsv${i}`, "--file", file, "--json"], env);
      if (imported.code !== 0 || !imported.output.includes(`"rows": ${rows}`)) throw new Error(`CSV import failed: ${imported.output.slice(0, 1000)}`);
      csv.push(imported);
      const pull = await run(node, [...cli, "crm-pull", "--org", `pull${i}`, "--provider", "salesforce", "--json"], env);
      if (pull.code !== 0 || !pull.output.includes(`"rows": ${rows}`)) throw new Error(`pull failed: ${pull.output.slice(0, 1000)}`);
      pulled.push(pull);
    }
    const csvRate = rows / (median(csv.map((c) => c.ms)) / 1000);
    const pullRate = rows / (median(pulled.map((c) => c.ms)) / 1000);
    const peak = Math.max(...pulled.map((c) => c.peakMiB ?? 0));
    console.info(`\nbench:import (pull) — ${rows.toLocaleString("en")} deals, ${runs} runs each, ${fake.pages()} Bulk result pages served`);
    console.info(
      markdownTable(
        ["path", "median seconds", "rows/s", "peak RSS MiB"],
        [
          ["Candor CLI crm-pull from a local fake of Salesforce's Bulk API 2.0", fmt(median(pulled.map((c) => c.ms)) / 1000, 1), fmt(pullRate), fmt(peak)],
          ["Candor CLI import-crm of the same CSV file", fmt(median(csv.map((c) => c.ms)) / 1000, 1), fmt(csvRate), fmt(Math.max(...csv.map((c) => c.peakMiB ?? 0)))],
        ],
      ),
    );
    console.info(`ratio (pull ÷ CSV import rows/s): ${fmt(pullRate / csvRate, 2)} (goal ≥ 0.80)`);
    reportRows([
      {
        benchmark: "import",
        measure: `CRM pull rows/s, ${rows.toLocaleString("en")} deals from a fake Bulk API vs import-crm of the same CSV (median of ${runs})`,
        candor: fmt(pullRate),
        baseline: fmt(csvRate),
        ratio: pullRate / csvRate,
        goal: "≥ 0.80 of the CSV import",
        met: pullRate / csvRate >= 0.8,
      },
      { benchmark: "import", measure: "peak RSS of the pull process (MiB)", candor: fmt(peak), baseline: "n/a", ratio: null, goal: "< 600 MiB", met: peak > 0 && peak < 600 },
    ]);
  } finally {
    await db.close();
    await fake.close();
  }
}
