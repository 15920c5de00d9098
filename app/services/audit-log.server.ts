// The audit log as admins read it (Admin → Audit log, ADR 036): filtered, a page at a time, in plain words,
// and downloadable as CSV or JSON (each download itself audited).
import type { Locale } from "~/domain/locales";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { startOfDayInZone, addDays } from "~/domain/calendar";
import { AUDIT_ACTIONS, AUDIT_SOURCE_WORDS, AUDIT_TARGET_TYPES, describeAuditEntry, systemActorName, type AuditWriter } from "~/domain/audit-words";
import { translatorFor } from "~/i18n/catalogues.server";
import { formatsFor } from "~/domain/format";
import { isAuditAction, isAuditTargetType, type AuditSource, type AuditValues } from "~/domain/audit";
import { csvCell } from "~/domain/csv-write";
import { ForbiddenError, InputError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { dateInZone } from "~/domain/organisation-settings";
import { auditNames, listAuditActors, listAuditPage, type AuditFilter } from "#db/queries/audit";
import { findOrganisationById } from "#db/queries/organisations";
import { personActor, recordAudit } from "./audit.server";

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;
/** Entries read per batch while a download streams. */
const EXPORT_BATCH = 500;

/** The filters as the page's query string gives them (all text, all optional). */
export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  before?: string;
}

/** One entry as the page shows it. */
export interface AuditEntryView {
  seq: number;
  /** ISO instant. */
  occurredAt: string;
  /** Date and time in the organisation's time zone, "6 Dec 2026, 14:05". */
  when: string;
  actor: { key: string; kind: string; name: string };
  action: string;
  actionLabel: string;
  source: string | null;
  target: { type: string; id: string; name: string | null } | null;
  sentence: string;
  before: AuditValues | null;
  after: AuditValues | null;
  hash: string;
}

export interface AuditLogPage {
  entries: AuditEntryView[];
  /** The cursor of the next (older) page, or null on the last page. */
  olderBefore: number | null;
  /** Whether this is a later page (not the newest entries). */
  paged: boolean;
  filters: { actor: string; action: string; targetType: string; targetId: string; from: string; to: string };
  /** The target's name when the page is filtered to one target ("everything about Bob Rep"). */
  targetName: string | null;
  actors: Array<{ key: string; name: string }>;
  actions: Array<{ value: string; area: string; label: string }>;
  targetTypes: Array<{ value: string; label: string }>;
  timezone: string;
}

/**
 * Only admins read the audit log: it says who changed what about people (roles, teams, deactivations) and
 * the organisation's configuration, which admins own. Enablement's own actions are in it, for admins to read.
 */
function requireAdmin(user: SessionUser): void {
  if (user.role !== "admin") throw new ForbiddenError(said("staffOnly.auditLog"));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseQuery(query: AuditQuery, timezone: string): { filter: AuditFilter; fields: AuditLogPage["filters"] } {
  const errors: Record<string, string> = {};
  const filter: AuditFilter = {};
  const actor = query.actor?.trim() ?? "";
  if (actor) {
    const match = /^(person|api-token|scim-token|system):([A-Za-z0-9-]{1,100})$/.exec(actor);
    if (!match || (match[1] === "person" && !isUuid(match[2]!))) errors.actor = "Pick someone from the list";
    else filter.actor = { kind: match[1] as "person" | "api-token" | "scim-token" | "system", id: match[1] === "person" ? match[2]!.toLowerCase() : match[2]! };
  }
  const action = query.action?.trim() ?? "";
  if (action) {
    if (!isAuditAction(action)) errors.action = "Pick an action from the list";
    else filter.action = action;
  }
  const targetType = query.targetType?.trim() ?? "";
  const targetId = query.targetId?.trim() ?? "";
  if (targetType) {
    if (!isAuditTargetType(targetType)) errors.targetType = "Pick a kind of target from the list";
    else filter.target = { type: targetType };
    if (targetId && filter.target) {
      if (targetId.length > 200) errors.targetId = said("adminAudit.notTarget");
      else filter.target.id = targetId;
    }
  }
  const from = query.from?.trim() ?? "";
  const to = query.to?.trim() ?? "";
  const day = (value: string, field: string) => {
    if (!DATE.test(value) || Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) || value < "2000-01-01" || value > "2099-12-31") {
      errors[field] = said("adminAudit.giveDate", { example: "2026-12-06" });
      return undefined;
    }
    return value;
  };
  const fromDay = from ? day(from, "from") : undefined;
  const toDay = to ? day(to, "to") : undefined;
  if (fromDay) filter.from = startOfDayInZone(fromDay, timezone);
  if (toDay) filter.to = startOfDayInZone(addDays(toDay, 1), timezone);
  if (fromDay && toDay && fromDay > toDay) errors.to = said("adminAudit.endBeforeStart");
  const before = query.before?.trim() ?? "";
  if (before) {
    if (!/^\d{1,15}$/.test(before)) errors.before = said("adminAudit.notPage");
    else filter.beforeSeq = Number(before);
  }
  if (Object.keys(errors).length > 0) throw new InputError(said("adminAudit.cannotFilter"), errors);
  return { filter, fields: { actor, action, targetType, targetId, from, to } };
}

