import type { Kysely } from "kysely";
import type { AppContext } from "~/context.server";
import type { AuditValues } from "~/domain/audit";
import type { DB } from "#db/schema";
import type { SessionUser } from "~/auth/session.server";
import { openWaveCount } from "~/domain/anonymity";
import { addDays } from "~/domain/calendar";
import { dateInZone } from "~/domain/organisation-settings";
import { estimatedMinutes, MAX_RECOMMENDED_MINUTES } from "~/domain/instrument";
import { summarisePlan, type OtherProgram, type PlanTeam, type ProgramPreview, type TeamChoice } from "~/domain/program-plan";
import { describeRotation, newRotationSeed, planRotation, type RotationItem } from "~/domain/rotation";
import { CADENCE_LABELS, duePeriod, periodStarts, validReminderDays, type Cadence } from "~/domain/schedule";
import { findOrganisationById } from "#db/queries/organisations";
import { listDimensions, listItems } from "#db/queries/instrument";
import {
  findProgram,
  insertProgram,
  listProgramItems,
  listPrograms,
  listProgramTeams,
  listProgramWaves,
  listRunningProgramTeams,
  listTeamsWithReps,
  setProgramActive,
  updateProgram as updateProgramRows,
} from "#db/queries/programs";
import { countSelfAssessments } from "#db/queries/self-assessments";
import { listAskedItemCodes } from "#db/queries/waves";
import { ConflictError, InputError, NotFoundError } from "~/domain/errors";
import { said } from "~/i18n/said";
import { ensureItemBank } from "./instrument.server";
import { createOnce } from "./form-submissions.server";
import { closeWave, openWave } from "./waves.server";
import { changedValues, recordAuditByUser } from "./audit.server";

/** A program as the service's own callers (tests, the demo, benchmarks) give it: already typed. */
export interface ProgramInput {
  name: string;
  dimensionKeys: string[];
  itemCodes: string[];
  teamIds: string[];
  includeSubteams: boolean;
  cadence: Cadence;
  startsOn: string;
  openDays: number;
  reminderDays: number[];
  /** Each wave asks a rotating subset of the items (ADR 052); off unless asked for. */
  rotation?: boolean;
  /** The rotation's seed (a new program's form shows the plan of this seed); a fresh one when absent. */
  rotationSeed?: number;
}

/** A program as a form sends it: text to be checked here, every field at once (ProgramInput is one too). */
export interface ProgramDraft {
  name: string;
  dimensionKeys: readonly string[];
  itemCodes: readonly string[];
  teamIds: readonly string[];
  includeSubteams: boolean;
  cadence: string;
  startsOn: string;
  openDays: string | number;
  reminderDays: string | readonly number[];
  rotation?: boolean;
  rotationSeed?: string | number;
}

/** Everything a program is checked against: the organisation's items, teams with their reps, and running programs. */
async function programContext(app: AppContext, organisationId: string) {
  await ensureItemBank(app.db, organisationId);
  const [org, allItems, dimensions, tree, running] = await Promise.all([
    findOrganisationById(app.db, organisationId),
    listItems(app.db, organisationId),
    listDimensions(app.db, organisationId),
    listTeamsWithReps(app.db, organisationId),
    listRunningProgramTeams(app.db, organisationId),
  ]);
  const items = allItems.filter((i) => !i.retiredAt && (i.source !== "edmondson" || org?.edmondsonEnabled));
  const programs = new Map<string, OtherProgram & { id: string }>();
  for (const row of running) {
    const entry = programs.get(row.programId) ?? { id: row.programId, name: row.programName, teams: [] };
    entry.teams.push({ teamId: row.teamId, includeSubteams: row.includeSubteams });
    programs.set(row.programId, entry);
  }
  return {
    zone: org?.timezone ?? "UTC",
    fiscalStartMonth: org?.fiscalYearStartMonth ?? 1,
    minGroupSize: org?.minGroupSize ?? 5,
    today: dateInZone(app.now(), org?.timezone ?? "UTC"),
    items,
    dimensionNames: new Map(dimensions.map((d) => [d.key, d.name])),
    tree: tree as PlanTeam[],
    running: [...programs.values()],
  };
}

type ProgramContext = Awaited<ReturnType<typeof programContext>>;

