// The audit log in plain words (ADR 036): each action's name for the filter, and a sentence per entry,
// "Maria Admin changed the minimum group for scores from 5 to 7". Names come resolved by the service (people
// by their current name, or "an erased person"); this module only writes, in the reader's language: every
// word is a catalogue message (app/i18n/messages), said through the writer the service passes in.
import type { MessageKey } from "~/i18n/translate";
import type { AuditJson, AuditSource, AuditValues } from "./audit";
import { formatsFor } from "./format";
import { isRole } from "./roles";

/** What writes the log's words: the reader's translator and number and date styles. */
export interface AuditWriter {
  locale: string;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

/** Every action Candor records, by area, with its name in the filter. Unknown actions still show (by their code). */
export const AUDIT_ACTIONS: Record<string, { area: MessageKey; label: MessageKey }> = {
  "organisation.create": { area: "adminAudit.area.organisation", label: "adminAudit.action.organisationCreate" },
  "organisation.settings-change": { area: "adminAudit.area.organisation", label: "adminAudit.action.organisationSettingsChange" },
  "organisation.edmondson-change": { area: "adminAudit.area.organisation", label: "adminAudit.action.organisationEdmondsonChange" },
  "roster.import": { area: "adminAudit.area.people", label: "adminAudit.action.rosterImport" },
  "person.invite": { area: "adminAudit.area.people", label: "adminAudit.action.personInvite" },
  "person.add": { area: "adminAudit.area.people", label: "adminAudit.action.personAdd" },
  "person.admin-create": { area: "adminAudit.area.people", label: "adminAudit.action.personAdminCreate" },
  "person.invitation-resend": { area: "adminAudit.area.people", label: "adminAudit.action.personInvitationResend" },
  "person.rename": { area: "adminAudit.area.people", label: "adminAudit.action.personRename" },
  "person.role-change": { area: "adminAudit.area.people", label: "adminAudit.action.personRoleChange" },
  "person.language-change": { area: "adminAudit.area.people", label: "adminAudit.action.personLanguageChange" },
  "person.team-change": { area: "adminAudit.area.people", label: "adminAudit.action.personTeamChange" },
  "person.deactivate": { area: "adminAudit.area.people", label: "adminAudit.action.personDeactivate" },
  "person.reactivate": { area: "adminAudit.area.people", label: "adminAudit.action.personReactivate" },
  "person.erase": { area: "adminAudit.area.people", label: "adminAudit.action.personErase" },
  "person.data-export": { area: "adminAudit.area.people", label: "adminAudit.action.personDataExport" },
  "team.create": { area: "adminAudit.area.teams", label: "adminAudit.action.teamCreate" },
  "team.rename": { area: "adminAudit.area.teams", label: "adminAudit.action.teamRename" },
  "team.move": { area: "adminAudit.area.teams", label: "adminAudit.action.teamMove" },
  "team.manager-change": { area: "adminAudit.area.teams", label: "adminAudit.action.teamManagerChange" },
  "item.create": { area: "adminAudit.area.pulses", label: "adminAudit.action.itemCreate" },
  "item.retire": { area: "adminAudit.area.pulses", label: "adminAudit.action.itemRetire" },
  "item.restore": { area: "adminAudit.area.pulses", label: "adminAudit.action.itemRestore" },
  "item.translations-change": { area: "adminAudit.area.pulses", label: "adminAudit.action.itemTranslationsChange" },
  "program.create": { area: "adminAudit.area.pulses", label: "adminAudit.action.programCreate" },
  "program.change": { area: "adminAudit.area.pulses", label: "adminAudit.action.programChange" },
  "program.pause": { area: "adminAudit.area.pulses", label: "adminAudit.action.programPause" },
  "program.resume": { area: "adminAudit.area.pulses", label: "adminAudit.action.programResume" },
  "wave.close": { area: "adminAudit.area.pulses", label: "adminAudit.action.waveClose" },
  "history.import": { area: "adminAudit.area.pulses", label: "adminAudit.action.historyImport" },
  "play.create": { area: "adminAudit.area.playbook", label: "adminAudit.action.playCreate" },
  "play.change": { area: "adminAudit.area.playbook", label: "adminAudit.action.playChange" },
  "play.archive": { area: "adminAudit.area.playbook", label: "adminAudit.action.playArchive" },
  "play.restore": { area: "adminAudit.area.playbook", label: "adminAudit.action.playRestore" },
  "training.create": { area: "adminAudit.area.training", label: "adminAudit.action.trainingCreate" },
  "action-plan.create": { area: "adminAudit.area.actionPlans", label: "adminAudit.action.actionPlanCreate" },
  "action-plan.status-change": { area: "adminAudit.area.actionPlans", label: "adminAudit.action.actionPlanStatusChange" },
  "crm.import": { area: "adminAudit.area.crm", label: "adminAudit.action.crmImport" },
  "crm.owner-map": { area: "adminAudit.area.crm", label: "adminAudit.action.crmOwnerMap" },
  "crm.stage-map": { area: "adminAudit.area.crm", label: "adminAudit.action.crmStageMap" },
  "crm.currency-rate": { area: "adminAudit.area.crm", label: "adminAudit.action.crmCurrencyRate" },
  "crm.column-map": { area: "adminAudit.area.crm", label: "adminAudit.action.crmColumnMap" },
  "crm.connect": { area: "adminAudit.area.crm", label: "adminAudit.action.crmConnect" },
  "crm.disconnect": { area: "adminAudit.area.crm", label: "adminAudit.action.crmDisconnect" },
  "crm.snapshot-confirm": { area: "adminAudit.area.crm", label: "adminAudit.action.crmSnapshotConfirm" },
  "crm.snapshot-replace": { area: "adminAudit.area.crm", label: "adminAudit.action.crmSnapshotReplace" },
  "crm.snapshot-delete": { area: "adminAudit.area.crm", label: "adminAudit.action.crmSnapshotDelete" },
  "crm.snapshot-cancel": { area: "adminAudit.area.crm", label: "adminAudit.action.crmSnapshotCancel" },
  "api-token.create": { area: "adminAudit.area.apiExports", label: "adminAudit.action.apiTokenCreate" },
  "api-token.revoke": { area: "adminAudit.area.apiExports", label: "adminAudit.action.apiTokenRevoke" },
  "api-token.use": { area: "adminAudit.area.apiExports", label: "adminAudit.action.apiTokenUse" },
  "scim-token.create": { area: "adminAudit.area.scim", label: "adminAudit.action.scimTokenCreate" },
  "scim-token.revoke": { area: "adminAudit.area.scim", label: "adminAudit.action.scimTokenRevoke" },
  "person.email-change": { area: "adminAudit.area.people", label: "adminAudit.action.personEmailChange" },
  "team.remove-from-scim": { area: "adminAudit.area.teams", label: "adminAudit.action.teamRemoveFromScim" },
  "results.export": { area: "adminAudit.area.apiExports", label: "adminAudit.action.resultsExport" },
  "comment-theme.correct": { area: "adminAudit.area.pulses", label: "adminAudit.action.commentThemeCorrect" },
  "audit.export": { area: "adminAudit.area.apiExports", label: "adminAudit.action.auditExport" },
  "retention.settings-change": { area: "adminAudit.area.privacy", label: "adminAudit.action.retentionSettingsChange" },
  "retention.purge": { area: "adminAudit.area.privacy", label: "adminAudit.action.retentionPurge" },
  "sso.connection-create": { area: "adminAudit.area.signIn", label: "adminAudit.action.ssoConnectionCreate" },
  "sso.connection-change": { area: "adminAudit.area.signIn", label: "adminAudit.action.ssoConnectionChange" },
  "sso.connection-delete": { area: "adminAudit.area.signIn", label: "adminAudit.action.ssoConnectionDelete" },
  "sso.policy-change": { area: "adminAudit.area.signIn", label: "adminAudit.action.ssoPolicyChange" },
  "person.sso-create": { area: "adminAudit.area.people", label: "adminAudit.action.personSsoCreate" },
  "person.sso-link": { area: "adminAudit.area.people", label: "adminAudit.action.personSsoLink" },
  "chat.slack-connect": { area: "adminAudit.area.chat", label: "adminAudit.action.chatSlackConnect" },
  "chat.slack-disconnect": { area: "adminAudit.area.chat", label: "adminAudit.action.chatSlackDisconnect" },
  "chat.slack-match": { area: "adminAudit.area.chat", label: "adminAudit.action.chatSlackMatch" },
  "chat.teams-webhook-save": { area: "adminAudit.area.chat", label: "adminAudit.action.chatTeamsWebhookSave" },
  "chat.teams-webhook-remove": { area: "adminAudit.area.chat", label: "adminAudit.action.chatTeamsWebhookRemove" },
};

export const AUDIT_SOURCE_WORDS: Record<AuditSource, MessageKey> = {
  ui: "adminAudit.source.ui",
  csv: "adminAudit.source.csv",
  api: "adminAudit.source.api",
  scim: "adminAudit.source.scim",
  sso: "adminAudit.source.sso",
  cli: "adminAudit.source.cli",
  worker: "adminAudit.source.worker",
  demo: "adminAudit.source.demo",
};

/** What the target types are called in the filter. */
export const AUDIT_TARGET_TYPES: Record<string, MessageKey> = {
  person: "adminAudit.targetType.person",
  team: "adminAudit.targetType.team",
  organisation: "adminAudit.targetType.organisation",
  program: "adminAudit.targetType.program",
  wave: "adminAudit.targetType.wave",
  item: "adminAudit.targetType.item",
  play: "adminAudit.targetType.play",
  training: "adminAudit.targetType.training",
  "action-plan": "adminAudit.targetType.actionPlan",
  "comment-theme": "adminAudit.targetType.commentTheme",
  "crm-snapshot": "adminAudit.targetType.crmSnapshot",
  "crm-connection": "adminAudit.targetType.crmConnection",
  "api-token": "adminAudit.targetType.apiToken",
  "sso-connection": "adminAudit.targetType.ssoConnection",
  "scim-token": "adminAudit.targetType.scimToken",
};

/** A system part's name as the log shows it inside a sentence (the sentence's first letter is made capital). */
export function systemActorName(name: string, w: AuditWriter): string {
  switch (name) {
    case "cli":
      return w.t("adminAudit.system.cli");
    case "demo-seed":
      return w.t("adminAudit.system.demo");
    case "worker":
      return w.t("adminAudit.system.worker");
    default:
      return w.t("adminAudit.system.other", { name });
  }
}

/** One entry with its names resolved, as the sentence needs it. */
export interface AuditEntryWords {
  action: string;
  /** Who did it: a person's name, "the API token “BI”", "Candor's command line". */
  actorName: string;
  /** The target's name ("Bob Rep", "NA Enterprise", "an erased person"), or null without a target. */
  targetName: string | null;
  before: AuditValues | null;
  after: AuditValues | null;
  /** The target person's details in the entry, while held (null once forgotten or when there are none). */
  personal: { before: AuditValues | null; after: AuditValues | null } | null;
  /** Names of people the values mention by id (managerId, personId). */
  people: Readonly<Record<string, string>>;
}

const FIELD_WORDS: Record<string, MessageKey> = {
  name: "adminAudit.field.name",
  minGroupSize: "adminAudit.field.minGroupSize",
  minCommentGroupSize: "adminAudit.field.minCommentGroupSize",
  fiscalYearStartMonth: "adminAudit.field.fiscalYearStartMonth",
  timezone: "adminAudit.field.timezone",
  defaultLanguage: "adminAudit.field.defaultLanguage",
  language: "adminAudit.field.language",
  recentJoinDays: "adminAudit.field.recentJoinDays",
  cadence: "adminAudit.field.cadence",
  startsOn: "adminAudit.field.startsOn",
  openDays: "adminAudit.field.openDays",
  reminderDays: "adminAudit.field.reminderDays",
  items: "adminAudit.field.items",
  teams: "adminAudit.field.teams",
  includeSubteams: "adminAudit.field.includeSubteams",
  rotation: "adminAudit.field.rotation",
  title: "adminAudit.field.title",
  summary: "adminAudit.field.summary",
  dimensionKeys: "adminAudit.field.dimensionKeys",
  signals: "adminAudit.field.signals",
  managerDoes: "adminAudit.field.managerDoes",
  goodResult: "adminAudit.field.goodResult",
  retentionMonths: "adminAudit.field.retentionMonths",
  emailDomains: "adminAudit.field.emailDomains",
  enabled: "adminAudit.field.enabled",
  issuer: "adminAudit.field.issuer",
  clientId: "adminAudit.field.clientId",
  clientSecret: "adminAudit.field.clientSecret",
  idpEntityId: "adminAudit.field.idpEntityId",
  idpSsoUrl: "adminAudit.field.idpSsoUrl",
  idpCertificates: "adminAudit.field.idpCertificates",
  ssoRequired: "adminAudit.field.ssoRequired",
  ssoCreateAccounts: "adminAudit.field.ssoCreateAccounts",
};

/** English numbers as the log always wrote them ("1,234"); other languages in their own style. */
function numberText(value: number, w: AuditWriter): string {
  if (w.locale === "en") return value.toLocaleString("en-GB");
  return Number.isInteger(value) ? formatsFor(w.locale).count(value) : formatsFor(w.locale).number(value);
}

function text(value: AuditJson | undefined, w: AuditWriter): string {
  if (value === undefined || value === null || value === "") return w.t("adminAudit.none");
  if (typeof value === "boolean") return value ? w.t("adminAudit.yes") : w.t("adminAudit.no");
  if (typeof value === "number") return numberText(value, w);
  if (Array.isArray(value)) return value.length === 0 ? w.t("adminAudit.none") : value.map((v) => text(v, w)).join(", ");
  if (typeof value === "object") return "…";
  return value;
}

const quoted = (value: string, w: AuditWriter) => w.t("adminAudit.quoted", { text: value });

function monthName(month: number, w: AuditWriter): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  return new Intl.DateTimeFormat(w.locale === "en" ? "en-GB" : w.locale, { month: "long", timeZone: "UTC" }).format(Date.UTC(2026, month - 1, 1));
}

