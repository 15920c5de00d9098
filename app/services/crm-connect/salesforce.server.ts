/**
 * Salesforce (ADR 049): Opportunities by SOQL through the REST API (`query`, then `nextRecordsUrl` page by
 * page, 2,000 records each), or through a Bulk API 2.0 query job when there are more than
 * BULK_THRESHOLD: the job is created, polled until JobComplete, and its CSV results read page by page with
 * the `Sforce-Locator` cursor, streamed as they come. The REST records are written as CSV with the API
 * field names as the header, which is what the Bulk API sends too: both are recognised as a Salesforce
 * export (ADR 048) and imported like one.
 */
import { salesforceLimitLeaves } from "~/domain/crm";
import { said } from "~/i18n/said";
import { CrmProviderError, type ProviderHttp } from "./http.server";
import { cell, csvPieces, day, type CrmPuller, type PreparedPull, type PullContext } from "./pull.server";

export const SALESFORCE_API_VERSION = "v60.0";
/** Above this many opportunities, the Bulk API 2.0 (a few calls) instead of REST pages of 2,000. */
export const BULK_THRESHOLD = 10_000;
/** Records per page of Bulk results. */
const BULK_PAGE_RECORDS = 100_000;

/** The Opportunity fields read, as their API names (the CSV header). */
const FIELDS = [
  "Id",
  "Name",
  "Account.Name",
  "StageName",
  "Amount",
  "CloseDate",
  "CreatedDate",
  "Owner.Email",
  "IsClosed",
  "IsWon",
  "ForecastCategoryName",
  "NextStep",
  "LastActivityDate",
  "Probability",
] as const;

// Bulk API 2.0 refuses ORDER BY; the REST query orders by Id so that the same data gives the same bytes.
const SELECT = `SELECT ${FIELDS.join(", ")} FROM Opportunity`;

interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Array<Record<string, unknown>>;
}

interface BulkJob {
  id: string;
  state: "UploadComplete" | "InProgress" | "Aborted" | "JobComplete" | "Failed";
  errorMessage?: string;
  numberRecordsProcessed?: number;
}

const dataPath = (baseUrl: string) => `${baseUrl}/services/data/${SALESFORCE_API_VERSION}`;

/** A REST record's value for an API field name, following relationships ("Account.Name"). */
function field(record: Record<string, unknown>, name: string): unknown {
  let value: unknown = record;
  for (const part of name.split(".")) value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

async function count(http: ProviderHttp, baseUrl: string): Promise<number> {
  const page = await http.json<QueryPage>(`${dataPath(baseUrl)}/query?q=${encodeURIComponent("SELECT COUNT() FROM Opportunity")}`);
  return page.totalSize;
}

async function* restRows(http: ProviderHttp, baseUrl: string): AsyncGenerator<string[]> {
  let url: string | undefined = `${dataPath(baseUrl)}/query?q=${encodeURIComponent(`${SELECT} ORDER BY Id`)}`;
  while (url) {
    const page: QueryPage = await http.json<QueryPage>(url);
    for (const record of page.records) {
      yield FIELDS.map((name) => {
        const value = field(record, name);
        return name === "CreatedDate" ? day(value as string | null) : cell(value);
      });
    }
    url = page.done || !page.nextRecordsUrl ? undefined : `${baseUrl}${page.nextRecordsUrl}`;
  }
}

/** Creates the Bulk query job, or takes up the one a crashed pull started, and waits until it is complete. */
async function completedBulkJob(context: PullContext): Promise<string> {
  const { http, baseUrl } = context;
  let id = context.providerJob;
  if (id) {
    // A job older than its results' seven days, or deleted, answers 404: start a new one.
    const job = await http.json<BulkJob>(`${dataPath(baseUrl)}/jobs/query/${id}`).catch((error: unknown) => {
      if (error instanceof CrmProviderError && error.status === 404) return null;
      throw error;
    });
    if (!job || job.state === "Failed" || job.state === "Aborted") id = null;
  }
  if (!id) {
    const job = await http.json<BulkJob>(`${dataPath(baseUrl)}/jobs/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operation: "query", query: SELECT, contentType: "CSV", columnDelimiter: "COMMA", lineEnding: "LF" }),
    });
    id = job.id;
    await context.onProviderJob(id);
  }
  for (let poll = 0; ; poll++) {
    const job = await http.json<BulkJob>(`${dataPath(baseUrl)}/jobs/query/${id}`);
    if (job.state === "JobComplete") return id;
    if (job.state === "Failed" || job.state === "Aborted")
      throw new CrmProviderError(
        "refused",
        job.errorMessage
          ? said("crm.provider.bulkJobSaid", { state: job.state.toLowerCase(), message: job.errorMessage })
          : said("crm.provider.bulkJob", { state: job.state.toLowerCase() }),
      );
    // 1 s, growing to 15 s between polls: a large query takes minutes, and each poll is an API call.
    await context.sleep(Math.min(1000 * 1.5 ** poll, 15_000));
  }
}

/** The job's CSV results, page by page as they stream, each page's header line dropped after the first. */
async function* bulkResults(http: ProviderHttp, baseUrl: string, jobId: string): AsyncGenerator<Uint8Array> {
  let locator: string | null = null;
  let first = true;
  do {
    const query: string = `maxRecords=${BULK_PAGE_RECORDS}${locator ? `&locator=${encodeURIComponent(locator)}` : ""}`;
    const response = await http.request(`${dataPath(baseUrl)}/jobs/query/${jobId}/results?${query}`, { headers: { Accept: "text/csv" } });
    const next = response.headers.get("sforce-locator");
    locator = next && next !== "null" ? next : null;
    if (!response.body) continue;
    let skipping = !first;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      if (!skipping) {
        yield chunk;
        continue;
      }
      const newline = chunk.indexOf(10);
      if (newline < 0) continue;
      skipping = false;
      if (newline + 1 < chunk.length) yield chunk.subarray(newline + 1);
    }
    first = false;
  } while (locator);
}

export const salesforce: CrmPuller = {
  async check({ http, baseUrl }) {
    await count(http, baseUrl);
    return { label: new URL(baseUrl).host };
  },

  async prepare(context): Promise<PreparedPull> {
    const { http, baseUrl } = context;
    const deals = context.providerJob ? BULK_THRESHOLD + 1 : await count(http, baseUrl);
    const bulk = deals > BULK_THRESHOLD;
    const calls = bulk ? 30 : Math.ceil(deals / 2000) + 1;
    if (!salesforceLimitLeaves(http.limitInfo, calls)) {
      throw new CrmProviderError("rate-limited", said("crm.provider.allowanceNearlySpent", { usage: http.limitInfo ?? "" }), null, new Date(Date.now() + 3600_000));
    }
    if (!bulk) return { format: "salesforce", source: csvPieces(FIELDS, restRows(http, baseUrl)), via: "Salesforce REST API" };
    const jobId = await completedBulkJob(context);
    return { format: "salesforce", source: bulkResults(http, baseUrl, jobId), via: "Salesforce Bulk API" };
  },
};