interface CheckedProgram {
  name: string;
  cadence: Cadence;
  startsOn: string;
  openDays: number;
  reminderDays: number[];
  itemIds: string[];
  teams: TeamChoice[];
  rotation: boolean;
  rotationSeed: number;
  preview: ProgramPreview;
}

/** How many upcoming waves a rotation's preview lists. */
const UPCOMING_WAVES = 6;

/** A seed as a form sent it, or a fresh one when it is missing or not a seed. */
function seedFrom(value: string | number | undefined): number {
  const seed = Number(typeof value === "string" ? value.trim() || "x" : (value ?? "x"));
  return Number.isInteger(seed) && seed >= 0 && seed <= 2_147_483_646 ? seed : newRotationSeed();
}

/** The rotation of a program's items at a cadence and what its next waves ask, from `from` on. */
function rotationPreview(ctx: ProgramContext, items: readonly RotationItem[], rule: { cadence: Cadence; startsOn: string; openDays: number }, seed: number, from: string) {
  const plan = planRotation(items, rule.cadence, seed);
  return describeRotation(items, plan, rule, ctx.fiscalStartMonth, from, UPCOMING_WAVES);
}

const isCadence = (value: string): value is Cadence => Object.hasOwn(CADENCE_LABELS, value);
const nonEmpty = (list: readonly string[]) => list.map((v) => v.trim()).filter((v) => v !== "");

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A list for a said sentence ("3, 4 and 5"): how many, all but the last (comma-separated) and the last; the message joins them. */
function listValues(words: readonly (string | number)[]): { count: number; first: string; last: string } {
  return { count: words.length, first: words.slice(0, -1).join(", "), last: String(words[words.length - 1] ?? "") };
}

/** The schedule in plain words (a said message: the page says it in its language). */
function scheduleInWords(p: { cadence: Cadence; startsOn: string; openDays: number; reminderDays: readonly number[] }): string {
  const days = listValues(p.reminderDays);
  return said("program.schedule", { cadence: p.cadence, startsOn: p.startsOn, openDays: p.openDays, reminders: days.count, first: days.first, last: days.last });
}

/** The day the next wave of a schedule opens, from today on (today when one is due now), or null. */
function nextWaveOn(ctx: ProgramContext, rule: { cadence: Cadence; startsOn: string; openDays: number }): string | null {
  const due = duePeriod(rule, ctx.fiscalStartMonth, ctx.today);
  if (due) return ctx.today;
  const next = periodStarts(rule, ctx.fiscalStartMonth, addDays(ctx.today, 400)).find((d) => d > ctx.today);
  return next ?? null;
}

/**
 * Checks every field of a program at once (a form shows all its errors together, each next to its field) and,
 * when all are right, says what reps will see: the questions, the minutes, the teams and the warnings.
 */