function fieldValue(field: string, value: AuditJson | undefined, w: AuditWriter): string {
  if (field === "fiscalYearStartMonth" && typeof value === "number") return monthName(value, w) ?? text(value, w);
  if ((field === "recentJoinDays" || field === "openDays") && typeof value === "number") return w.t("adminAudit.days", { count: value });
  if (field === "retentionMonths" && typeof value === "number") return w.t("adminAudit.months", { count: value });
  if (field === "startsOn" && typeof value === "string") return formatsFor(w.locale).date(value);
  if (typeof value === "string" && ["name", "title", "timezone", "cadence"].includes(field)) return quoted(value, w);
  if (typeof value === "string" && value.length > 80) return quoted(`${value.slice(0, 77)}…`, w);
  return text(value, w);
}

/** "the minimum group for scores from 5 to 7; the time zone from … to …" for every member that changed. */
export function describeChanges(before: AuditValues | null, after: AuditValues | null, w: AuditWriter): string {
  // Members that did not change (a name kept to say which thing changed) and ids (said by name elsewhere) are left out.
  const keys = Object.keys(after ?? {}).filter((k) => (FIELD_WORDS[k] !== undefined || !/Id$/.test(k)) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
  const parts = keys.map((k) => {
    const field = FIELD_WORDS[k] ? w.t(FIELD_WORDS[k]) : k;
    const from = before?.[k];
    const to = after?.[k];
    return from === undefined
      ? w.t("adminAudit.change.to", { field, to: fieldValue(k, to, w) })
      : w.t("adminAudit.change.fromTo", { field, from: fieldValue(k, from, w), to: fieldValue(k, to, w) });
  });
  return parts.length > 0 ? parts.join("; ") : w.t("adminAudit.nothingVisible");
}

const str = (value: AuditJson | undefined): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: AuditJson | undefined): number => (typeof value === "number" ? value : 0);

