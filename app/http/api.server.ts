import type { AppLoadContext } from "@remix-run/node";
import { ApiAuthError, authenticateApiRequest } from "~/auth/api-tokens.server";
import { InputError } from "~/services/errors";
import { findOrganisationById } from "#db/queries/organisations";
import { buildResultsReport, parseReportOptions, type ResultsReport } from "~/services/results-report.server";

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

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export const apiError = (status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json({ error: { status, message, ...extra } }, status, headers);

/**
 * Answers a read-only API request: token → organisation, query → report options, then the asked-for
 * table of the organisation's results (already suppressed by the results engine). Errors are JSON:
 * 401 (no or bad token), 403 (another organisation named), 404 (no such resource), 400 (bad options),
 * 429 (over the rate).
 */
export async function handleApiRequest(context: AppLoadContext, request: Request, resource: string | undefined): Promise<Response> {
  const app = context.app;
  let organisationId: string;
  try {
    ({ organisationId } = await authenticateApiRequest(app, request));
  } catch (error) {
    if (error instanceof ApiAuthError) {
      const headers: Record<string, string> = error.status === 401 ? { "WWW-Authenticate": 'Bearer realm="candor"' } : { "Retry-After": String(error.retryAfterSeconds ?? 60) };
      return apiError(error.status, error.message, {}, headers);
    }
    throw error;
  }
  // A BI tool may name the organisation it expects (`?organisation=<slug>`); a token reads only its own.
  const url = new URL(request.url);
  const asked = url.searchParams.get("organisation");
  if (asked !== null) {
    const own = await findOrganisationById(app.db, organisationId);
    if (own?.slug !== asked) return apiError(403, "This API token reads only the organisation it was created for.");
  }
  // An own key: `in` would also take "__proto__", "toString" and the other names every object inherits.
  if (!resource || !Object.hasOwn(API_RESOURCES, resource)) {
    return apiError(404, `There is no resource "${resource ?? ""}". Resources: ${Object.keys(API_RESOURCES).join(", ")}.`);
  }
  let options;
  try {
    options = parseReportOptions({
      period: url.searchParams.get("period") ?? undefined,
      metrics: url.searchParams.get("metrics") ?? undefined,
      lags: url.searchParams.get("lags") ?? undefined,
    });
  } catch (error) {
    if (error instanceof InputError) return apiError(400, error.message, { fields: error.fieldErrors });
    throw error;
  }
  const report = await buildResultsReport(app, organisationId, options);
  const table = API_RESOURCES[resource as keyof typeof API_RESOURCES];
  if (table === null) return json(report);
  return json({ organisation: report.organisation, generatedAt: report.generatedAt, options: report.options, notes: report.notes, data: report[table] });
}
