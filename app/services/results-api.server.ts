import { z } from "zod";
import type { AppContext } from "~/context.server";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { findOrganisationById } from "#db/queries/organisations";
import { buildResultsReport, parseTextOptions, reportOptionFields, resultsReportSchema, type ResultsReport } from "./results-report.server";
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

export type ApiResource = keyof typeof API_RESOURCES;

/**
 * The query string every resource reads: the report's options and the organisation a BI tool expects.
 * It validates the request and describes it in the OpenAPI document (ADR 040); a parameter that is not
 * here is not read.
 */
export const apiQuerySchema = z.object({
  organisation: z
    .string()
    .optional()
    .describe("The slug of the organisation the caller expects. A token reads only its own organisation: naming another answers 403. Empty or absent names none."),
  ...reportOptionFields,
});

/** What a resource answers with: the whole report, or one of its tables as `data` under the report's heading. */
export function apiResponseSchema(resource: ApiResource) {
  const table = API_RESOURCES[resource];
  if (table === null) return resultsReportSchema;
  const { organisation, generatedAt, options, notes } = resultsReportSchema.shape;
  return z.object({ organisation, generatedAt, options, notes, data: resultsReportSchema.shape[table] });
}
type ApiResponse = z.infer<ReturnType<typeof apiResponseSchema>>;

export interface ApiQuery {
  resource: string | undefined;
  /** The query string's values of the parameters `apiQuerySchema` names (absent: undefined). */
  params: Record<string, string | undefined>;
}

/**
 * One API resource of an organisation's results (already suppressed by the results engine), for a token that
 * reads that organisation. Throws ForbiddenError when another organisation is named, NotFoundError for an
 * unknown resource and InputError for bad options. The token's use is audited once per token and hour.
 */
export async function readApiResource(app: AppContext, token: { organisationId: string; tokenId: string }, query: ApiQuery): Promise<ApiResponse> {
  const { organisationId } = token;
  // A BI tool may name the organisation it expects; a token reads only its own. (Checked first, then the
  // resource, then the options: a wrong organisation is 403 whatever else the request says.)
  const expected = query.params.organisation;
  await recordApiTokenUse(app, token, { resource: query.resource ?? null, organisation: expected ?? null });
  if (expected) {
    const own = await findOrganisationById(app.db, organisationId);
    if (own?.slug !== expected) throw new ForbiddenError("This API token reads only the organisation it was created for.");
  }
  // An own key: `in` would also take "__proto__", "toString" and the other names every object inherits.
  const resource = query.resource;
  if (!resource || !Object.hasOwn(API_RESOURCES, resource)) {
    throw new NotFoundError(`There is no resource "${resource ?? ""}". Resources: ${Object.keys(API_RESOURCES).join(", ")}.`);
  }
  const { organisation: _named, ...options } = parseTextOptions(apiQuerySchema, query.params);
  const report = await buildResultsReport(app, organisationId, options);
  const table = API_RESOURCES[resource as ApiResource];
  if (table === null) return report;
  return { organisation: report.organisation, generatedAt: report.generatedAt, options: report.options, notes: report.notes, data: report[table] };
}
