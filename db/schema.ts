import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { Role } from "../app/domain/roles";

// Table types in TypeScript's camelCase; the CamelCasePlugin maps them to PostgreSQL's snake_case.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A PostgreSQL `date`, always the string 'YYYY-MM-DD'. */
type DateString = string;

export type { Role };

export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  minGroupSize: Generated<number>;
  minCommentGroupSize: Generated<number>;
  fiscalYearStartMonth: Generated<number>;
  timezone: Generated<string>;
  currency: Generated<string>;
  createdAt: Generated<Date>;
}

export interface PersonTable {
  id: Generated<string>;
  organisationId: string;
  email: string;
  name: string;
  role: Role;
  active: Generated<boolean>;
  passwordHash: string | null;
  passwordChangedAt: NullableTimestamp;
  deactivatedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface TeamTable {
  id: Generated<string>;
  organisationId: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  createdAt: Generated<Date>;
}

export interface TeamMembershipTable {
  id: Generated<string>;
  organisationId: string;
  personId: string;
  teamId: string;
  validFrom: DateString;
  validTo: DateString | null;
}

export interface SessionTable {
  id: string;
  secretHash: Uint8Array;
  organisationId: string;
  personId: string;
  expiresAt: Timestamp;
  createdAt: Generated<Date>;
}

export type AuthTokenPurpose = "invitation" | "password_reset";

export interface AuthTokenTable {
  id: string;
  secretHash: Uint8Array;
  organisationId: string;
  personId: string;
  purpose: AuthTokenPurpose;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface LoginFailureTable {
  id: Generated<number>;
  keyHash: string;
  failedAt: Generated<Date>;
}

export interface DB {
  organisation: OrganisationTable;
  person: PersonTable;
  team: TeamTable;
  teamMembership: TeamMembershipTable;
  session: SessionTable;
  authToken: AuthTokenTable;
  loginFailure: LoginFailureTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type PersonRow = Selectable<PersonTable>;
export type TeamRow = Selectable<TeamTable>;
