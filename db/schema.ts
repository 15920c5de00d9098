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
  edmondsonEnabled: Generated<boolean>;
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

export type ItemScale = "agree7" | "nps11" | "text";
export type InstrumentSource = "default" | "edmondson" | "custom";
export type Cadence = "weekly" | "biweekly" | "monthly" | "quarterly" | "once";

export interface DimensionTable {
  id: Generated<string>;
  organisationId: string;
  key: string;
  name: string;
  description: Generated<string>;
  higherIsBetter: Generated<boolean>;
  source: InstrumentSource;
  position: Generated<number>;
}

export interface ItemTable {
  id: Generated<string>;
  organisationId: string;
  code: string;
  dimensionKey: string | null;
  text: string;
  reverseKeyed: Generated<boolean>;
  scale: ItemScale;
  source: InstrumentSource;
  position: Generated<number>;
  retiredAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface PulseProgramTable {
  id: Generated<string>;
  organisationId: string;
  name: string;
  cadence: Cadence;
  startsOn: DateString;
  openDays: number;
  reminderDays: ColumnType<number[], number[] | undefined, number[]>;
  active: Generated<boolean>;
  source: Generated<"scheduled" | "history">;
  createdAt: Generated<Date>;
}

export interface PulseProgramItemTable {
  programId: string;
  itemId: string;
  position: number;
}

export interface PulseProgramTeamTable {
  programId: string;
  teamId: string;
  includeSubteams: Generated<boolean>;
}

export interface WaveTable {
  id: Generated<string>;
  organisationId: string;
  programId: string;
  periodStart: DateString;
  opensAt: Timestamp;
  closesAt: Timestamp;
  status: "open" | "closed";
  minGroupSize: number;
  minCommentGroupSize: number;
  closedAt: NullableTimestamp;
  sealed: Generated<boolean>;
}

export interface WaveItemTable {
  waveId: string;
  itemId: string;
  position: number;
}

export interface WaveAudienceTable {
  waveId: string;
  personId: string;
  teamId: string;
}

export interface WaveLinkTable {
  id: string;
  secretHash: Uint8Array;
  waveId: string;
  personId: string;
}

export interface ParticipationTable {
  waveId: string;
  personId: string;
  answeredOn: DateString | null;
}

export interface WaveReminderTable {
  waveId: string;
  day: number;
  sentCount: Generated<number>;
}

export interface ResponseTable {
  id: Generated<string>;
  waveId: string;
  teamId: string;
  submittedWeek: DateString;
  editKeyHash: Uint8Array | null;
}

export interface AnswerTable {
  responseId: string;
  itemId: string;
  value: number | null;
  comment: string | null;
}

export interface DB {
  organisation: OrganisationTable;
  person: PersonTable;
  team: TeamTable;
  teamMembership: TeamMembershipTable;
  session: SessionTable;
  authToken: AuthTokenTable;
  loginFailure: LoginFailureTable;
  dimension: DimensionTable;
  item: ItemTable;
  pulseProgram: PulseProgramTable;
  pulseProgramItem: PulseProgramItemTable;
  pulseProgramTeam: PulseProgramTeamTable;
  wave: WaveTable;
  waveItem: WaveItemTable;
  waveAudience: WaveAudienceTable;
  waveLink: WaveLinkTable;
  participation: ParticipationTable;
  waveReminder: WaveReminderTable;
  response: ResponseTable;
  answer: AnswerTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type NewOrganisationRow = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type PersonRow = Selectable<PersonTable>;
export type TeamRow = Selectable<TeamTable>;
