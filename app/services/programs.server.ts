import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { openWaveCount } from "~/domain/anonymity";
import { dateInZone } from "~/domain/organisation-settings";
import { estimatedMinutes, MAX_RECOMMENDED_MINUTES } from "~/domain/instrument";
import { duePeriod, validReminderDays, type Cadence } from "~/domain/schedule";
import { findOrganisationById } from "#db/queries/organisations";
import { listItems } from "#db/queries/instrument";
import { findProgram, insertProgram, listProgramItems, listPrograms, listProgramTeams, listProgramWaves, setProgramActive } from "#db/queries/programs";
import { listTeamNodes } from "#db/queries/teams";
import { countSelfAssessments } from "#db/queries/self-assessments";
import { ConflictError, InputError } from "~/domain/errors";
import { ensureItemBank } from "./instrument.server";
import { closeWave, openWave } from "./waves.server";

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
}

/**
 * Creates a pulse program from whole dimensions and single items, for teams (with their sub-teams if
 * asked). If a wave is due today it opens at once and the invitations go out.
 */
export async function createProgram(app: AppContext, user: SessionUser, input: ProgramInput): Promise<{ id: string; openedWave: boolean }> {
  await ensureItemBank(app.db, user.organisationId);
  const org = await findOrganisationById(app.db, user.organisationId);
  const items = (await listItems(app.db, user.organisationId)).filter((i) => !i.retiredAt && (i.source !== "edmondson" || org?.edmondsonEnabled));
  const chosen = items.filter((i) => (i.dimensionKey && input.dimensionKeys.includes(i.dimensionKey)) || input.itemCodes.includes(i.code));
  const unknown = input.itemCodes.filter((code) => !items.some((i) => i.code === code));
  if (unknown.length > 0) throw new InputError(`These items do not exist or are retired: ${unknown.join(", ")}.`, { itemCodes: "Pick items from the list" });
  if (chosen.length === 0) throw new InputError("Pick at least one dimension or item.", { items: "Pick at least one" });
  const teams = await listTeamNodes(app.db, user.organisationId);
  const badTeams = input.teamIds.filter((id) => !teams.some((t) => t.id === id));
  if (input.teamIds.length === 0 || badTeams.length > 0) throw new InputError("Pick the teams that receive this pulse.", { teamIds: "Pick at least one team" });
  const reminderDays = validReminderDays(input.reminderDays, input.openDays);
  const program = await app.db.transaction().execute((trx) =>
    insertProgram(
      trx,
      {
        organisationId: user.organisationId,
        name: input.name,
        cadence: input.cadence,
        startsOn: input.startsOn,
        openDays: input.openDays,
        reminderDays,
      },
      chosen.map((i) => i.id),
      input.teamIds.map((teamId) => ({ teamId, includeSubteams: input.includeSubteams })),
    ),
  );
  const due = duePeriod(program, org?.fiscalYearStartMonth ?? 1, dateInZone(app.now(), org?.timezone ?? "UTC"));
  const opened = due ? await openWave(app, program, due, { notify: true }) : null;
  return { id: program.id, openedWave: Boolean(opened) };
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
  const today = await organisationToday(app, user.organisationId);
  const [items, teams, waves, managers] = await Promise.all([
    listProgramItems(app.db, program.id),
    listProgramTeams(app.db, program.id),
    listProgramWaves(app.db, program.id, today),
    countSelfAssessments(app.db, program.id),
  ]);
  return {
    program,
    items,
    teams,
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
      };
    }),
  };
}

export async function setProgramPaused(app: AppContext, user: SessionUser, programId: string, paused: boolean): Promise<void> {
  const program = await findProgram(app.db, user.organisationId, programId);
  if (!program) throw new InputError("There is no such program.");
  await setProgramActive(app.db, user.organisationId, program.id, !paused);
}

/** Closes an open wave of a program before its time (enablement's choice); it is sealed like any other. */
export async function closeWaveNow(app: AppContext, user: SessionUser, programId: string, waveId: string): Promise<void> {
  const detail = await getProgramDetail(app, user, programId);
  const wave = detail?.waves.find((w) => w.id === waveId);
  if (!wave) throw new InputError("There is no such wave in this program.");
  if (wave.status !== "open") throw new ConflictError("This wave is already closed.");
  await closeWave(app, waveId);
}