function checkProgram(
  ctx: ProgramContext,
  draft: ProgramDraft,
  existing?: { id: string; rotationSeed: number },
): { fieldErrors: Record<string, string>; program: CheckedProgram | null } {
  const exceptProgramId = existing?.id;
  const errors: Record<string, string> = {};
  const name = draft.name.trim();
  if (name === "") errors.name = said("program.error.name");
  else if (name.length > 120) errors.name = said("program.error.nameLong");

  const dimensionKeys = nonEmpty(draft.dimensionKeys);
  const itemCodes = nonEmpty(draft.itemCodes);
  const unknown = [...itemCodes.filter((c) => !ctx.items.some((i) => i.code === c)), ...dimensionKeys.filter((k) => !ctx.items.some((i) => i.dimensionKey === k))];
  const chosen = ctx.items.filter((i) => (i.dimensionKey !== null && dimensionKeys.includes(i.dimensionKey)) || itemCodes.includes(i.code));
  if (unknown.length > 0) errors.items = said("program.error.unknownItems", listValues(unknown.map((u) => u.slice(0, 40))));
  else if (chosen.length === 0) errors.items = said("program.error.noItems");

  const teamIds = [...new Set(nonEmpty(draft.teamIds))];
  if (teamIds.length === 0) errors.teamIds = said("program.error.noTeams");
  else if (teamIds.some((id) => !ctx.tree.some((t) => t.id === id))) errors.teamIds = said("program.error.unknownTeams");

  if (!isCadence(draft.cadence)) errors.cadence = said("program.error.cadence");
  const startsOn = draft.startsOn.trim();
  // A plausible range: year 0000 passed as a date and failed in the database.
  if (!isRealDate(startsOn)) errors.startsOn = said("program.error.date");
  else if (startsOn < "2000-01-01" || startsOn > "2099-12-31") errors.startsOn = said("program.error.dateRange");

  const openText = String(draft.openDays).trim();
  const openDays = Number(openText);
  if (openText === "" || Number.isNaN(openDays)) errors.openDays = said("program.error.openDays");
  else if (!Number.isInteger(openDays)) errors.openDays = said("program.error.wholeDays");
  else if (openDays < 1) errors.openDays = said("program.error.minDays");
  else if (openDays > 90) errors.openDays = said("program.error.maxDays");

  let reminders: number[] = [];
  if (typeof draft.reminderDays === "string") {
    const text = draft.reminderDays.trim();
    if (!/^(\d{1,3}\s*(,\s*\d{1,3}\s*)*)?$/.test(text)) errors.reminderDays = said("program.error.reminderDays");
    else reminders = text ? text.split(",").map((d) => Number(d.trim())) : [];
  } else reminders = [...draft.reminderDays];

  if (Object.keys(errors).length > 0 || !isCadence(draft.cadence)) return { fieldErrors: errors, program: null };
  const cadence = draft.cadence;
  const reminderDays = validReminderDays(reminders, openDays);
  const teams = teamIds.map((teamId) => ({ teamId, includeSubteams: draft.includeSubteams }));
  const plan = summarisePlan({ tree: ctx.tree, chosen: teams, minGroupSize: ctx.minGroupSize, otherPrograms: ctx.running.filter((p) => p.id !== exceptProgramId) });
  const dropped = reminders.filter((d) => !reminderDays.includes(d));
  const warnings = [...plan.warnings];
  if (dropped.length > 0) warnings.push(said("program.warning.droppedReminders", { ...listValues([...new Set(dropped)]), lastDay: openDays - 1 }));
  const minutes = estimatedMinutes(chosen.map((i) => i.scale));
  // A program keeps its seed; a new one takes the seed its form previewed.
  const rotationSeed = existing ? existing.rotationSeed : seedFrom(draft.rotationSeed);
  const rotation = draft.rotation === true;
  const rule = { cadence, startsOn, openDays };
  const rotated = rotation ? rotationPreview(ctx, chosen, rule, rotationSeed, startsOn > ctx.today ? startsOn : ctx.today) : null;
  return {
    fieldErrors: {},
    program: {
      name,
      cadence,
      startsOn,
      openDays,
      reminderDays,
      itemIds: chosen.map((i) => i.id),
      teams,
      rotation,
      rotationSeed,
      preview: {
        questions: chosen.map((i) => ({ code: i.code, text: i.text, scale: i.scale, dimensionName: i.dimensionKey ? (ctx.dimensionNames.get(i.dimensionKey) ?? null) : null })),
        minutes,
        maxMinutes: MAX_RECOMMENDED_MINUTES,
        reps: plan.reps,
        groups: plan.groups,
        schedule: scheduleInWords({ cadence, startsOn, openDays, reminderDays }),
        nextWaveOn: nextWaveOn(ctx, { cadence, startsOn, openDays }),
        opensToday: duePeriod({ cadence, startsOn, openDays }, ctx.fiscalStartMonth, ctx.today) !== null,
        warnings,
        rotation: rotated,
      },
    },
  };
}

function refuse(fieldErrors: Record<string, string>, verb: "created" | "changed"): InputError {
  const n = Object.keys(fieldErrors).length;
  return new InputError(said("program.error.refused", { verb, fields: n }), fieldErrors);
}

/**
 * What a program would ask, of whom and when, with its warnings, without creating it. Every field's error at
 * once (InputError) when some are wrong.
 */
export async function previewProgram(app: AppContext, user: SessionUser, draft: ProgramDraft): Promise<ProgramPreview> {
  const checked = checkProgram(await programContext(app, user.organisationId), draft);
  if (!checked.program) throw refuse(checked.fieldErrors, "created");
  return checked.program.preview;
}

