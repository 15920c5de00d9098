/**
 * The columns an import loads into a CRM snapshot's table, in load order: the one list from which the
 * binary COPY encoder (db/crm-copy.ts), the COPY and INSERT column lists and PGlite's batched inserts
 * (db/crm-staging.ts) are all derived. The table is created at run time `like crm_opportunity`, so its DDL
 * is migration 0015's (frozen): tests/integration/crm-columns.test.ts checks that the migrated table has
 * exactly these columns, types and nullability, after the two that the snapshot's table fills by default.
 */
import type { Opportunity } from "../app/domain/crm/opportunity";

/** One row of a CRM file, validated: the canonical opportunity (app/domain/crm/opportunity.ts; README, "CRM data"). */
export type StagedOpportunity = Opportunity;

/** How a column's value goes into binary COPY (db/copy-binary.ts); `sqlType` as PostgreSQL's format_type names it. */
type ColumnOf<SqlType extends string, Value> = {
  name: string;
  sqlType: SqlType;
  nullable: boolean;
  /** The value of a row read from `line` of the file. */
  value: (row: StagedOpportunity, line: number) => Value;
};

export type OpportunityColumn =
  | ({ encoding: "text" } & ColumnOf<"text", string | null>)
  | ({ encoding: "numeric" } & ColumnOf<"numeric(18,2)" | "numeric(5,2)", number | null>)
  /** A date as 'YYYY-MM-DD'. */
  | ({ encoding: "date" } & ColumnOf<"date", string | null>)
  | ({ encoding: "int4" } & ColumnOf<"integer", number | null>);

const text = (name: string, nullable: boolean, value: (row: StagedOpportunity) => string | null): OpportunityColumn => ({
  name,
  sqlType: "text",
  nullable,
  encoding: "text",
  value,
});
const date = (name: string, value: (row: StagedOpportunity) => string | null): OpportunityColumn => ({ name, sqlType: "date", nullable: true, encoding: "date", value });

/** The columns of crm_opportunity that an import writes, in the order it writes them. */
export const OPPORTUNITY_COLUMNS: readonly OpportunityColumn[] = [
  text("crm_id", false, (r) => r.crmId),
  text("name", true, (r) => r.name),
  text("account_name", true, (r) => r.accountName),
  text("owner", false, (r) => r.owner),
  text("stage", false, (r) => r.stage),
  text("status", false, (r) => r.status),
  { name: "amount", sqlType: "numeric(18,2)", nullable: true, encoding: "numeric", value: (r) => r.amount },
  text("currency", true, (r) => r.currency),
  date("close_date", (r) => r.closeDate),
  date("created_date", (r) => r.createdDate),
  text("forecast_category", true, (r) => r.forecastCategory),
  { name: "probability", sqlType: "numeric(5,2)", nullable: true, encoding: "numeric", value: (r) => r.probability },
  text("next_step", true, (r) => r.nextStep),
  date("last_activity_date", (r) => r.lastActivityDate),
  { name: "line", sqlType: "integer", nullable: true, encoding: "int4", value: (_, line) => line },
];

/**
 * The columns an import does not write, before the loaded ones in the table: the snapshot's table gives
 * them as defaults (the snapshot's and organisation's ids), which spares COPY two uuids a row.
 */
export const DEFAULTED_COLUMNS = [
  { name: "snapshot_id", sqlType: "uuid", nullable: false },
  { name: "organisation_id", sqlType: "uuid", nullable: false },
] as const;

/** The loaded columns' names, in load order. */
export const OPPORTUNITY_COLUMN_NAMES: readonly string[] = OPPORTUNITY_COLUMNS.map((c) => c.name);

/** A row's values in load order, as query parameters (PGlite's batched inserts). */
export function opportunityValues(row: StagedOpportunity, line: number): Array<string | number | null> {
  return OPPORTUNITY_COLUMNS.map((c) => c.value(row, line));
}
