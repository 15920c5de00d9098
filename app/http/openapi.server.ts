import crypto from "node:crypto";
import { z } from "zod";
import { API_RATE_LIMIT } from "~/auth/api-tokens.server";
import { API_RESOURCES, apiQuerySchema, apiResponseSchema, type ApiResource } from "~/services/results-api.server";
import { resultsReportSchema, type ResultsReport } from "~/services/results-report.server";
import { apiErrorSchema, RATE_LIMIT_HEADERS } from "./api.server";

/**
 * The read-only API described as an OpenAPI 3.1 document, generated from the zod schemas that validate its
 * query (`apiQuerySchema`) and shape its answers (`apiResponseSchema`, `apiErrorSchema`): the code and the
 * document have one home (ADR 040). Served at /api/v1/openapi.json, public and cacheable.
 */

/** Where the document is served; listed in the document itself. */
export const OPENAPI_PATH = "/api/v1/openapi.json";

type JsonSchema = Record<string, unknown>;
type Table = Exclude<(typeof API_RESOURCES)[ApiResource], null>;

/** The components' names of the report's row schemas. */
const ROW_NAMES: Record<Table, string> = {
  teamScores: "TeamScoreRow",
  enps: "EnpsRow",
  reliability: "ReliabilityRow",
  metrics: "MetricsRow",
  correlations: "CorrelationRow",
  gaps: "GapRow",
};

/** The operations, one per resource: an id and a one-line summary (the description is the table's own). */
const OPERATIONS: Record<ApiResource, { operationId: string; summary: string }> = {
  report: { operationId: "getReport", summary: "The whole results report: every table below at once" },
  "team-scores": { operationId: "getTeamScores", summary: "Scores per team, period and dimension" },
  enps: { operationId: "getEnps", summary: "eNPS per team and period" },
  reliability: { operationId: "getReliability", summary: "Reliability per dimension and period" },
  metrics: { operationId: "getMetrics", summary: "CRM metrics per team and period" },
  correlations: { operationId: "getCorrelations", summary: "Culture ↔ outcome correlations" },
  gaps: { operationId: "getGaps", summary: "Manager self-assessment gaps" },
};

/** Every error the API answers with, by status: the component's name and when it happens. */
const ERRORS = {
  400: { name: "BadRequest", description: "A query parameter is not valid: `fields` names each one with what to fix." },
  401: { name: "Unauthorized", description: "No API token, a wrong one, or a revoked one (with `WWW-Authenticate`)." },
  403: { name: "Forbidden", description: "`organisation` names another organisation than the token's." },
  404: { name: "NotFound", description: "A path under /api/v1/ that is not in this document: no such resource." },
  405: { name: "MethodNotAllowed", description: "Any method but GET: the API is read-only (with `Allow: GET`)." },
  429: { name: "TooManyRequests", description: `Over ${API_RATE_LIMIT} requests a minute for this token (with \`Retry-After\`).` },
} as const;
type ErrorStatus = keyof typeof ERRORS;
/** The errors any resource can answer with; 404 and 405 are for paths and methods the document does not list. */
const OPERATION_ERRORS: ErrorStatus[] = [400, 401, 403, 429];

const pascal = (resource: string) => resource.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** The JSON Schemas of every schema in `registry`, as OpenAPI components referring to each other. */
function componentSchemas(registry: z.core.$ZodRegistry<{ id: string }>): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io: "output", uri: (id) => `#/components/schemas/${id}` });
  // A component is not a schema resource of its own: the document's dialect (OpenAPI 3.1's) applies.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]));
}

/** The query parameters, from the input side of the schema that parses them: lists are comma-separated. */
function queryParameters(): Record<string, JsonSchema> {
  const query = z.toJSONSchema(apiQuerySchema, { target: "draft-2020-12", io: "input" }) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.fromEntries(
    Object.entries(query.properties).map(([name, { description, ...schema }]) => [
      name,
      {
        name,
        in: "query",
        required: query.required?.includes(name) ?? false,
        description,
        schema,
        ...(schema.type === "array" ? { style: "form", explode: false } : {}),
      },
    ]),
  );
}