/** What the program form needs to draw its live preview and warnings: the teams with their reps, the minimum group, running programs. */
export async function getProgramFormContext(app: AppContext, user: SessionUser) {
  const ctx = await programContext(app, user.organisationId);
  return { today: ctx.today, minGroupSize: ctx.minGroupSize, fiscalStartMonth: ctx.fiscalStartMonth, tree: ctx.tree, running: ctx.running };
}

/**
 * Creates a pulse program from whole dimensions and single items, for teams (with their sub-teams if
 * asked). Every field is checked at once: an InputError carries all field errors. If a wave is due today it
 * opens at once and the invitations go out. The same form sent twice (`submissionKey`) creates one program:
 * the repeat gets the first one's id and opens nothing.
 */
export async function createProgram(
  app: AppContext,
  user: SessionUser,
  draft: ProgramDraft,
  options: { submissionKey?: string } = {},
): Promise<{ id: string; openedWave: boolean; repeated: boolean }> {
  const ctx = await programContext(app, user.organisationId);
  const { fieldErrors, program: checked } = checkProgram(ctx, draft);
  if (!checked) throw refuse(fieldErrors, "created");
  const values = {
    organisationId: user.organisationId,
    name: checked.name,
    cadence: checked.cadence,
    startsOn: checked.startsOn,
    openDays: checked.openDays,
    reminderDays: checked.reminderDays,
    rotation: checked.rotation,
    rotationSeed: checked.rotationSeed,
  };
  const { id, repeated } = await createOnce(app, user, "program", options.submissionKey, async (trx) => {
    const created = (await insertProgram(trx, values, checked.itemIds, checked.teams)).id;
    await recordAuditByUser(trx, app, user, {
      action: "program.create",
      target: { type: "program", id: created },
      after: await programAuditValues(trx, user.organisationId, created),
    });
    return created;
  });
  if (repeated) return { id, openedWave: false, repeated };
  const due = duePeriod(checked, ctx.fiscalStartMonth, ctx.today);
  const opened = due ? await openWave(app, { id, organisationId: user.organisationId }, due, { notify: true }) : null;
  return { id, openedWave: Boolean(opened), repeated };
}

/**
 * Changes a program after it was created: its name, schedule, questions and teams. Waves that have opened keep
 * their questions, teams, dates and thresholds: changes reach the waves that open from now on (reminder days
 * reach the open wave too). With waves run, a new cadence or first date must start after today and after the
 * open wave closes, so that two waves of one program are never open at once and no past period opens again.
 * An imported program (past results) can only be renamed. Every field's error at once, as on creation.
 */
export async function updateProgram(app: AppContext, user: SessionUser, programId: string, draft: ProgramDraft): Promise<{ openedWave: boolean }> {
  const program = /^[0-9a-f-]{36}$/i.test(programId) ? await findProgram(app.db, user.organisationId, programId) : undefined;
  if (!program) throw new NotFoundError(said("program.notFound"));
  const ctx = await programContext(app, user.organisationId);
  if (program.source === "history") {
    const name = draft.name.trim();
    const error = name === "" ? said("program.error.name") : name.length > 120 ? said("program.error.nameLong") : null;
    if (error) throw refuse({ name: error }, "changed");
    await app.db.transaction().execute(async (trx) => {
      await updateProgramRows(
        trx,
        user.organisationId,
        program.id,
        { name, cadence: program.cadence, startsOn: program.startsOn, openDays: program.openDays, reminderDays: program.reminderDays },
        null,
        null,
      );
      if (name !== program.name) await auditProgramChange(app, trx, user, program.id, { name: program.name }, { name });
    });
    return { openedWave: false };
  }
  const { fieldErrors, program: checked } = checkProgram(ctx, draft, program);
  const waves = await listProgramWaves(app.db, program.id, ctx.today);
  const startsOn = draft.startsOn.trim();
  const scheduleChanged = draft.cadence !== program.cadence || startsOn !== program.startsOn;
  if (!fieldErrors.cadence && !fieldErrors.startsOn && waves.length > 0 && scheduleChanged) {
    const open = waves.find((w) => w.status === "open");
    const openCloses = open ? dateInZone(new Date(open.closesAt.getTime() - 1), ctx.zone) : null;
    const earliest = openCloses && openCloses >= ctx.today ? addDays(openCloses, 1) : addDays(ctx.today, 1);
    if (startsOn < earliest) {
      fieldErrors.startsOn = said("program.error.afterWaves", { open: openCloses ? "yes" : "no", closes: openCloses ?? "", earliest });
    }
  }
  if (!checked || Object.keys(fieldErrors).length > 0) throw refuse(fieldErrors, "changed");
  await app.db.transaction().execute(async (trx) => {
    const before = await programAuditValues(trx, user.organisationId, program.id);
    await updateProgramRows(
      trx,
      user.organisationId,
      program.id,
      { name: checked.name, cadence: checked.cadence, startsOn: checked.startsOn, openDays: checked.openDays, reminderDays: checked.reminderDays, rotation: checked.rotation },
      checked.itemIds,
      checked.teams,
    );
    const changed = changedValues(before, await programAuditValues(trx, user.organisationId, program.id));
    if (changed) await auditProgramChange(app, trx, user, program.id, changed.before, changed.after);
  });
  // A changed schedule can make a wave due today (a program whose first wave had not opened yet).
  const due = program.active ? duePeriod(checked, ctx.fiscalStartMonth, ctx.today) : null;
  const opened = due ? await openWave(app, { id: program.id, organisationId: user.organisationId }, due, { notify: true }) : null;
  return { openedWave: Boolean(opened) };
}

