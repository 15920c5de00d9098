import fs from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { API_RATE_LIMIT } from "../../app/auth/api-tokens.server";
import { API_RESOURCES } from "../../app/http/api.server";
import { OPENAPI_PATH, openApiDocument } from "../../app/http/openapi.server";
import * as resourceRoute from "../../app/routes/api.v1.$resource";
import * as documentRoute from "../../app/routes/api.v1.openapi[.]json";
import { createApiToken, revokeApiToken } from "../../app/services/api-tokens.server";
import { DEMO_LOGINS, DEMO_ORG_SLUG, seedDemoHistory } from "../../app/services/demo/seed.server";
import { sessionCookieFor } from "../factories/organisation";
import { userOf } from "../factories/pulse";
import { callRoute, type CallResult } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// The API described (issue 23, part 6; ADR 040): the OpenAPI document at /api/v1/openapi.json is valid
// OpenAPI 3.1, lists every route under /api/v1, and every answer the API really gives — each resource on
// the seeded demo organisation, and each error — matches the document's schema and headers.

type Json = Record<string, unknown>;
const APP_URL = "http://candor.test"; // tests/support/test-db.ts's APP_URL
const documentOf = (appUrl = APP_URL) => JSON.parse(openApiDocument(appUrl).body) as Json;

/** The object a `$ref` inside the document points at (one level or more), or the object itself. */
function resolve(document: Json, node: Json): Json {
  let current = node;
  while (typeof current.$ref === "string") {
    const pointer = current.$ref;
    expect(pointer.startsWith("#/"), `a reference outside the document: ${pointer}`).toBe(true);
    current = pointer
      .slice(2)
      .split("/")
      .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], document) as Json;
    expect(current, `${pointer} resolves`).toBeDefined();
  }
  return current;
}

/** Ajv for JSON Schema 2020-12 (OpenAPI 3.1's dialect), strict, formats checked, the document's components loaded. */
function schemaChecker(document: Json) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const components = (document.components as { schemas: Json }).schemas;
  // "#/components/schemas/X" is a reference into the document: the components go under one schema's $defs.
  const base = "https://candor.test/openapi.json";
  const rewrite = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${base}#/$defs/`)) as Json;
  ajv.addSchema({ $id: base, $defs: rewrite(components) });
  return {
    ajv,
    compile: (schema: Json): ValidateFunction => ajv.compile(rewrite(schema)),
  };
}

/** The route files of app/routes as the URLs they answer (flat routes: `.` separates, `[.]` is a dot, `$x` a parameter). */
function routeUrls(files: readonly string[]): Array<{ file: string; segments: string[] }> {
  return files.map((file) => {
    const stem = file.replace(/(\/route)?\.(tsx?|jsx?)$/, "");
    const segments = [""];
    let literal = false;
    for (const c of stem) {
      if (c === "[") literal = true;
      else if (c === "]") literal = false;
      else if (c === "." && !literal) segments.push("");
      else segments[segments.length - 1] += c;
    }
    return { file, segments: segments.filter((s) => s !== "_index" && !s.startsWith("_")).map((s) => s.replace(/_$/, "")) };
  });
}