function buildDocument(appUrl: string): JsonSchema {
  const registry = z.registry<{ id: string }>();
  for (const [table, name] of Object.entries(ROW_NAMES) as Array<[Table, string]>) registry.add(resultsReportSchema.shape[table].element, { id: name });
  registry.add(resultsReportSchema.shape.options, { id: "ReportOptions" });
  const responses = Object.fromEntries(
    (Object.keys(API_RESOURCES) as ApiResource[]).map((resource) => {
      const schema = apiResponseSchema(resource);
      const name = resource === "report" ? "ResultsReport" : `${pascal(resource)}Response`;
      registry.add(schema, { id: name });
      return [resource, name];
    }),
  ) as Record<ApiResource, string>;
  for (const [status, { name }] of Object.entries(ERRORS)) registry.add(apiErrorSchema(Number(status) as ErrorStatus), { id: `${name}Error` });

  const rateHeaders = Object.fromEntries(Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, ref("headers", name)]));
  const parameters = queryParameters();
  const tableOf = (resource: ApiResource) => API_RESOURCES[resource];
  const describe = (resource: ApiResource) => {
    const table = tableOf(resource);
    return table === null
      ? "The organisation's whole results report: the tables of every other resource, with the notes on how to read them."
      : `${resultsReportSchema.shape[table].description ?? ""} The rows are the report's \`${table satisfies keyof ResultsReport}\` table, under the report's heading (organisation, generatedAt, options, notes).`;
  };

  const paths: Record<string, unknown> = {};
  for (const resource of Object.keys(API_RESOURCES) as ApiResource[]) {
    paths[`/api/v1/${resource}`] = {
      get: {
        ...OPERATIONS[resource],
        description: describe(resource),
        tags: ["Results"],
        parameters: Object.keys(parameters).map((name) => ref("parameters", name)),
        responses: {
          200: {
            description: "The organisation's results, already suppressed by the anonymity rules: a hidden cell is a row with `suppressed: true` and null numbers.",
            headers: rateHeaders,
            content: { "application/json": { schema: ref("schemas", responses[resource]) } },
          },
          ...Object.fromEntries(OPERATION_ERRORS.map((status) => [status, ref("responses", ERRORS[status].name)])),
        },
      },
    };
  }
  paths[OPENAPI_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      description: "The API described as OpenAPI 3.1, generated from the schemas that validate it. Public: no token needed.",
      tags: ["About"],
      security: [],
      responses: {
        200: {
          description: "The OpenAPI document.",
          headers: {
            ETag: { description: "The document's version: send it back in If-None-Match.", schema: { type: "string" } },
            "Cache-Control": { description: "Cacheable by anyone for five minutes.", schema: { type: "string" } },
          },
          content: { "application/json": { schema: { type: "object", description: "An OpenAPI 3.1 document." } } },
        },
        304: { description: "The document has not changed since the ETag sent in If-None-Match." },
      },
    },
  };

  const errorHeaders: Partial<Record<ErrorStatus, Record<string, unknown>>> = {
    400: rateHeaders,
    401: { "WWW-Authenticate": ref("headers", "WWW-Authenticate") },
    403: rateHeaders,
    404: rateHeaders,
    405: { Allow: ref("headers", "Allow") },
    429: { ...rateHeaders, "Retry-After": ref("headers", "Retry-After") },
  };
  const integerHeader = (description: string) => ({ description, required: true, schema: { type: "integer", minimum: 0 } });

  return {
    openapi: "3.1.1",
    info: {
      title: "Candor results API",
      version: "1.0.0",
      summary: "An organisation's pulse results, CRM metrics and their correlations, read-only, for BI tools.",
      description: [
        "Read-only JSON over HTTPS for BI tools (Power BI, Tableau, Looker Studio): the same numbers as the results export, already suppressed by the anonymity rules.",
        `An admin creates a token on Admin → API tokens; send it as \`Authorization: Bearer candor_…\`. A token reads one organisation, at most ${API_RATE_LIMIT} requests a minute (the RateLimit-* headers say where it stands).`,
        'Errors are JSON `{ "error": { "status", "message" } }`. A path under /api/v1/ that is not listed here answers 404, and any method but GET answers 405 (components.responses).',
      ].join("\n\n"),
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: appUrl, description: "This Candor installation (its APP_URL)." }],
    security: [{ apiToken: [] }],
    tags: [
      { name: "Results", description: "The tables of the organisation's results report." },
      { name: "About", description: "The API itself." },
    ],
    paths,
    components: {
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "candor_<id>.<secret>",
          description: "An organisation's read-only API token (ADR 010): created and revoked by an admin on Admin → API tokens, shown once.",
        },
      },
      schemas: componentSchemas(registry),
      parameters,
      headers: {
        ...Object.fromEntries(Object.entries(RATE_LIMIT_HEADERS).map(([name, description]) => [name, integerHeader(description)])),
        "Retry-After": integerHeader("Seconds until the token may ask again."),
        "WWW-Authenticate": { description: 'How to authenticate: `Bearer realm="candor"`.', required: true, schema: { type: "string" } },
        Allow: { description: "The methods the API takes: GET.", required: true, schema: { type: "string", const: "GET" } },
      },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, { name, description }]) => [
          name,
          {
            description,
            headers: errorHeaders[Number(status) as ErrorStatus],
            content: { "application/json": { schema: ref("schemas", `${name}Error`) } },
          },
        ]),
      ),
    },
  };
}

const documents = new Map<string, { body: string; etag: string }>();

/** The document for an installation at `appUrl`, built once per process. */
export function openApiDocument(appUrl: string): { body: string; etag: string } {
  let document = documents.get(appUrl);
  if (!document) {
    const body = JSON.stringify(buildDocument(appUrl));
    // Weak: the compression middleware may send it gzipped, which is the same document.
    document = { body, etag: `W/"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 32)}"` };
    documents.set(appUrl, document);
  }
  return document;
}

/** The document as the answer to a GET: public, cacheable for five minutes, 304 when the caller has it. */
export function openApiResponse(appUrl: string, request: Request): Response {
  const { body, etag } = openApiDocument(appUrl);
  const headers = { "Cache-Control": "public, max-age=300", ETag: etag, "Access-Control-Allow-Origin": "*" };
  // If-None-Match compares weakly: W/"x" and "x" are the same version.
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const known = request.headers.get("if-none-match");
  if (known?.split(",").some((tag) => opaque(tag) === opaque(etag) || tag.trim() === "*")) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
