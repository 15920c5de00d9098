import type { AppContext } from "~/context.server";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { findOrganisationById } from "#db/queries/organisations";
import { buildResultsReport, parseReportOptions, type ResultsReport } from "./results-report.server";
import { recordApiTokenUse } from "./audit.server";

/** The tables of the results report, each its own resource: /api/v1/<resource>. `report` is all of them. */
export const API_RESOURCES = {
  report: null,
  "team-scores": "teamScores",
  enps: "enps",
  reliability: "reliability",
  metrics: "metrics",
  correlations: "correlations",
  gaps: "gaps",
} as const satisfies Record<string, keyof ResultsReport | null>;

export interface ApiQuery {
  resource: string | undefined;
  /** The organisation's slug a BI tool says it expects (`?organisation=`), if it says one. */
  organisation: string | null;
  period?: string;
  metrics?: string;
  lags?: string;
}

/**
 * One API resource of an organisation's results (already suppressed by the results engine), for a token that
 * reads that organisation. Throws ForbiddenError when another organisation is named, NotFoundError for an
 * unknown resource and InputError for bad options. The token's use is audited once per token and hour.
 */
export async function readApiResource(app: AppContext, token: { organisationId: string; tokenId: string }, query: ApiQuery): Promise<unknown> {
  const { organisationId } = token;
  await recordApiTokenUse(app, token, { resource: query.resource ?? null, organisation: query.organisation });
  // A BI tool may name the organisation it expects; a token reads only its own.
  if (query.organisation !== null) {
    const own = await findOrganisationById(app.db, organisationId);
    if (own?.slug !== query.organisation) throw new ForbiddenError("This API token reads only the organisation it was created for.");
  }
  // An own key: `in` would also take "__proto__", "toString" and the other names every object inherits.
  const resource = query.resource;
  if (!resource || !Object.hasOwn(API_RESOURCES, resource)) {
    throw new NotFoundError(`There is no resource "${resource ?? ""}". Resources: ${Object.keys(API_RESOURCES).join(", ")}.`);
  }
  const options = parseReportOptions({ period: query.period, metrics: query.metrics, lags: query.lags });
  const report = await buildResultsReport(app, organisationId, options);
  const table = API_RESOURCES[resource as keyof typeof API_RESOURCES];
  if (table === null) return report;
  return { organisation: report.organisation, generatedAt: report.generatedAt, options: report.options, notes: report.notes, data: report[table] };
}
