// The audit log in plain words (ADR 036): each action's name for the filter, and a sentence per entry,
// "Maria Admin changed the minimum group for scores from 5 to 7". Names come resolved by the service (people
// by their current name, or "an erased person"); this module only writes.
import type { AuditJson, AuditSource, AuditValues } from "./audit";
import { formatDate } from "./format";
import { MONTH_NAMES } from "./organisation-settings";
import { plural } from "./plural";
import { ROLE_LABELS, isRole } from "./roles";

/** Every action Candor records, by area, with its name in the filter. Unknown actions still show (by their code). */
export const AUDIT_ACTIONS: Record<string, { area: string; label: string }> = {
  "organisation.create": { area: "Organisation", label: "Organisation created" },
  "organisation.settings-change": { area: "Organisation", label: "Settings and thresholds changed" },
  "organisation.edmondson-change": { area: "Organisation", label: "Edmondson's items switched" },
  "roster.import": { area: "People", label: "Roster imported" },
  "person.invite": { area: "People", label: "Person invited" },
  "person.add": { area: "People", label: "Person added" },
  "person.admin-create": { area: "People", label: "Admin created (command line)" },
  "person.invitation-resend": { area: "People", label: "Invitation sent again" },
  "person.rename": { area: "People", label: "Person renamed" },
  "person.role-change": { area: "People", label: "Role changed" },
  "person.team-change": { area: "People", label: "Moved to another team" },
  "person.language-change": { area: "People", label: "Language changed" },
  "person.deactivate": { area: "People", label: "Person deactivated" },
  "person.reactivate": { area: "People", label: "Person reactivated" },
  "person.erase": { area: "People", label: "Person erased" },
  "person.data-export": { area: "People", label: "Person's data downloaded" },
  "team.create": { area: "Teams", label: "Team created" },
  "team.rename": { area: "Teams", label: "Team renamed" },
  "team.move": { area: "Teams", label: "Team moved" },
  "team.manager-change": { area: "Teams", label: "Team manager changed" },
  "item.create": { area: "Pulses", label: "Question added" },
  "item.retire": { area: "Pulses", label: "Question retired" },
  "item.restore": { area: "Pulses", label: "Question brought back" },
  "program.create": { area: "Pulses", label: "Pulse program created" },
  "program.change": { area: "Pulses", label: "Pulse program changed" },
  "program.pause": { area: "Pulses", label: "Pulse program paused" },
  "program.resume": { area: "Pulses", label: "Pulse program resumed" },
  "wave.close": { area: "Pulses", label: "Wave closed early" },
  "history.import": { area: "Pulses", label: "Past results imported" },
  "play.create": { area: "Playbook", label: "Play added" },
  "play.change": { area: "Playbook", label: "Play changed" },
  "play.archive": { area: "Playbook", label: "Play archived" },
  "play.restore": { area: "Playbook", label: "Play brought back" },
  "training.create": { area: "Training", label: "Training recorded" },
  "action-plan.create": { area: "Action plans", label: "Action plan written" },
  "action-plan.status-change": { area: "Action plans", label: "Action plan marked" },
  "crm.import": { area: "CRM", label: "CRM export imported" },
  "crm.owner-map": { area: "CRM", label: "CRM owner mapped" },
  "crm.stage-map": { area: "CRM", label: "CRM stage mapped" },
  "crm.currency-rate": { area: "CRM", label: "Currency rate set" },
  "crm.column-map": { area: "CRM", label: "CRM columns mapped" },
  "crm.connect": { area: "CRM", label: "CRM connected" },
  "crm.disconnect": { area: "CRM", label: "CRM disconnected" },
  "crm.snapshot-confirm": { area: "CRM", label: "CRM snapshot confirmed" },
  "crm.snapshot-replace": { area: "CRM", label: "CRM snapshot replaced" },
  "crm.snapshot-delete": { area: "CRM", label: "CRM snapshot deleted" },
  "crm.snapshot-cancel": { area: "CRM", label: "CRM upload cancelled" },
  "api-token.create": { area: "API and exports", label: "API token created" },
  "api-token.revoke": { area: "API and exports", label: "API token revoked" },
  "api-token.use": { area: "API and exports", label: "API token used (first use each hour)" },
  "scim-token.create": { area: "Provisioning (SCIM)", label: "SCIM token created" },
  "scim-token.revoke": { area: "Provisioning (SCIM)", label: "SCIM token revoked" },
  "person.email-change": { area: "People", label: "Email address changed" },
  "team.remove-from-scim": { area: "Teams", label: "Group deleted by the identity provider" },
  "results.export": { area: "API and exports", label: "Results exported" },
  "comment-theme.correct": { area: "Pulses", label: "Comment themes corrected" },
  "audit.export": { area: "API and exports", label: "Audit log downloaded" },
  "retention.settings-change": { area: "Privacy", label: "Retention changed" },
  "retention.purge": { area: "Privacy", label: "Old answers deleted" },
  "sso.connection-create": { area: "Sign-in", label: "Identity provider added" },
  "sso.connection-change": { area: "Sign-in", label: "Identity provider changed" },
  "sso.connection-delete": { area: "Sign-in", label: "Identity provider removed" },
  "sso.policy-change": { area: "Sign-in", label: "Sign-in rules changed" },
  "person.sso-create": { area: "People", label: "Account made at first SSO sign-in" },
  "person.sso-link": { area: "People", label: "Account tied to the identity provider" },
  "chat.slack-connect": { area: "Slack and Teams", label: "Slack connected" },
  "chat.slack-disconnect": { area: "Slack and Teams", label: "Slack disconnected" },
  "chat.slack-match": { area: "Slack and Teams", label: "People matched to Slack" },
  "chat.teams-webhook-save": { area: "Slack and Teams", label: "Teams channel webhook saved" },
  "chat.teams-webhook-remove": { area: "Slack and Teams", label: "Teams channel webhook removed" },
};

