import { http, HttpResponse } from "msw";

// msw handlers that behave like Pipedrive's API v1: `{success, data, additional_data: {pagination}}` with
// `more_items_in_collection` and `next_start`, deals with the owner as an object, the API token in the
// x-api-token header, and `{success: false, error, errorCode}` when it is refused.

export const PIPEDRIVE_TOKEN = "0123456789abcdef0123456789abcdef01234567";

export interface FakePipedrive {
  deals: Array<Record<string, unknown>>;
  stages: Array<{ id: number; name: string; pipeline_id: number; pipeline_name: string }>;
  users: Array<{ id: number; name: string; email: string }>;
  requests: string[];
}

export function pipedriveHandlers(fake: FakePipedrive) {
  const base = "https://api.pipedrive.com/api/v1";
  const refused = () => HttpResponse.json({ success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" }, { status: 401 });
  const ok = (request: Request) => request.headers.get("x-api-token") === PIPEDRIVE_TOKEN;
  const paged = <T>(items: T[], request: Request) => {
    const url = new URL(request.url);
    const start = Number(url.searchParams.get("start") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 100);
    const more = start + limit < items.length;
    return HttpResponse.json({
      success: true,
      data: items.slice(start, start + limit),
      additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } },
    });
  };
  return [
    http.get(`${base}/users/me`, ({ request }) =>
      ok(request) ? HttpResponse.json({ success: true, data: { id: 1, name: "Ada Admin", company_name: "Acme GmbH", company_domain: "acme" } }) : refused(),
    ),
    http.get(`${base}/users`, ({ request }) => (ok(request) ? HttpResponse.json({ success: true, data: fake.users.map((u) => ({ ...u, active_flag: true })) }) : refused())),
    http.get(`${base}/stages`, ({ request }) => (ok(request) ? paged(fake.stages, request) : refused())),
    http.get(`${base}/deals`, ({ request }) => {
      fake.requests.push(request.url);
      return ok(request) ? paged(fake.deals, request) : refused();
    }),
  ];
}
