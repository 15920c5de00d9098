import type { ColumnType, Generated, Selectable } from "kysely";
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
  /** Joins to a team this many days before a wave opens are shown next to its results (0–90). */
  recentJoinDays: Generated<number>;
  /** Raw answers and comments of waves closed more than this many months ago are deleted (3–120; null: kept). */
  retentionMonths: number | null;
  /** People must sign in through an SSO connection; passwords are refused except the break-glass admin's (ADR 042). */
  ssoRequired: Generated<boolean>;
  /** Someone an SSO connection vouches for, with no account yet, gets one (a rep in no team) on first sign-in. */
  ssoCreateAccounts: Generated<boolean>;
  ssoBreakGlassPersonId: string | null;
  /** The language of its people who chose none and whose browser asks for none Candor has (migration 0038). */
  defaultLanguage: Generated<string>;
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
  /** Set when the person was erased: the row is a tombstone ("Erased person") that keeps references whole. */
  erasedAt: NullableTimestamp;
  /** The person's own language (a tag of app/domain/locales.ts); null follows the browser, then the organisation. */
  language: string | null;
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

export type MembershipEventKind = "joined" | "left";
/** Through what a membership changed: the admin's people pages, a roster import, the CLI, the demo seed or SCIM provisioning. */
export type MembershipSource = "admin" | "roster-import" | "cli" | "demo" | "scim";