/** Every concrete path under /api/v1 that the route files answer; a parameter the test cannot list fails it. */
function apiV1Paths(files: readonly string[]): string[] {
  const paths: string[] = [];
  for (const { file, segments } of routeUrls(files)) {
    if (segments[0] !== "api") continue;
    expect(segments[1], `${file}: a route under /api that is not /api/v1`).toBe("v1");
    const values = segments.map((segment) => {
      if (segment === "$resource") return Object.keys(API_RESOURCES);
      if (segment.startsWith("$")) throw new Error(`${file}: the parameter ${segment} takes which values? List them here and in the OpenAPI document.`);
      return [segment];
    });
    let expanded = [""];
    for (const options of values) expanded = expanded.flatMap((prefix) => options.map((value) => `${prefix}/${value}`));
    paths.push(...expanded);
  }
  return paths.sort();
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 (the official schema), and a broken copy is not", async () => {
    const document = documentOf();
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The check can fail: a response without its description, and a parameter in no place, are refused.
    const broken = structuredClone(document) as { paths: Record<string, { get: { responses: Record<string, Json> } }>; components: { parameters: Record<string, Json> } };
    delete broken.paths["/api/v1/enps"]!.get.responses["200"]!.description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
    const misplaced = structuredClone(document) as typeof broken;
    misplaced.components.parameters.period!.in = "body";
    expect((await new Validator().validate(misplaced)).valid).toBe(false);
  });

  it("its schemas are valid JSON Schema 2020-12, and every reference resolves", () => {
    const document = documentOf();
    const { compile } = schemaChecker(document);
    const components = document.components as { schemas: Record<string, Json>; parameters: Record<string, Json>; headers: Record<string, Json> };
    // Ajv checks each schema against the 2020-12 meta-schema (strict: unknown keywords and formats fail).
    for (const [name, schema] of Object.entries(components.schemas)) expect(() => compile(schema), name).not.toThrow();
    for (const [name, parameter] of Object.entries(components.parameters)) expect(() => compile(parameter.schema as Json), name).not.toThrow();
    for (const [name, header] of Object.entries(components.headers)) expect(() => compile(header.schema as Json), name).not.toThrow();
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) resolve(document, { $ref: ref });
  });

  it("names this installation's APP_URL as its server, the bearer tokens as its security, and the rate-limit headers", () => {
    const document = documentOf("https://candor.example.com");
    expect(document.openapi).toBe("3.1.1");
    expect(document.servers).toEqual([{ url: "https://candor.example.com", description: expect.any(String) }]);
    expect(document.security).toEqual([{ apiToken: [] }]);
    expect((document.components as Json).securitySchemes).toEqual({ apiToken: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "candor_<id>.<secret>" }) });
    const paths = document.paths as Record<string, { get: { security?: unknown; parameters?: Json[]; responses: Record<string, Json> } }>;
    for (const resource of Object.keys(API_RESOURCES)) {
      const get = paths[`/api/v1/${resource}`]!.get;
      expect(get.security, resource).toBeUndefined();
      expect(get.parameters!.map((p) => resolve(document, p).name)).toEqual(["organisation", "period", "metrics", "lags"]);
      expect(Object.keys(get.responses).sort()).toEqual(["200", "400", "401", "403", "429"]);
      expect(Object.keys(get.responses["200"]!.headers as Json)).toEqual(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]);
      expect(Object.keys(resolve(document, get.responses["429"]!).headers as Json)).toEqual(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"]);
    }
    // The document itself is public.
    expect(paths[OPENAPI_PATH]!.get.security).toEqual([]);
    // The query's schema is the one that parses it: lists are comma-separated arrays of their allowed values.
    const parameters = (document.components as { parameters: Record<string, Json> }).parameters;
    expect(parameters.metrics).toMatchObject({
      in: "query",
      style: "form",
      explode: false,
      schema: { type: "array", default: ["winRate"], items: { enum: expect.arrayContaining(["winRate", "forecastBias"]) } },
    });
    expect(parameters.lags).toMatchObject({ schema: { type: "array", default: ["0", "1"], items: { type: "string", pattern: "^[0-3]$" } } });
    expect(parameters.period).toMatchObject({ schema: { enum: ["quarter", "month", "fiscal-quarter"], default: "quarter" } });
  });

  it("lists every route under /api/v1, and a route added without it fails this test", () => {
    const files = fs.readdirSync(new URL("../../app/routes", import.meta.url));
    const documented = Object.keys(documentOf().paths as Json).sort();
    expect(apiV1Paths(files)).toEqual(documented);
    expect(documented).toContain(OPENAPI_PATH);
    expect(apiV1Paths([...files, "api.v1.people.ts"])).not.toEqual(documented);
    expect(apiV1Paths([...files, "api.v1.export[.]csv.ts"])).toContain("/api/v1/export.csv");
    expect(() => apiV1Paths([...files, "api.v1.teams.$teamId.ts"])).toThrow(/\$teamId takes which values/);
  });
});

