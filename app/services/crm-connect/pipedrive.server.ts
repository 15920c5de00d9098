/**
 * Pipedrive (ADR 049): deals from `/api/v1/deals` (500 a page, `additional_data.pagination` with
 * `more_items_in_collection` and `next_start`), every stage of every pipeline from `/api/v1/stages`, and users
 * from `/api/v1/users` for their emails, written as Pipedrive's deal export.
 */
import type { ProviderHttp } from "./http.server";
import { cell, csvPieces, day, exportHeader, type CrmPuller, type PreparedPull } from "./pull.server";

const HEADER = exportHeader("pipedrive", [
  "crmId",
  "name",
  "accountName",
  "owner",
  "status",
  "stage",
  "amount",
  "currency",
  "closeDate",
  "createdDate",
  "wonTime",
  "lostTime",
  "nextStep",
  "lastActivityDate",
  "probability",
]);

interface Answer<T> {
  success: boolean;
  data: T[] | null;
  additional_data?: { pagination?: { start: number; limit: number; more_items_in_collection: boolean; next_start?: number } };
}

interface Deal {
  id: number;
  title: string | null;
  value: number | null;
  currency: string | null;
  status: "open" | "won" | "lost" | "deleted";
  stage_id: number | null;
  user_id: number | { id: number; email?: string; name?: string } | null;
  org_name?: string | null;
  org_id?: { name?: string } | number | null;
  add_time: string | null;
  expected_close_date: string | null;
  won_time: string | null;
  lost_time: string | null;
  next_activity_date: string | null;
  last_activity_date: string | null;
  probability: number | null;
}

async function* pages<T>(http: ProviderHttp, url: (start: number) => string): AsyncGenerator<T> {
  let start: number | undefined = 0;
  while (start !== undefined) {
    const answer: Answer<T> = await http.json<Answer<T>>(url(start));
    yield* answer.data ?? [];
    const pagination = answer.additional_data?.pagination;
    start = pagination?.more_items_in_collection ? pagination.next_start : undefined;
  }
}

export const pipedrive: CrmPuller = {
  async check({ http, baseUrl }) {
    const me = await http.json<{ data: { company_name?: string; company_domain?: string } }>(`${baseUrl}/api/v1/users/me`);
    await http.json(`${baseUrl}/api/v1/deals?limit=1`);
    return { label: me.data.company_name || me.data.company_domain || "Pipedrive" };
  },

  async prepare({ http, baseUrl }): Promise<PreparedPull> {
    const stageNames = new Map<number, string>();
    for await (const s of pages<{ id: number; name: string }>(http, (start) => `${baseUrl}/api/v1/stages?start=${start}&limit=500`)) stageNames.set(s.id, s.name);
    const emails = new Map<number, string>();
    const users = await http.json<{ data: Array<{ id: number; email: string; name: string }> | null }>(`${baseUrl}/api/v1/users`);
    for (const u of users.data ?? []) emails.set(u.id, u.email || u.name);
    async function* rows(): AsyncGenerator<string[]> {
      for await (const d of pages<Deal>(http, (start) => `${baseUrl}/api/v1/deals?status=all_not_deleted&sort=id%20ASC&start=${start}&limit=500`)) {
        const userId = typeof d.user_id === "object" && d.user_id ? d.user_id.id : d.user_id;
        const owner = (userId !== null && emails.get(userId)) || (typeof d.user_id === "object" && d.user_id ? (d.user_id.email ?? d.user_id.name ?? "") : cell(userId));
        const org = d.org_name ?? (typeof d.org_id === "object" && d.org_id ? d.org_id.name : null);
        yield [
          String(d.id),
          cell(d.title),
          cell(org),
          owner,
          d.status,
          d.stage_id !== null ? (stageNames.get(d.stage_id) ?? String(d.stage_id)) : "",
          cell(d.value),
          cell(d.currency),
          day(d.expected_close_date),
          day(d.add_time),
          day(d.won_time),
          day(d.lost_time),
          day(d.next_activity_date),
          day(d.last_activity_date),
          cell(d.probability),
        ];
      }
    }
    return { format: "pipedrive", source: csvPieces(HEADER, rows()), via: "Pipedrive API" };
  },
};