/** Today in the organisation's time zone: the day a ballot's issuance is dated in. */
async function organisationToday(app: AppContext, organisationId: string): Promise<string> {
  const org = await findOrganisationById(app.db, organisationId);
  return dateInZone(app.now(), org?.timezone ?? "UTC");
}

export async function getPrograms(app: AppContext, user: SessionUser) {
  const [programs, today] = await Promise.all([listPrograms(app.db, user.organisationId), organisationToday(app, user.organisationId)]);
  return Promise.all(
    programs.map(async (p) => {
      const waves = await listProgramWaves(app.db, p.id, today);
      const open = waves.find((w) => w.status === "open");
      // Only which wave is open and when it closes: its live counts would tell, below the threshold, who answered.
      return { ...p, waveCount: waves.length, openWave: open ? { id: open.id, periodStart: open.periodStart, closesAt: open.closesAt } : null };
    }),
  );
}

/**
 * One program: its items, teams and waves. A closed wave shows how many took part. While a wave is
 * open, its count is shown only as `answeredAtLeast`: the people who had a ballot signed before today
 * (organisation's time zone), rounded down to a multiple of the wave's minimum reporting group, null below
 * it (openWaveCount) — so that nobody can watch one person's answer arrive; `countedBefore` is that day.
 */
export async function getProgramDetail(app: AppContext, user: SessionUser, programId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(programId)) return null;
  const program = await findProgram(app.db, user.organisationId, programId);
  if (!program) return null;
  const ctx = await programContext(app, user.organisationId);
  const today = ctx.today;
  const [items, teams, waves, managers] = await Promise.all([
    listProgramItems(app.db, program.id),
    listProgramTeams(app.db, program.id),
    listProgramWaves(app.db, program.id, today),
    countSelfAssessments(app.db, program.id),
  ]);
  const asked = await listAskedItemCodes(
    app.db,
    waves.map((w) => w.id),
  );
  const current = items.filter((i) => !i.retiredAt);
  const rule = { cadence: program.cadence, startsOn: program.startsOn, openDays: program.openDays };
  const rotation =
    program.rotation && program.source === "scheduled" ? rotationPreview(ctx, current, rule, program.rotationSeed, program.startsOn > today ? program.startsOn : today) : null;
  const chosen = teams.map((t) => ({ teamId: t.id, includeSubteams: t.includeSubteams }));
  const plan = summarisePlan({ tree: ctx.tree, chosen, minGroupSize: ctx.minGroupSize, otherPrograms: program.active ? ctx.running.filter((p) => p.id !== program.id) : [] });
  // The edit form starts from the program as it is: a dimension ticked when all its current items are asked.
  const codes = new Set(items.map((i) => i.code));
  const wholeDimensions = [...new Set(ctx.items.map((i) => i.dimensionKey).filter((k): k is string => k !== null))].filter((key) =>
    ctx.items.filter((i) => i.dimensionKey === key).every((i) => codes.has(i.code)),
  );
  return {
    program,
    items,
    teams: teams.map((t) => ({ ...t, reps: plan.groups.find((g) => g.id === t.id)?.reps ?? 0 })),
    reps: plan.reps,
    warnings: plan.warnings,
    schedule: program.source === "scheduled" ? scheduleInWords(program) : null,
    nextWaveOn: program.source === "scheduled" && program.active ? nextWaveOn(ctx, program) : null,
    editDefaults: {
      name: program.name,
      dimensionKeys: wholeDimensions,
      itemCodes: items.filter((i) => !(i.dimensionKey && wholeDimensions.includes(i.dimensionKey))).map((i) => i.code),
      teamIds: teams.map((t) => t.id),
      includeSubteams: teams.length === 0 || teams.some((t) => t.includeSubteams),
      cadence: program.cadence,
      startsOn: program.startsOn,
      openDays: String(program.openDays),
      reminderDays: program.reminderDays.join(", "),
      rotation: program.rotation,
      rotationSeed: String(program.rotationSeed),
    },
    rotation,
    minutes: estimatedMinutes(items.map((i) => i.scale)),
    maxMinutes: MAX_RECOMMENDED_MINUTES,
    waves: waves.map(({ answered, answeredBeforeToday, ...w }) => {
      const closed = w.status === "closed";
      const m = managers.find((x) => x.waveId === w.id);
      return {
        ...w,
        answered: closed ? answered : null,
        responseRate: closed && w.invited > 0 ? answered / w.invited : null,
        answeredAtLeast: closed ? null : openWaveCount(answeredBeforeToday, w.minGroupSize),
        countedBefore: closed ? null : today,
        // Managers' self-assessments are identified, so their count is shown as it is.
        managersAsked: m?.asked ?? 0,
        managersAnswered: m?.answered ?? 0,
        // What the wave asked (a rotated wave: its slot's items; ADR 052).
        askedCodes: asked.filter((a) => a.waveId === w.id).map((a) => a.code),
      };
    }),
  };
}