/** A role for a select message: its code, or its text when it is no role Candor has. */
const roleOf = (value: AuditJson | undefined, w: AuditWriter): string => (typeof value === "string" && isRole(value) ? value : text(value, w));

const ROSTER_COUNTS: Record<string, MessageKey> = {
  added: "adminAudit.roster.added",
  renamed: "adminAudit.roster.renamed",
  roleChanges: "adminAudit.roster.roleChanges",
  moved: "adminAudit.roster.moved",
  reactivated: "adminAudit.roster.reactivated",
  deactivated: "adminAudit.roster.deactivated",
  newTeams: "adminAudit.roster.newTeams",
  teamMoves: "adminAudit.roster.teamMoves",
  managerChanges: "adminAudit.roster.managerChanges",
};

function rosterCounts(values: AuditValues | null, w: AuditWriter): string {
  const parts = Object.entries(ROSTER_COUNTS)
    .filter(([k]) => num(values?.[k]) > 0)
    .map(([k, key]) => w.t(key, { count: num(values?.[k]) }));
  return parts.length > 0 ? parts.join(", ") : w.t("adminAudit.nothingChanged");
}

/** The entry as one sentence, beginning with who did it. */
export function describeAuditEntry(e: AuditEntryWords, w: AuditWriter): string {
  const sentence = sentenceOf(e, w);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function sentenceOf(e: AuditEntryWords, w: AuditWriter): string {
  const { t } = w;
  const date = (value: AuditJson | undefined) => formatsFor(w.locale).date(str(value));
  const who = e.actorName;
  const target = e.targetName ?? t("adminAudit.something");
  const before = e.before ?? {};
  const after = e.after ?? {};
  const person = (id: AuditJson | undefined) => (typeof id === "string" ? (e.people[id] ?? t("adminAudit.erasedPerson")) : t("adminAudit.nobody"));
  const changes = () => describeChanges(e.before, e.after, w);
  switch (e.action) {
    case "organisation.create":
      return t("adminAudit.s.organisationCreate", { who, name: fieldValue("name", after.name, w) });
    case "organisation.settings-change":
    case "retention.settings-change":
      return t("adminAudit.s.changed", { who, changes: changes() });
    case "organisation.edmondson-change":
      return t("adminAudit.s.edmondson", { who, on: after.edmondsonEnabled ? "yes" : "no" });
    case "roster.import":
      return t("adminAudit.s.rosterImport", { who, counts: rosterCounts(e.after, w) });
    case "person.invite":
    case "person.add": {
      const team = str(after.team);
      const invited = e.action === "person.invite" ? "invite" : "add";
      return team
        ? t("adminAudit.s.personJoinedTeam", { who, target, how: invited, role: roleOf(after.role, w), team })
        : t("adminAudit.s.personJoined", { who, target, how: invited, role: roleOf(after.role, w) });
    }
    case "person.admin-create":
      return t("adminAudit.s.adminCreate", { who, target });
    case "person.invitation-resend":
      return t("adminAudit.s.invitationResend", { who, target });
    case "person.rename": {
      const from = str(e.personal?.before?.name);
      return from ? t("adminAudit.s.personRenameFrom", { who, from, to: str(e.personal?.after?.name) ?? target }) : t("adminAudit.s.personRename", { who, target });
    }
    case "person.role-change":
      return t("adminAudit.s.roleChange", { who, target, from: roleOf(before.role, w), to: roleOf(after.role, w) });
    case "person.team-change": {
      const from = str(before.team);
      const to = str(after.team);
      if (from && to) return t("adminAudit.s.teamChangeFromTo", { who, target, from, to });
      if (to) return t("adminAudit.s.teamChangeTo", { who, target, to });
      return from ? t("adminAudit.s.teamChangeOut", { who, target, from }) : t("adminAudit.s.teamChangeOutOfTheirs", { who, target });
    }
    case "person.deactivate":
      return t("adminAudit.s.deactivate", { who, target });
    case "person.reactivate":
      return t("adminAudit.s.reactivate", { who, target });
    case "person.erase":
      return t("adminAudit.s.erase", { who, target });
    case "person.data-export":
      return t("adminAudit.s.dataExport", { who, target });
    case "team.create": {
      const parent = str(after.parent);
      const name = str(after.name) ?? target;
      return parent ? t("adminAudit.s.teamCreateUnder", { who, name, parent }) : t("adminAudit.s.teamCreate", { who, name });
    }
    case "team.rename":
      return t("adminAudit.s.teamRename", { who, from: str(before.name) ?? "?", to: str(after.name) ?? target });
    case "team.move":
      return t("adminAudit.s.teamMove", {
        who,
        name: str(after.name) ?? target,
        parent: str(after.parent) ?? "",
        where: str(after.parent) ? "under" : "top",
        was: str(before.parent) ? "yes" : "no",
        before: str(before.parent) ?? "",
      });
    case "team.manager-change":
      return after.managerId
        ? t("adminAudit.s.managerSet", { who, person: person(after.managerId), team: str(after.name) ?? target })
        : t("adminAudit.s.managerNone", { who, team: str(after.name) ?? target });
    case "item.create":
      return t("adminAudit.s.itemCreate", { who, code: str(after.code) ?? target, text: str(after.text) ?? "" });
    case "item.retire":
      return t("adminAudit.s.itemRetire", { who, code: str(after.code) ?? target });
    case "item.restore":
      return t("adminAudit.s.itemRestore", { who, code: str(after.code) ?? target });
    case "program.create":
      return t("adminAudit.s.programCreate", {
        who,
        name: fieldValue("name", after.name ?? target, w),
        cadence: str(after.cadence) ?? "?",
        teams: Array.isArray(after.teams) ? after.teams.length : 0,
      });
    case "program.change":
      return t("adminAudit.s.programChange", { who, target, changes: changes() });
    case "program.pause":
      return t("adminAudit.s.programPause", { who, target });
    case "program.resume":
      return t("adminAudit.s.programResume", { who, target });
    case "wave.close":
      return t("adminAudit.s.waveClose", { who, date: date(after.periodStart), program: fieldValue("name", after.program ?? t("adminAudit.aPulseProgram"), w) });
    case "history.import":
      return t("adminAudit.s.historyImport", { who, program: fieldValue("name", after.program ?? target, w), responses: num(after.responses), waves: num(after.waves) });
    case "play.create":
      return t("adminAudit.s.playCreate", { who, title: fieldValue("title", after.title ?? target, w) });
    case "play.change":
      return t("adminAudit.s.playChange", { who, title: fieldValue("title", before.title ?? target, w), changes: changes() });
    case "play.archive":
      return t("adminAudit.s.playArchive", { who, title: fieldValue("title", after.title ?? target, w) });
    case "play.restore":
      return t("adminAudit.s.playRestore", { who, title: fieldValue("title", after.title ?? target, w) });
    case "training.create":
      return t("adminAudit.s.trainingCreate", {
        who,
        name: fieldValue("name", after.name ?? target, w),
        date: date(after.heldOn),
        managers: Array.isArray(after.managerIds) ? after.managerIds.length : 0,
      });
    case "action-plan.create":
      return t("adminAudit.s.actionPlanCreate", { who, team: str(after.team) ?? t("adminAudit.aTeam"), date: date(after.reviewOn) });
    case "action-plan.status-change":
      return t("adminAudit.s.actionPlanStatus", { who, to: text(after.status, w), from: text(before.status, w) });
    case "crm.import":
      return t("adminAudit.s.crmImport", { who, preview: after.status === "preview" ? "yes" : "no", rows: num(after.rows), date: date(after.asOf), skipped: num(after.skipped) });
    case "crm.snapshot-confirm":
      return t("adminAudit.s.snapshotConfirm", { who, date: date(after.asOf), rows: num(after.rows), replaces: str(after.replacesAsOf) ? date(after.replacesAsOf) : "none" });
    case "crm.snapshot-replace":
      return t("adminAudit.s.snapshotReplace", { who, date: date(before.asOf), rows: num(before.rows), by: date(after.replacedByAsOf) });
    case "crm.snapshot-delete":
      return t("adminAudit.s.snapshotDelete", { who, date: date(before.asOf), rows: num(before.rows) });
    case "crm.snapshot-cancel":
      return t("adminAudit.s.snapshotCancel", { who, date: date(before.asOf), rows: num(before.rows) });
    case "crm.owner-map": {
      const owner = str(e.personal?.after?.crmOwner);
      if (!after.personId) return t("adminAudit.s.ownerNobody", { who });
      return owner ? t("adminAudit.s.ownerMap", { who, owner, target }) : t("adminAudit.s.ownerMapAny", { who, target });
    }
    case "crm.stage-map":
      return t("adminAudit.s.stageMap", { who, stage: str(after.stage) ?? "?", status: text(after.status, w) });
    case "crm.currency-rate":
      return after.rate === null
        ? t("adminAudit.s.rateRemove", { who, currency: text(after.currency, w) })
        : t("adminAudit.s.rateSet", { who, currency: text(after.currency, w), rate: text(after.rate, w) });
    case "crm.column-map":
      return t("adminAudit.s.columnMap", { who });
    case "crm.connect":
      return t("adminAudit.s.crmConnect", { who, provider: text(after.provider, w), account: text(after.account, w), via: text(after.via, w) });
    case "crm.disconnect":
      return t("adminAudit.s.crmDisconnect", { who, provider: text(before.provider, w), account: text(before.account, w) });
    case "api-token.create":
      return t("adminAudit.s.apiTokenCreate", { who, name: fieldValue("name", after.name ?? target, w) });
    case "api-token.revoke":
    case "scim-token.revoke":
      return t("adminAudit.s.revoke", { who, target });
    case "api-token.use":
      return t("adminAudit.s.apiTokenUse", { who, resource: text(after.firstResource, w) });
    case "scim-token.create":
      return t("adminAudit.s.scimTokenCreate", { who, name: fieldValue("name", after.name ?? target, w) });
    case "person.email-change":
      return t("adminAudit.s.emailChange", { who, target });
    case "team.remove-from-scim":
      return t("adminAudit.s.scimGroupDelete", { who, target, members: num(after.membersRemoved) });
    case "comment-theme.correct":
      return t("adminAudit.s.themeCorrect", {
        who,
        themes: Array.isArray(after.themes) && after.themes.length > 0 ? after.themes.map((theme) => text(theme, w)).join(", ") : t("adminAudit.none"),
        sentiment: text(after.sentiment, w),
      });
    case "results.export":
      return t("adminAudit.s.resultsExport", { who, format: text(after.format, w).toUpperCase() });
    case "audit.export":
      return t("adminAudit.s.auditExport", { who, format: text(after.format, w).toUpperCase() });
    case "retention.purge":
      return t("adminAudit.s.purge", { who, date: date(after.before) });
    case "sso.connection-create":
      return t("adminAudit.s.ssoCreate", { who, name: fieldValue("name", after.name ?? target, w) });
    case "sso.connection-change":
      return t("adminAudit.s.ssoChange", { who, target, changes: changes() });
    case "sso.connection-delete":
      return t("adminAudit.s.ssoDelete", { who, name: fieldValue("name", before.name ?? target, w) });
    case "sso.policy-change": {
      const rules = changes();
      const nothing = t("adminAudit.nothingVisible");
      const breakGlass = "personId" in after ? t("adminAudit.change.breakGlass", { from: person(before.personId), to: person(after.personId) }) : null;
      return t("adminAudit.s.changed", { who, changes: [rules === nothing ? null : rules, breakGlass].filter(Boolean).join("; ") || rules });
    }
    case "person.sso-create":
      return t("adminAudit.s.personSsoCreate", { target, connection: text(after.connection, w) });
    case "person.sso-link":
      return t("adminAudit.s.personSsoLink", { target, connection: text(after.connection, w) });
    default: {
      const label = AUDIT_ACTIONS[e.action] ? t(AUDIT_ACTIONS[e.action]!.label) : e.action;
      return e.targetName ? t("adminAudit.s.otherAbout", { who, label, target: e.targetName }) : t("adminAudit.s.other", { who, label });
    }
  }
}