/** Append-only: a person became ('joined') or stopped being ('left') an active member of a team. */
export interface TeamMembershipEventTable {
  /** Identity: the order the events were recorded in. */
  id: Generated<number>;
  organisationId: string;
  teamId: string;
  personId: string;
  kind: MembershipEventKind;
  /** Who made the change; null when no signed-in person did (the CLI, the demo seed). */
  actorId: string | null;
  source: MembershipSource;
  occurredAt: ColumnType<Date, Date, never>;
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

/** An organisation's identity provider (ADR 042): OpenID Connect or SAML, for the email domains it covers. */
export interface SsoConnectionTable {
  id: Generated<string>;
  organisationId: string;
  kind: "oidc" | "saml";
  name: string;
  /** Lowercase, without "@". */
  emailDomains: string[];
  enabled: Generated<boolean>;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  /** Sealed under the server's secret key (app/auth/secret-box.server.ts); never stored plain. */
  oidcClientSecretSealed: Uint8Array | null;
  samlIdpEntityId: string | null;
  samlIdpSsoUrl: string | null;
  /** PEM, one or more. */
  samlIdpCertificates: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastTestedAt: NullableTimestamp;
}

/** A SAML assertion a connection accepted, kept until it expires: each is accepted once (ADR 043). */
export interface SamlAssertionUseTable {
  connectionId: string;
  assertionId: string;
  usedAt: Timestamp;
  expiresAt: Timestamp;
}

/** A person's account at a provider (OIDC `sub`, SAML NameID), tied on their first SSO sign-in. */
export interface SsoIdentityTable {
  id: Generated<string>;
  organisationId: string;
  connectionId: string;
  personId: string;
  subject: string;
  createdAt: Timestamp;
  lastSignInAt: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  organisationId: string;
  name: string;
  secretHash: Uint8Array;
  createdBy: string | null;
  createdAt: Generated<Date>;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

/** A SCIM bearer token (ADR 044): like an API token, with its rate window on the row. */
export interface ScimTokenTable {
  id: string;
  organisationId: string;
  name: string;
  secretHash: Uint8Array;
  createdBy: string | null;
  createdAt: Generated<Date>;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  windowStart: NullableTimestamp;
  windowRequests: Generated<number>;
}

/** What SCIM knows of a person beyond Candor's columns (names them: erasure deletes it). */
export interface ScimUserTable {
  personId: string;
  organisationId: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  updatedAt: Timestamp;
  /** When a provider deleted the person over SCIM (they were deactivated); null while they are a SCIM User. */
  deletedAt: NullableTimestamp;
}

/** A team as a SCIM group: its externalId, and when the provider deleted the group. */
export interface ScimGroupTable {
  teamId: string;
  organisationId: string;
  externalId: string | null;
  deletedAt: NullableTimestamp;
}

/** One request a provider sent to /scim/v2, for the admin page (bounded; no passwords, no headers). */
export interface ScimRequestTable {
  id: Generated<number>;
  organisationId: string;
  tokenId: string | null;
  occurredAt: Timestamp;
  method: string;
  path: string;
  status: number;
  personId: string | null;
  received: ColumnType<unknown | null, string | null, never>;
  outcome: string;
}

export interface ApiRateWindowTable {
  tokenId: string;
  windowStart: Timestamp;
  requests: number;
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
  managerText: string | null;
  /** Translations of a custom or Edmondson item's text: language tag → text (migration 0038). */
  translations: ColumnType<Record<string, string>, Record<string, string> | string | undefined, Record<string, string> | string>;
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
  /** Whether each wave asks a rotating subset of the items (migration 0035, ADR 052). */
  rotation: Generated<boolean>;
  /** The seed the rotation plan is rebuilt from (app/domain/rotation.ts). */
  rotationSeed: Generated<number>;
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

/** What a form that creates something created, under the key the form carried (a repeat gets the first answer). */
export interface FormSubmissionTable {
  organisationId: string;
  kind: FormSubmissionKind;
  key: string;
  personId: string | null;
  resultId: string;
  createdAt: Generated<Date>;
}

export type FormSubmissionKind = "program" | "action-plan" | "invitation" | "api-token" | "play" | "team" | "cohort" | "scim-token" | "sso-connection";

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
  aggregated: Generated<boolean>;
  /** The organisation's recent join window when the wave opened (set by the database, then locked). */
  recentJoinDays: Generated<number>;
  /** When retention deleted the wave's responses and answers (its aggregates and results stay). */
  rawDeletedAt: NullableTimestamp;
  /** The rotation slot whose items the wave asked (ADR 052); null when it asked every item of its program. */
  rotationSlot: ColumnType<number | null, number | null | undefined, number | null>;
}

/** How many erased people a wave asked and how many of them took part: their participation rows are gone. */
export interface WaveErasedParticipationTable {
  waveId: string;
  invited: Generated<number>;
  answered: Generated<number>;
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
  /**
   * Whether the person took part (asked for a ballot signature, or sent the form without JavaScript): set
   * when the wave closes, from the holders in ballot_issuance (ADR 021). No day.
   */
  answered: Generated<boolean>;
}

/** Who has a ballot signature in an open wave, without saying who: emptied when the wave closes (ADR 021). */
export interface BallotIssuanceTable {
  waveId: string;
  /** HMAC-SHA-256 of (wave, person) under a key derived from the server's secret key. */
  holder: Uint8Array;
  /** SHA-256 of the blinded message signed for this holder (the same request again gets the same answer). */
  requestHash: Uint8Array;
  /** The day in the organisation's time zone, for the rounded count of an open wave. */
  issuedOn: DateString;
  /** The language of the page the rep asked from (ADR 058); null when not said. Counted at close, then deleted with the row. */
  language: string | null;
}

/** Per-language counts of a closed wave's signatures (ADR 058): no team, no day, no person. 'und': not said. */
export interface WaveLanguageCountTable {
  waveId: string;
  language: string;
  responses: number;
}

/** One RSA key pair per (wave, team) asked: its signatures make ballots (ADR 021). */
export interface BallotKeyTable {
  waveId: string;
  teamId: string;
  /** SubjectPublicKeyInfo, DER. */
  publicKey: Uint8Array;
  /** PKCS #8 DER sealed under the server's secret key (app/auth/secret-box.server.ts); null once the wave has closed. */
  privateKey: Uint8Array | null;
}

export type MailPurpose = "pulse-invitation" | "pulse-reminder" | "self-assessment-invitation" | "self-assessment-reminder" | "results-published";
export type MailStatus = "pending" | "sending" | "sent" | "failed" | "unmatched";
/** Where a message of a wave goes (migration 0029): an email, a Slack direct message, a post to a team's Teams channel. */
export type DeliveryChannel = "email" | "slack" | "teams";

/** A message a wave sends, on any channel, and what became of it (migrations 0023 and 0029). */
export interface MailDeliveryTable {
  id: Generated<string>;
  organisationId: string;
  waveId: string;
  purpose: MailPurpose;
  /** Null for a pulse reminder (who is reminded is who has not answered, never stored) and a Teams channel post. */
  personId: string | null;
  teamId: string | null;
  day: Generated<number>;
  status: MailStatus;
  attempts: Generated<number>;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  channel: Generated<DeliveryChannel>;
  /** Not tried again before this (a 429's Retry-After, a 5xx's backoff); null: the email schedule (10 minutes a try). */
  nextAttemptAt: NullableTimestamp;
}

/** An organisation's Slack workspace (migration 0029, ADR 047). */
export interface SlackConnectionTable {
  organisationId: string;
  workspaceId: string;
  workspaceName: string;
  botUserId: string | null;
  /** Sealed under the server's secret key (app/auth/secret-box.server.ts); never stored plain. */
  botTokenSealed: Uint8Array;
  scopes: string[];
  installedVia: "oauth" | "token";
  status: "connected" | "broken";
  problem: string | null;
  connectedBy: string | null;
  connectedAt: Date;
  updatedAt: Date;
}

/** An organisation's connection to Salesforce, HubSpot or Pipedrive (migration 0032, ADR 049). */
export interface CrmConnectionTable {
  id: string;
  organisationId: string;
  provider: CrmProvider;
  authKind: "oauth" | "token" | "jwt";
  accountLabel: string;
  /** The credentials as JSON, sealed under the server's secret key with the connection's id as context. */
  credentialsSealed: Uint8Array;
  scopes: Generated<string[]>;
  status: "connected" | "broken";
  problem: string | null;
  weekly: Generated<boolean>;
  period: Generated<CrmPullPeriod>;
  connectedBy: string | null;
  connectedAt: Date;
  updatedAt: Date;
}

export type CrmProvider = "salesforce" | "hubspot" | "pipedrive";
export type CrmPullPeriod = "quarter" | "month" | "none";
export type CrmPullStatus = "queued" | "running" | "waiting" | "done" | "failed";

/** One pull of a connection into one snapshot (migration 0032). */
export interface CrmPullTable {
  id: string;
  connectionId: string;
  organisationId: string;
  dueKey: string;
  status: CrmPullStatus;
  attempts: Generated<number>;
  notBefore: Date;
  heartbeatAt: Date | null;
  records: Generated<number>;
  providerJob: string | null;
  result: ColumnType<unknown | null, string | null | undefined, string | null>;
  problem: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A person's chat settings: the channel they chose, and their Slack user once their email matched one. */
export interface ChatMemberTable {
  personId: string;
  organisationId: string;
  channel: Generated<"email" | "slack" | "both">;
  slackUserId: string | null;
  slackStatus: "matched" | "not-found" | null;
  slackCheckedAt: NullableTimestamp;
  updatedAt: Date;
}

/** A team's Microsoft Teams channel, reached through a Workflows webhook (migration 0029). */
export interface TeamsWebhookTable {
  teamId: string;
  organisationId: string;
  /** Sealed under the server's secret key: the URL itself is the credential. */
  urlSealed: Uint8Array;
  urlHost: string;
  status: "connected" | "broken";
  problem: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WaveReminderTable {
  waveId: string;
  day: number;
  sentCount: Generated<number>;
  managerSentCount: Generated<number>;
}

export interface SelfAssessmentTable {
  waveId: string;
  teamId: string;
  organisationId: string;
  managerId: string;
  submittedAt: NullableTimestamp;
  updatedAt: NullableTimestamp;
}

export interface SelfAssessmentAnswerTable {
  waveId: string;
  teamId: string;
  itemId: string;
  value: number;
}

export interface ResponseTable {
  id: Generated<string>;
  waveId: string;
  teamId: string;
  /** SHA-256 of the ballot's token while the wave is open; null once sealed. */
  ballotHash: Uint8Array | null;
  /** While the wave is open, the answers (same position, same answer); moved into `answer` rows when it closes. */
  pendingItemIds: string[] | null;
  pendingValues: Array<number | null> | null;
  pendingComments: Array<string | null> | null;
  /** SHA-256 of "candor-thread-v1\0" and the ballot's token: its comment's conversation (ADR 054); kept when sealed. */
  threadKey: Uint8Array | null;
}

/** A message about a response's comment (ADR 054): in order, no time; a rep's names nobody. */
export interface ConversationMessageTable {
  responseId: string;
  position: number;
  writer: "team" | "rep";
  /** The manager or enablement person who wrote a team message (null for the rep's, or once erased). */
  personId: string | null;
  /** Null only for a rep's closing. */
  body: string | null;
  closes: Generated<boolean>;
}

export interface AnswerTable {
  responseId: string;
  itemId: string;
  value: number | null;
  comment: string | null;
}

/** A comment's themes and sentiment (migration 0036, ADR 053): the tagger's, and enablement's correction. */
export interface CommentThemeTable {
  id: Generated<string>;
  waveId: string;
  responseId: string;
  itemId: string;
  machineThemes: string[];
  machineSentiment: string;
  correctedThemes: string[] | null;
  correctedSentiment: string | null;
  correctedBy: string | null;
  correctedAt: NullableTimestamp;
}

export interface WaveTeamStatsTable {
  waveId: string;
  teamId: string;
  responses: number;
  enpsN: number;
  promoters: number;
  detractors: number;
  comments: number;
}

export interface WaveTeamDimensionStatsTable {
  waveId: string;
  teamId: string;
  dimensionKey: string;
  n: number;
  sum: number;
  sumsq: number;
  completeN: number;
  completeTotalSum: number;
  completeTotalSumsq: number;
}

export interface WaveTeamItemStatsTable {
  waveId: string;
  teamId: string;
  itemId: string;
  n: number;
  sum: number;
  sumsq: number;
  completeN: number;
  completeSum: number;
  completeSumsq: number;
}

/** The team tree as it was when a wave closed: what its results' groups are made of. */
export interface WaveTeamTable {
  waveId: string;
  teamId: string;
  parentId: string | null;
}

export interface WaveGroupResultTable {
  waveId: string;
  kind: "responses" | "dimension" | "item" | "enps" | "comments";
  key: string;
  groupId: string;
  n: number;
  shown: boolean;
  reason: string | null;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  alpha: number | null;
  rwgJ: number | null;
  sum: number | null;
  sumsq: number | null;
}

export interface CrmSnapshotTable {
  id: Generated<string>;
  organisationId: string;
  source: "salesforce" | "hubspot" | "pipedrive" | "generic" | "hubspot-api";
  fileName: string;
  contentSha256: string;
  asOf: DateString;
  rowCount: number;
  skippedRows: ColumnType<unknown, string | undefined, string>;
  encoding: string;
  dateOrder: string | null;
  importedBy: string | null;
  importedAt: Generated<Date>;
  /** 'preview' waits for the admin's confirmation and feeds no metric; 'counted' feeds them (ADR 051). */
  status: Generated<CrmSnapshotStatus>;
  countedAt: Date | null;
  countedBy: string | null;
}

export type CrmSnapshotStatus = "preview" | "counted";

export interface CrmOpportunityTable {
  snapshotId: string;
  organisationId: string;
  crmId: string;
  name: string | null;
  accountName: string | null;
  owner: string;
  stage: string;
  status: "open" | "won" | "lost";
  amount: number | null;
  currency: string | null;
  closeDate: DateString | null;
  createdDate: DateString | null;
  forecastCategory: string | null;
  probability: number | null;
  nextStep: string | null;
  lastActivityDate: DateString | null;
  /** The deal's line in the uploaded file (null for rows stored before migration 0015). */
  line: number | null;
}

export interface CrmOwnerMappingTable {
  organisationId: string;
  ownerKey: string;
  personId: string | null;
  ignored: Generated<boolean>;
}

export interface CrmStageMappingTable {
  organisationId: string;
  stageKey: string;
  status: "open" | "won" | "lost";
}

export interface CrmColumnMappingTable {
  organisationId: string;
  headerKey: string;
  mapping: ColumnType<Record<string, string>, string, string>;
}

export interface CrmCurrencyRateTable {
  organisationId: string;
  currency: string;
  rate: number;
}

export interface ActionPlanTable {
  id: Generated<string>;
  organisationId: string;
  teamId: string;
  /** The wave whose results prompted the plan. */
  waveId: string;
  dimensionKey: string;
  action: string;
  owner: string;
  reviewOn: DateString;
  status: ColumnType<"open" | "done" | "dropped", "open" | "done" | "dropped" | undefined, "open" | "done" | "dropped">;
  outcomeNote: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface PlayTable {
  id: Generated<string>;
  organisationId: string;
  /** Unique per organisation: Candor's default plays keep theirs, custom ones get `custom-…`. */
  key: string;
  title: string;
  summary: string;
  dimensionKeys: ColumnType<string[], string[] | undefined, string[]>;
  /** Result and CRM signals the play addresses (see app/domain/playbook.ts). */
  signals: ColumnType<string[], string[] | undefined, string[]>;
  managerDoes: string;
  cadence: string;
  goodResult: string;
  source: ColumnType<"candor" | "custom", "candor" | "custom" | undefined, "candor" | "custom">;
  archivedAt: NullableTimestamp;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface TrainingCohortTable {
  id: Generated<string>;
  organisationId: string;
  name: string;
  heldOn: DateString;
  dimensionKeys: string[];
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface TrainingParticipantTable {
  cohortId: string;
  personId: string;
}

export type AuditActorKind = "person" | "api-token" | "scim-token" | "system";
/** Through what an audited change came: a page, a CSV file, the API, SCIM, the CLI, the job worker or the demo seed. */
export type AuditSource = "ui" | "csv" | "api" | "scim" | "sso" | "cli" | "worker" | "demo";

/** The head of an organisation's audit chain (ADR 036): locked by every append. */
export interface AuditChainTable {
  organisationId: string;
  lastSeq: number;
  lastHash: string;
}

/** Append-only (ADR 036): one audited action, chained to the one before it by `hash`. */
export interface AuditEntryTable {
  organisationId: string;
  /** 1, 2, 3, … per organisation (bigint, read as a number like every int8). */
  seq: ColumnType<number, number, never>;
  occurredAt: ColumnType<Date, Date, never>;
  actorKind: AuditActorKind;
  /** The person's or API token's id, or the system part's name. */
  actorId: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  source: AuditSource | null;
  before: ColumnType<unknown | null, string | null, never>;
  after: ColumnType<unknown | null, string | null, never>;
  /** [{personId, digest}] of the entry's personal details (audit_personal_detail). */
  personal: ColumnType<{ personId: string; digest: string }[], string, never>;
  prevHash: string;
  hash: string;
}

/** A person's details in one audit entry, outside the chain (its digest is in it): deleted when they are erased. */
export interface AuditPersonalDetailTable {
  organisationId: string;
  seq: ColumnType<number, number, never>;
  personId: string;
  salt: string;
  data: ColumnType<unknown, string, never>;
}

export interface DB {
  organisation: OrganisationTable;
  person: PersonTable;
  team: TeamTable;
  teamMembership: TeamMembershipTable;
  teamMembershipEvent: TeamMembershipEventTable;
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
  waveErasedParticipation: WaveErasedParticipationTable;
  waveReminder: WaveReminderTable;
  mailDelivery: MailDeliveryTable;
  slackConnection: SlackConnectionTable;
  chatMember: ChatMemberTable;
  teamsWebhook: TeamsWebhookTable;
  response: ResponseTable;
  conversationMessage: ConversationMessageTable;
  ballotKey: BallotKeyTable;
  ballotIssuance: BallotIssuanceTable;
  waveLanguageCount: WaveLanguageCountTable;
  answer: AnswerTable;
  commentTheme: CommentThemeTable;
  /** View: the answers of every response, open (on the response row) or closed (`answer` rows). */
  responseAnswer: AnswerTable;
  selfAssessment: SelfAssessmentTable;
  selfAssessmentAnswer: SelfAssessmentAnswerTable;
  waveTeamStats: WaveTeamStatsTable;
  waveTeamDimensionStats: WaveTeamDimensionStatsTable;
  waveTeamItemStats: WaveTeamItemStatsTable;
  waveGroupResult: WaveGroupResultTable;
  waveTeam: WaveTeamTable;
  crmSnapshot: CrmSnapshotTable;
  crmConnection: CrmConnectionTable;
  crmPull: CrmPullTable;
  ssoConnection: SsoConnectionTable;
  ssoIdentity: SsoIdentityTable;
  samlAssertionUse: SamlAssertionUseTable;
  apiToken: ApiTokenTable;
  apiRateWindow: ApiRateWindowTable;
  scimToken: ScimTokenTable;
  scimUser: ScimUserTable;
  scimGroup: ScimGroupTable;
  scimRequest: ScimRequestTable;
  crmOpportunity: CrmOpportunityTable;
  crmOwnerMapping: CrmOwnerMappingTable;
  crmStageMapping: CrmStageMappingTable;
  crmColumnMapping: CrmColumnMappingTable;
  crmCurrencyRate: CrmCurrencyRateTable;
  actionPlan: ActionPlanTable;
  trainingCohort: TrainingCohortTable;
  trainingParticipant: TrainingParticipantTable;
  play: PlayTable;
  formSubmission: FormSubmissionTable;
  auditChain: AuditChainTable;
  auditEntry: AuditEntryTable;
  auditPersonalDetail: AuditPersonalDetailTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type PersonRow = Selectable<PersonTable>;
export type SsoConnectionRow = Selectable<SsoConnectionTable>;
export type TeamRow = Selectable<TeamTable>;