export async function setProgramPaused(app: AppContext, user: SessionUser, programId: string, paused: boolean): Promise<void> {
  const program = await findProgram(app.db, user.organisationId, programId);
  if (!program) throw new InputError(said("program.error.noProgram"));
  if (program.active === !paused) return;
  await app.db.transaction().execute(async (trx) => {
    await setProgramActive(trx, user.organisationId, program.id, !paused);
    await recordAuditByUser(trx, app, user, { action: paused ? "program.pause" : "program.resume", target: { type: "program", id: program.id }, after: { name: program.name } });
  });
}

/** Closes an open wave of a program before its time (enablement's choice); it is sealed like any other. */
export async function closeWaveNow(app: AppContext, user: SessionUser, programId: string, waveId: string): Promise<void> {
  const detail = await getProgramDetail(app, user, programId);
  const wave = detail?.waves.find((w) => w.id === waveId);
  if (!wave) throw new InputError(said("program.error.noWave"));
  if (wave.status !== "open") throw new ConflictError(said("program.error.waveClosed"));
  if (!(await closeWave(app, waveId))) return;
  await recordAuditByUser(app.db, app, user, {
    action: "wave.close",
    target: { type: "wave", id: waveId },
    after: { programId: detail!.program.id, program: detail!.program.name, periodStart: wave.periodStart },
  });
}

/** What the audit log keeps of a program: its name, schedule, questions (codes) and teams (names). */
async function programAuditValues(db: Kysely<DB>, organisationId: string, programId: string): Promise<AuditValues> {
  const program = await findProgram(db, organisationId, programId);
  const [items, teams] = await Promise.all([listProgramItems(db, programId), listProgramTeams(db, programId)]);
  return {
    name: program?.name ?? null,
    cadence: program?.cadence ?? null,
    startsOn: program?.startsOn ?? null,
    openDays: program?.openDays ?? null,
    reminderDays: [...(program?.reminderDays ?? [])],
    items: items.map((i) => i.code),
    rotation: program?.rotation ?? false,
    teams: teams.map((t) => t.name),
    includeSubteams: teams.some((t) => t.includeSubteams),
  };
}

async function auditProgramChange(app: AppContext, trx: Kysely<DB>, user: SessionUser, programId: string, before: AuditValues, after: AuditValues) {
  await recordAuditByUser(trx, app, user, { action: "program.change", target: { type: "program", id: programId }, before, after });
}