describeWithDb("the API's real answers match its OpenAPI document", (t) => {
  const document = documentOf();
  const { compile } = schemaChecker(document);
  const validators = new Map<Json, ValidateFunction>();
  let token: string;

  const call = (path: string, headers: Record<string, string> = {}, method = "GET"): Promise<CallResult> => {
    const resource = path.split("?")[0]!.split("/")[3]!;
    return callRoute((method === "GET" ? resourceRoute.loader : resourceRoute.action) as never, { app: t.app, path, method, params: { resource }, headers });
  };
  const bearer = () => ({ Authorization: `Bearer ${token}` });

  /** Checks an answer against the document's response object: status, body schema and every header it names. */
  function expectMatches(result: CallResult, response: Json, what: string): Json {
    const resolved = resolve(document, response);
    const schema = resolve(document, (resolved.content as Record<string, { schema: Json }>)["application/json"]!.schema);
    let validate = validators.get(schema);
    if (!validate) validators.set(schema, (validate = compile(schema)));
    const body = JSON.parse(result.data as string) as Json;
    expect(validate(body) ? [] : validate.errors, what).toEqual([]);
    expect(result.headers.get("content-type"), what).toMatch(/^application\/json/);
    for (const [name, header] of Object.entries((resolved.headers ?? {}) as Record<string, Json>)) {
      const { required, schema: headerSchema } = resolve(document, header) as { required?: boolean; schema: Json };
      const value = result.headers.get(name);
      if (value === null) {
        expect(required, `${what}: header ${name}`).not.toBe(true);
        continue;
      }
      const checkHeader = compile(headerSchema);
      const typed = headerSchema.type === "integer" ? Number(value) : value;
      expect(checkHeader(typed) ? [] : checkHeader.errors, `${what}: header ${name}: ${value}`).toEqual([]);
    }
    return body;
  }
  const operation = (resource: string) => (document.paths as Record<string, { get: { responses: Record<string, Json> } }>)[`/api/v1/${resource}`]!.get;
  const componentResponse = (name: string) => (document.components as { responses: Record<string, Json> }).responses[name]!;

  beforeAll(async () => {
    // The demo organisation, seeded as `npm start` does: closed waves, hidden teams, CRM snapshots, self-assessments.
    const { organisation } = await seedDemoHistory(t.app);
    const admin = await t.app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", DEMO_LOGINS.admin).executeTakeFirstOrThrow();
    expect(admin.organisationId).toBe(organisation.id);
    const user = await userOf(t.app, { cookie: await sessionCookieFor(t.app, admin) });
    token = (await createApiToken(t.app, user, "OpenAPI check")).token;
  }, 240_000);

  for (const resource of Object.keys(API_RESOURCES)) {
    it(`GET /api/v1/${resource}: 200 with rows, as the document says`, async () => {
      const result = await call(`/api/v1/${resource}`, bearer());
      expect(result.status).toBe(200);
      const body = expectMatches(result, operation(resource).responses["200"]!, resource);
      // Every table has rows on the demo, so each row schema is really exercised.
      const tables = resource === "report" ? ["teamScores", "enps", "reliability", "metrics", "correlations", "gaps"].map((k) => body[k]) : [body.data];
      for (const rows of tables) expect((rows as unknown[]).length).toBeGreaterThan(0);
      expect(Number(result.headers.get("RateLimit-Limit"))).toBe(API_RATE_LIMIT);
    });
  }

  it("with every option set, the report and its rows still match (suppressed and shown rows alike)", async () => {
    const result = await call("/api/v1/report?period=month&metrics=winRate,forecastBias,commitAccuracy&lags=0,1,2,3", bearer());
    expect(result.status).toBe(200);
    const body = expectMatches(result, operation("report").responses["200"]!, "report with options") as { options: Json; teamScores: Array<{ suppressed: boolean }> };
    expect(body.options).toEqual({ period: "month", metrics: ["winRate", "forecastBias", "commitAccuracy"], lags: [0, 1, 2, 3] });
    expect(body.teamScores.some((r) => r.suppressed)).toBe(true);
    expect(body.teamScores.some((r) => !r.suppressed)).toBe(true);
  });

  it("a row with an undocumented field, or a wrong type, does not match: the check can fail", async () => {
    const result = await call("/api/v1/team-scores", bearer());
    const body = JSON.parse(result.data as string) as { data: Json[] };
    const schema = resolve(document, (resolve(document, operation("team-scores").responses["200"]!).content as Record<string, { schema: Json }>)["application/json"]!.schema);
    const validate = compile(schema);
    expect(validate(body)).toBe(true);
    const extra = structuredClone(body);
    extra.data[0]!.respondentIds = ["someone"];
    expect(validate(extra)).toBe(false);
    const wrongType = structuredClone(body);
    wrongType.data[0]!.suppressed = "no";
    expect(validate(wrongType)).toBe(false);
  });

  it("errors: 400, 401 (none, wrong, revoked), 403, 404, 405 and 429 answer with the document's bodies and headers", async () => {
    const responses = operation("correlations").responses;
    const invalid = await call("/api/v1/correlations?lags=9&metrics=nope", bearer());
    expect(invalid.status).toBe(400);
    expect(expectMatches(invalid, responses["400"]!, "400")).toEqual({
      error: { status: 400, message: expect.any(String), fields: { lags: "lags must be whole numbers from 0 to 3", metrics: expect.stringMatching(/^metrics must be among/) } },
    });

    const admin = await t.app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", DEMO_LOGINS.admin).executeTakeFirstOrThrow();
    const user = await userOf(t.app, { cookie: await sessionCookieFor(t.app, admin) });
    const revoked = await createApiToken(t.app, user, "revoked");
    await revokeApiToken(t.app, user, revoked.id);
    for (const [how, headers] of [
      ["no token", {}],
      ["a wrong token", { Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}` }],
      ["a revoked token", { Authorization: `Bearer ${revoked.token}` }],
    ] as const) {
      const unauthorized = await call("/api/v1/correlations", headers);
      expect(unauthorized.status, how).toBe(401);
      expectMatches(unauthorized, responses["401"]!, `401 with ${how}`);
    }

    const elsewhere = await call(`/api/v1/correlations?organisation=not-${DEMO_ORG_SLUG}`, bearer());
    expect(elsewhere.status).toBe(403);
    expectMatches(elsewhere, responses["403"]!, "403");

    const missing = await call("/api/v1/people", bearer());
    expect(missing.status).toBe(404);
    expectMatches(missing, componentResponse("NotFound"), "404");

    const write = await call("/api/v1/report", bearer(), "POST");
    expect(write.status).toBe(405);
    expectMatches(write, componentResponse("MethodNotAllowed"), "405");
    const writeDocument = await callRoute(documentRoute.action as never, { app: t.app, path: OPENAPI_PATH, method: "POST" });
    expect(writeDocument.status).toBe(405);
    expectMatches(writeDocument, componentResponse("MethodNotAllowed"), "405 on the document");

    // The rate: a token of its own, over the limit with cheap 404s; the remaining count goes down to 0.
    const busy = (await createApiToken(t.app, user, "busy")).token;
    let last: CallResult | undefined;
    const remaining: number[] = [];
    for (let i = 0; i <= API_RATE_LIMIT; i++) {
      last = await call("/api/v1/nothing", { Authorization: `Bearer ${busy}` });
      remaining.push(Number(last.headers.get("RateLimit-Remaining")));
    }
    expect(remaining.slice(0, 3)).toEqual([API_RATE_LIMIT - 1, API_RATE_LIMIT - 2, API_RATE_LIMIT - 3]);
    expect(remaining.at(-1)).toBe(0);
    expect(last!.status).toBe(429);
    expectMatches(last!, responses["429"]!, "429");
    expect(Number(last!.headers.get("Retry-After"))).toBe(Number(last!.headers.get("RateLimit-Reset")));
  });

  it(`is served at ${OPENAPI_PATH} without a token: public, cacheable, 304 when unchanged`, async () => {
    const served = await callRoute(documentRoute.loader as never, { app: t.app, path: OPENAPI_PATH });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(served.headers.get("cache-control")).toBe("public, max-age=300");
    expect(served.headers.get("access-control-allow-origin")).toBe("*");
    expect(JSON.parse(served.data as string)).toEqual(document);
    const etag = served.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]{32}"$/);
    for (const known of [etag, etag.slice(2), `"other", ${etag}`]) {
      const again = await callRoute(documentRoute.loader as never, { app: t.app, path: OPENAPI_PATH, headers: { "If-None-Match": known } });
      expect(again.status, known).toBe(304);
      expect(again.data).toBe("");
    }
    const changed = await callRoute(documentRoute.loader as never, { app: t.app, path: OPENAPI_PATH, headers: { "If-None-Match": 'W/"older"' } });
    expect(changed.status).toBe(200);
  });
});
