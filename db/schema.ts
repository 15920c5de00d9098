import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// Table types in TypeScript's camelCase; the CamelCasePlugin maps them to PostgreSQL's snake_case.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  minGroupSize: Generated<number>;
  minCommentGroupSize: Generated<number>;
  fiscalYearStartMonth: Generated<number>;
  timezone: Generated<string>;
  currency: Generated<string>;
  createdAt: Timestamp;
}

export interface DB {
  organisation: OrganisationTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