/** "6 Dec 2026, 14:05" in the organisation's time zone: the date as formatDate writes every date. */
function formatWhen(at: Date, timezone: string, w: AuditWriter): string {
  const time = new Intl.DateTimeFormat(w.locale === "en" ? "en-GB" : w.locale, { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  return w.t("adminAudit.when", { date: formatsFor(w.locale).date(dateInZone(at, timezone)), time });
}

/** The log's words in a language (the page's; downloads are English, like the API). */
function writerFor(locale: Locale): AuditWriter {
  const { t } = translatorFor(locale);
  return { locale, t };
}

type Rows = Awaited<ReturnType<typeof listAuditPage>>;

/** The entries with their names resolved and their sentences written. */
async function viewsOf(app: AppContext, organisationId: string, timezone: string, { entries, details }: Rows, w: AuditWriter = writerFor("en")): Promise<AuditEntryView[]> {
  const ids = {
    people: [] as string[],
    teams: [] as string[],
    tokens: [] as string[],
    scimTokens: [] as string[],
    programs: [] as string[],
    plays: [] as string[],
    trainings: [] as string[],
    actionPlans: [] as string[],
  };
  const uuid = (list: string[], id: unknown) => {
    if (typeof id === "string" && isUuid(id)) list.push(id);
  };
  for (const e of entries) {
    if (e.actorKind === "person") uuid(ids.people, e.actorId);
    if (e.actorKind === "api-token") ids.tokens.push(e.actorId);
    if (e.actorKind === "scim-token") ids.scimTokens.push(e.actorId);
    const values = [e.before, e.after].filter((v): v is AuditValues => v !== null && typeof v === "object");
    for (const v of values) {
      uuid(ids.people, v.managerId);
      uuid(ids.people, v.personId);
    }
    switch (e.targetType) {
      case "person":
        uuid(ids.people, e.targetId);
        break;
      case "team":
        uuid(ids.teams, e.targetId);
        break;
      case "api-token":
        if (e.targetId) ids.tokens.push(e.targetId);
        break;
      case "scim-token":
        if (e.targetId) ids.scimTokens.push(e.targetId);
        break;
      case "program":
        uuid(ids.programs, e.targetId);
        break;
      case "play":
        uuid(ids.plays, e.targetId);
        break;
      case "training":
        uuid(ids.trainings, e.targetId);
        break;
      case "action-plan":
        uuid(ids.actionPlans, e.targetId);
        break;
      default:
        // No target, or one named from the entry itself (a CRM snapshot, a wave, a question).
        break;
    }
  }
  const names = await auditNames(app.db, organisationId, ids);
  const detailOf = new Map(details.map((d) => [`${d.seq}:${d.personId}`, d.data as { before: AuditValues | null; after: AuditValues | null }]));
  const personName = (id: string, seq: number) => {
    const current = names.people[id];
    if (current) return current;
    // A person no longer in Candor: their name as the entry recorded it, while it is held; else erased.
    const detail = detailOf.get(`${seq}:${id}`);
    return str(detail?.after?.name) ?? str(detail?.before?.name) ?? w.t("adminAudit.erasedPerson");
  };
  return entries.map((e) => {
    const actorName =
      e.actorKind === "person"
        ? personName(e.actorId, e.seq)
        : e.actorKind === "api-token"
          ? w.t("adminAudit.actorApiToken", { name: names.tokens[e.actorId] ?? "?" })
          : e.actorKind === "scim-token"
            ? w.t("adminAudit.actorScimToken", { name: names.scimTokens[e.actorId] ?? "?" })
            : systemActorName(e.actorId, w);
    const targetName = e.targetType && e.targetId ? nameOfTarget(e.targetType, e.targetId, e.seq, names, personName, e.after as AuditValues | null, w) : null;
    const personal = e.targetType === "person" && e.targetId ? (detailOf.get(`${e.seq}:${e.targetId}`) ?? null) : null;
    const people: Record<string, string> = {};
    for (const v of [e.before, e.after] as (AuditValues | null)[]) {
      for (const key of ["managerId", "personId"]) {
        const id = v?.[key];
        if (typeof id === "string") people[id] = personName(id, e.seq);
      }
    }
    const before = e.before as AuditValues | null;
    const after = e.after as AuditValues | null;
    return {
      seq: e.seq,
      occurredAt: e.occurredAt.toISOString(),
      when: formatWhen(e.occurredAt, timezone, w),
      actor: { key: `${e.actorKind}:${e.actorId}`, kind: e.actorKind, name: actorName },
      action: e.action,
      actionLabel: AUDIT_ACTIONS[e.action] ? w.t(AUDIT_ACTIONS[e.action]!.label) : e.action,
      source: e.source && AUDIT_SOURCE_WORDS[e.source as AuditSource] ? w.t(AUDIT_SOURCE_WORDS[e.source as AuditSource]) : (e.source ?? null),
      target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId, name: targetName } : null,
      sentence: describeAuditEntry({ action: e.action, actorName, targetName, before, after, personal, people }, w),
      before,
      after,
      hash: e.hash,
    };
  });
}

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

function nameOfTarget(
  type: string,
  id: string,
  seq: number,
  names: Awaited<ReturnType<typeof auditNames>>,
  personName: (id: string, seq: number) => string,
  after: AuditValues | null,
  w: AuditWriter,
): string | null {
  const date = (value: string | null) => formatsFor(w.locale).date(value);
  switch (type) {
    case "person":
      return personName(id, seq);
    case "team":
      return names.teams[id] ?? str(after?.name) ?? w.t("adminAudit.teamRemoved");
    case "api-token":
      return w.t("adminAudit.actorApiToken", { name: names.tokens[id] ?? str(after?.name) ?? "?" });
    case "scim-token":
      return w.t("adminAudit.targetScimToken", { name: names.scimTokens[id] ?? str(after?.name) ?? "?" });
    case "program":
      return names.programs[id] ? w.t("adminAudit.quoted", { text: names.programs[id] }) : w.t("adminAudit.aPulseProgram");
    case "play":
      return names.plays[id] ?? str(after?.title);
    case "training":
      return names.trainings[id] ?? str(after?.name);
    case "action-plan":
      return names.actionPlans[id] ? w.t("adminAudit.actionPlanFor", { team: names.actionPlans[id] }) : w.t("adminAudit.anActionPlan");
    case "organisation":
      return w.t("adminAudit.theOrganisation");
    case "crm-snapshot":
      return str(after?.asOf) ? w.t("adminAudit.snapshotOf", { date: date(str(after?.asOf)) }) : w.t("adminAudit.aSnapshot");
    case "wave":
      return str(after?.periodStart) ? w.t("adminAudit.waveOf", { date: date(str(after?.periodStart)) }) : w.t("adminAudit.aWave");
    case "item":
      return w.t("adminAudit.questionOf", { code: id });
    default:
      return null;
  }
}

async function organisationZone(app: AppContext, organisationId: string): Promise<string> {
  return (await findOrganisationById(app.db, organisationId))?.timezone ?? "UTC";
}

/** One page of the organisation's audit log, newest first, with what the filters offer. Admins only. */
export async function getAuditLog(app: AppContext, user: SessionUser, query: AuditQuery, locale: Locale = "en"): Promise<AuditLogPage> {
  requireAdmin(user);
  const timezone = await organisationZone(app, user.organisationId);
  const w = writerFor(locale);
  const { filter, fields } = parseQuery(query, timezone);
  const rows = await listAuditPage(app.db, user.organisationId, filter, AUDIT_PAGE_SIZE + 1);
  const more = rows.entries.length > AUDIT_PAGE_SIZE;
  const shown = { entries: rows.entries.slice(0, AUDIT_PAGE_SIZE), details: rows.details };
  const entries = await viewsOf(app, user.organisationId, timezone, shown, w);
  const actorRows = await listAuditActors(app.db, user.organisationId, 200);
  const actorViews = await viewsOf(
    app,
    user.organisationId,
    timezone,
    {
      entries: actorRows.map((a) => ({ ...nameOnly(user.organisationId), actorKind: a.actorKind, actorId: a.actorId })),
      details: [],
    },
    w,
  );
  let targetName: string | null = null;
  if (filter.target?.id) {
    const named = await viewsOf(
      app,
      user.organisationId,
      timezone,
      {
        entries: [{ ...nameOnly(user.organisationId), targetType: filter.target.type, targetId: filter.target.id }],
        details: [],
      },
      w,
    );
    targetName = named[0]?.target?.name ?? null;
  }
  return {
    entries,
    olderBefore: more ? shown.entries[shown.entries.length - 1]!.seq : null,
    paged: filter.beforeSeq !== undefined,
    filters: fields,
    targetName,
    actors: actorViews.map((a) => ({ key: a.actor.key, name: a.actor.name.charAt(0).toUpperCase() + a.actor.name.slice(1) })).sort((a, b) => a.name.localeCompare(b.name)),
    actions: Object.entries(AUDIT_ACTIONS).map(([value, { area, label }]) => ({ value, area: w.t(area), label: w.t(label) })),
    targetTypes: Object.entries(AUDIT_TARGET_TYPES).map(([value, label]) => ({ value, label: w.t(label) })),
    timezone,
  };
}

/** A row that only carries an actor or a target, to name it the way entries name them. */
function nameOnly(organisationId: string): Rows["entries"][number] {
  return {
    organisationId,
    seq: 0,
    occurredAt: new Date(0),
    actorKind: "system",
    actorId: "cli",
    action: "audit.name",
    targetType: null,
    targetId: null,
    source: null,
    before: null,
    after: null,
    personal: [],
    prevHash: "",
    hash: "",
  };
}

const CSV_COLUMNS = [
  "seq",
  "occurred_at",
  "actor",
  "actor_kind",
  "actor_id",
  "action",
  "what",
  "target_type",
  "target_id",
  "target",
  "through",
  "before",
  "after",
  "hash",
] as const;

/**
 * Downloads the entries matching the filters (every page, newest first) as CSV (spreadsheet-safe cells) or
 * JSON lines in one array, read a batch at a time so that a long log never sits in memory. The download is
 * recorded in the log before the first byte, with its filters. Admins only.
 */
export async function exportAuditLog(
  app: AppContext,
  user: SessionUser,
  query: AuditQuery,
  format: "csv" | "json",
): Promise<{ fileName: string; contentType: string; chunks: AsyncIterable<string> }> {
  requireAdmin(user);
  const timezone = await organisationZone(app, user.organisationId);
  const { filter, fields } = parseQuery({ ...query, before: undefined }, timezone);
  await recordAudit(app.db, {
    organisationId: user.organisationId,
    actor: personActor(user),
    action: "audit.export",
    source: "ui",
    after: { format, filters: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== "")) },
    at: app.now(),
  });
  const stamp = dateInZone(app.now(), timezone);
  async function* chunks(): AsyncIterable<string> {
    let beforeSeq: number | undefined;
    let first = true;
    if (format === "csv") yield `${CSV_COLUMNS.join(",")}\r\n`;
    else yield "[\n";
    for (;;) {
      const rows = await listAuditPage(app.db, user.organisationId, { ...filter, beforeSeq }, EXPORT_BATCH);
      if (rows.entries.length === 0) break;
      const views = await viewsOf(app, user.organisationId, timezone, rows);
      let out = "";
      for (const v of views) {
        if (format === "csv") {
          const cells = [
            v.seq,
            v.occurredAt,
            v.actor.name,
            v.actor.kind,
            v.actor.key.slice(v.actor.kind.length + 1),
            v.action,
            v.sentence,
            v.target?.type ?? "",
            v.target?.id ?? "",
            v.target?.name ?? "",
            v.source ?? "",
            v.before ? JSON.stringify(v.before) : "",
            v.after ? JSON.stringify(v.after) : "",
            v.hash,
          ];
          out += `${cells.map(csvCell).join(",")}\r\n`;
        } else {
          const { seq, occurredAt, actor, action, sentence, target, source, before, after, hash } = v;
          out += `${first ? "" : ",\n"}${JSON.stringify({ seq, occurredAt, actor: { kind: actor.kind, id: actor.key.slice(actor.kind.length + 1), name: actor.name }, action, sentence, target, source, before, after, hash })}`;
          first = false;
        }
      }
      yield out;
      beforeSeq = rows.entries[rows.entries.length - 1]!.seq;
      if (rows.entries.length < EXPORT_BATCH) break;
    }
    if (format === "json") yield "\n]\n";
  }
  return {
    fileName: `candor-audit-log-${stamp}.${format}`,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    chunks: chunks(),
  };
}