export const AUDIT_SOURCE_WORDS: Record<AuditSource, string> = {
  ui: "a page",
  csv: "a CSV file",
  api: "the API",
  scim: "SCIM",
  sso: "a sign-in through the identity provider",
  cli: "the command line",
  worker: "the scheduler",
  demo: "the demo set-up",
};

/** What the target types are called in the filter. */
export const AUDIT_TARGET_TYPES: Record<string, string> = {
  person: "People",
  team: "Teams",
  organisation: "The organisation",
  program: "Pulse programs",
  wave: "Waves",
  item: "Questions",
  play: "Plays",
  training: "Trainings",
  "action-plan": "Action plans",
  "comment-theme": "Comment themes",
  "crm-snapshot": "CRM snapshots",
  "crm-connection": "CRM connections",
  "api-token": "API tokens",
  "sso-connection": "Identity providers",
  "scim-token": "SCIM tokens",
};

/** A system part's name as the log shows it inside a sentence (the sentence's first letter is made capital). */
export function systemActorName(name: string): string {
  switch (name) {
    case "cli":
      return "Candor's command line";
    case "demo-seed":
      return "the demo set-up";
    case "worker":
      return "the scheduler";
    default:
      return `Candor (${name})`;
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

const FIELD_WORDS: Record<string, string> = {
  name: "the name",
  minGroupSize: "the minimum group for scores",
  minCommentGroupSize: "the minimum group for comments",
  fiscalYearStartMonth: "the fiscal year's first month",
  timezone: "the time zone",
  recentJoinDays: "the recent-join window",
  defaultLanguage: "the default language",
  language: "the language",
  cadence: "the schedule",
  startsOn: "the first date",
  openDays: "the days each wave is open",
  reminderDays: "the reminder days",
  items: "the questions",
  teams: "the teams",
  includeSubteams: "whether sub-teams are asked",
  rotation: "whether the questions take turns",
  title: "the title",
  summary: "the summary",
  dimensionKeys: "the dimensions",
  signals: "the signals",
  managerDoes: "what the manager does",
  goodResult: "what a good result looks like",
  retentionMonths: "how long raw answers are kept",
  emailDomains: "the email domains",
  enabled: "whether it is switched on",
  issuer: "the issuer",
  clientId: "the client id",
  clientSecret: "the client secret",
  idpEntityId: "the provider's entity id",
  idpSsoUrl: "the provider's sign-in address",
  idpCertificates: "the provider's certificates",
  ssoRequired: "whether sign-in through the identity provider is required",
  ssoCreateAccounts: "whether accounts are made at first SSO sign-in",
};

function text(value: AuditJson | undefined): string {
  if (value === undefined || value === null || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return value.toLocaleString("en-GB");
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(text).join(", ");
  if (typeof value === "object") return "…";
  return value;
}

function fieldValue(field: string, value: AuditJson | undefined): string {
  if (field === "fiscalYearStartMonth" && typeof value === "number") return MONTH_NAMES[value - 1] ?? text(value);
  if (field === "recentJoinDays" && typeof value === "number") return plural(value, "day");
  if (field === "openDays" && typeof value === "number") return plural(value, "day");
  if (field === "retentionMonths" && typeof value === "number") return plural(value, "month");
  if (field === "startsOn" && typeof value === "string") return formatDate(value);
  if (typeof value === "string" && ["name", "title", "timezone", "cadence"].includes(field)) return `“${value}”`;
  if (typeof value === "string" && value.length > 80) return `“${value.slice(0, 77)}…”`;
  return text(value);
}

/** "the minimum group for scores from 5 to 7; the time zone from … to …" for every member that changed. */
export function describeChanges(before: AuditValues | null, after: AuditValues | null): string {
  // Members that did not change (a name kept to say which thing changed) and ids (said by name elsewhere) are left out.
  const keys = Object.keys(after ?? {}).filter((k) => (FIELD_WORDS[k] !== undefined || !/Id$/.test(k)) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
  const parts = keys.map((k) => {
    const words = FIELD_WORDS[k] ?? k;
    const from = before?.[k];
    const to = after?.[k];
    return from === undefined ? `${words} to ${fieldValue(k, to)}` : `${words} from ${fieldValue(k, from)} to ${fieldValue(k, to)}`;
  });
  return parts.length > 0 ? parts.join("; ") : "nothing visible";
}

const str = (value: AuditJson | undefined): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: AuditJson | undefined): number => (typeof value === "number" ? value : 0);

function roleWords(value: AuditJson | undefined, article = false): string {
  const role = typeof value === "string" && isRole(value) ? ROLE_LABELS[value].toLowerCase() : text(value);
  if (!article) return role;
  return /^[aeiou]/i.test(role) ? `an ${role}` : `a ${role}`;
}

function counts(values: AuditValues | null, words: Record<string, [string, string]>): string {
  const parts = Object.entries(words)
    .filter(([k]) => num(values?.[k]) > 0)
    .map(([k, [one, many]]) => plural(num(values?.[k]), one, many));
  return parts.length > 0 ? parts.join(", ") : "nothing changed";
}

/** The entry as one sentence, beginning with who did it. */
export function describeAuditEntry(e: AuditEntryWords): string {
  const sentence = sentenceOf(e);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function sentenceOf(e: AuditEntryWords): string {
  const who = e.actorName;
  const target = e.targetName ?? "something";
  const before = e.before ?? {};
  const after = e.after ?? {};
  const person = (id: AuditJson | undefined) => (typeof id === "string" ? (e.people[id] ?? "an erased person") : "nobody");
  switch (e.action) {
    case "organisation.create":
      return `${who} created the organisation ${fieldValue("name", after.name)}`;
    case "organisation.settings-change":
      return `${who} changed ${describeChanges(e.before, e.after)}`;
    case "organisation.edmondson-change":
      return `${who} switched ${after.edmondsonEnabled ? "on" : "off"} Edmondson's original psychological safety items`;
    case "roster.import":
      return `${who} imported a roster: ${counts(e.after, {
        added: ["person added", "people added"],
        renamed: ["renamed", "renamed"],
        roleChanges: ["role changed", "roles changed"],
        moved: ["person moved", "people moved"],
        reactivated: ["reactivated", "reactivated"],
        deactivated: ["deactivated", "deactivated"],
        newTeams: ["new team", "new teams"],
        teamMoves: ["team moved", "teams moved"],
        managerChanges: ["manager changed", "managers changed"],
      })}`;
    case "person.invite":
      return `${who} invited ${target} as ${roleWords(after.role, true)}${str(after.team) ? ` in ${str(after.team)}` : ""}`;
    case "person.add":
      return `${who} added ${target} as ${roleWords(after.role, true)}${str(after.team) ? ` in ${str(after.team)}` : ""}`;
    case "person.admin-create":
      return `${who} made ${target} an admin`;
    case "person.invitation-resend":
      return `${who} sent ${target} a new invitation`;
    case "person.rename": {
      const from = str(e.personal?.before?.name);
      return from ? `${who} renamed ${from} to ${str(e.personal?.after?.name) ?? target}` : `${who} renamed ${target}`;
    }
    case "person.role-change":
      return `${who} changed ${target}'s role from ${roleWords(before.role)} to ${roleWords(after.role)}`;
    case "person.team-change": {
      const from = str(before.team);
      const to = str(after.team);
      if (from && to) return `${who} moved ${target} from ${from} to ${to}`;
      if (to) return `${who} put ${target} in ${to}`;
      return `${who} took ${target} out of ${from ?? "their team"}`;
    }
    case "person.deactivate":
      return `${who} deactivated ${target}`;
    case "person.reactivate":
      return `${who} reactivated ${target}`;
    case "person.erase":
      return `${who} erased ${target}`;
    case "person.data-export":
      return `${who} downloaded what Candor holds about ${target}`;
    case "team.create":
      return `${who} created the team ${str(after.name) ?? target}${str(after.parent) ? ` under ${str(after.parent)}` : ""}`;
    case "team.rename":
      return `${who} renamed the team ${str(before.name) ?? "?"} to ${str(after.name) ?? target}`;
    case "team.move":
      return `${who} moved the team ${str(after.name) ?? target} ${str(after.parent) ? `under ${str(after.parent)}` : "to the top"}${str(before.parent) ? ` (it was under ${str(before.parent)})` : ""}`;
    case "team.manager-change":
      return after.managerId ? `${who} made ${person(after.managerId)} the manager of ${str(after.name) ?? target}` : `${who} left ${str(after.name) ?? target} without a manager`;
    case "item.create":
      return `${who} added the question ${str(after.code) ?? target}: “${str(after.text) ?? ""}”`;
    case "item.retire":
      return `${who} retired the question ${str(after.code) ?? target}`;
    case "item.restore":
      return `${who} brought back the question ${str(after.code) ?? target}`;
    case "program.create":
      return `${who} created the pulse program ${fieldValue("name", after.name ?? target)} (${str(after.cadence) ?? "?"}, ${plural(Array.isArray(after.teams) ? after.teams.length : 0, "team")})`;
    case "program.change":
      return `${who} changed the pulse program ${target}: ${describeChanges(e.before, e.after)}`;
    case "program.pause":
      return `${who} paused the pulse program ${target}`;
    case "program.resume":
      return `${who} resumed the pulse program ${target}`;
    case "wave.close":
      return `${who} closed the wave of ${formatDate(str(after.periodStart))} of ${fieldValue("name", after.program ?? "a pulse program")} early`;
    case "history.import":
      return `${who} imported past results as ${fieldValue("name", after.program ?? target)}: ${plural(num(after.responses), "response")} in ${plural(num(after.waves), "wave")}`;
    case "play.create":
      return `${who} added the play ${fieldValue("title", after.title ?? target)}`;
    case "play.change":
      return `${who} changed the play ${fieldValue("title", before.title ?? target)}: ${describeChanges(e.before, e.after)}`;
    case "play.archive":
      return `${who} archived the play ${fieldValue("title", after.title ?? target)}`;
    case "play.restore":
      return `${who} brought back the play ${fieldValue("title", after.title ?? target)}`;
    case "training.create":
      return `${who} recorded the training ${fieldValue("name", after.name ?? target)} of ${formatDate(str(after.heldOn))} for ${plural(Array.isArray(after.managerIds) ? after.managerIds.length : 0, "manager")}`;
    case "action-plan.create":
      return `${who} wrote an action plan for ${str(after.team) ?? "a team"}, to review on ${formatDate(str(after.reviewOn))}`;
    case "action-plan.status-change":
      return `${who} marked an action plan ${text(after.status)} (it was ${text(before.status)})`;
    case "crm.import":
      return `${who} ${after.status === "preview" ? "uploaded a CRM export to preview" : "imported a CRM export"}: ${plural(num(after.rows), "deal")} as of ${formatDate(str(after.asOf))}${num(after.skipped) > 0 ? `, ${plural(num(after.skipped), "row")} skipped` : ""}`;
    case "crm.snapshot-confirm":
      return `${who} confirmed the CRM snapshot of ${formatDate(str(after.asOf))} (${plural(num(after.rows), "deal")}): the metrics read it${str(after.replacesAsOf) ? `, in place of the snapshot of ${formatDate(str(after.replacesAsOf))}` : ""}`;
    case "crm.snapshot-replace":
      return `${who} replaced the CRM snapshot of ${formatDate(str(before.asOf))} (${plural(num(before.rows), "deal")}) with the snapshot of ${formatDate(str(after.replacedByAsOf))}`;
    case "crm.snapshot-delete":
      return `${who} deleted the CRM snapshot of ${formatDate(str(before.asOf))} (${plural(num(before.rows), "deal")})`;
    case "crm.snapshot-cancel":
      return `${who} cancelled the CRM upload of ${formatDate(str(before.asOf))} (${plural(num(before.rows), "deal")}) before it counted`;
    case "crm.owner-map": {
      const owner = str(e.personal?.after?.crmOwner);
      if (!after.personId) return `${who} marked a CRM owner as nobody in this organisation`;
      return `${who} mapped ${owner ? `the CRM owner “${owner}”` : "a CRM owner"} to ${target}`;
    }
    case "crm.stage-map":
      return `${who} set the CRM stage “${str(after.stage) ?? "?"}” to count as ${text(after.status)}`;
    case "crm.currency-rate":
      return after.rate === null ? `${who} removed the rate of ${text(after.currency)}` : `${who} set the rate of ${text(after.currency)} to ${text(after.rate)}`;
    case "crm.column-map":
      return `${who} saved how the columns of a CRM file map`;
    case "crm.connect":
      return `${who} connected ${text(after.provider)} (${text(after.account)}, through ${text(after.via)})`;
    case "crm.disconnect":
      return `${who} disconnected ${text(before.provider)} (${text(before.account)})`;
    case "api-token.create":
      return `${who} created the API token ${fieldValue("name", after.name ?? target)}`;
    case "api-token.revoke":
      return `${who} revoked ${target}`;
    case "api-token.use":
      return `${who} read results through the API (first request of the hour: ${text(after.firstResource)})`;
    case "scim-token.create":
      return `${who} created the SCIM token ${fieldValue("name", after.name ?? target)}`;
    case "scim-token.revoke":
      return `${who} revoked ${target}`;
    case "person.email-change":
      return `${who} changed the email address of ${target}`;
    case "team.remove-from-scim":
      return `${who} deleted the group ${target}: its ${plural(num(after.membersRemoved), "member")} left the team, which stays with its history`;
    case "comment-theme.correct":
      return `${who} corrected a comment's themes to ${Array.isArray(after.themes) && after.themes.length > 0 ? after.themes.map((t) => text(t)).join(", ") : "none"} (${text(after.sentiment)})`;
    case "results.export":
      return `${who} exported results as ${text(after.format).toUpperCase()}`;
    case "audit.export":
      return `${who} downloaded the audit log as ${text(after.format).toUpperCase()}`;
    case "retention.settings-change":
      return `${who} changed ${describeChanges(e.before, e.after)}`;
    case "retention.purge":
      return `${who} deleted raw answers and comments older than ${formatDate(str(after.before))}`;
    case "sso.connection-create":
      return `${who} added the identity provider ${fieldValue("name", after.name ?? target)}`;
    case "sso.connection-change":
      return `${who} changed the identity provider ${target}: ${describeChanges(e.before, e.after)}`;
    case "sso.connection-delete":
      return `${who} removed the identity provider ${fieldValue("name", before.name ?? target)}`;
    case "sso.policy-change": {
      const rules = describeChanges(e.before, e.after);
      const breakGlass = "personId" in after ? `the admin who may still use a password from ${person(before.personId)} to ${person(after.personId)}` : null;
      return `${who} changed ${[rules === "nothing visible" ? null : rules, breakGlass].filter(Boolean).join("; ") || rules}`;
    }
    case "person.sso-create":
      return `${target} got an account at their first sign-in through ${text(after.connection)}`;
    case "person.sso-link":
      return `${target}'s account was tied to their account at ${text(after.connection)}`;
    default:
      return `${who}: ${AUDIT_ACTIONS[e.action]?.label ?? e.action}${e.targetName ? ` (${e.targetName})` : ""}`;
  }
}
