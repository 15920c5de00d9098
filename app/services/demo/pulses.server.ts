import type { AppContext } from "~/context.server";
import { answerField } from "~/domain/answers";
import { addDays, addMonths } from "~/domain/calendar";
import { DEFAULT_ITEMS } from "~/domain/instrument";
import { dateInZone } from "~/domain/organisation-settings";
import { insertProgram } from "#db/queries/programs";
import { listItems } from "#db/queries/instrument";
import { listTeamNodes } from "#db/queries/teams";
import { listAudience } from "#db/queries/waves";
import { newIdempotencyKey, submitPulse } from "../answering.server";
import { createBallotKeys } from "../ballots.server";
import { recordAudit } from "../audit.server";
import { ensureItemBank } from "../instrument.server";
import { closeWave, openWave } from "../waves.server";
import { submitSelfAssessment } from "../self-assessment.server";
import type { SessionUser } from "~/auth/session.server";
import { listSelfAssessmentsOfWave } from "#db/queries/self-assessments";
import { clamp, normal, seededRandom } from "./random";

/** Each demo team's culture (scored 1–7; forecast pressure: higher = more pressure) and its monthly drift. */
export const DEMO_TEAM_PROFILES: Record<string, { ps: number; co: number; ks: number; fp: number; drift: number }> = {
  "NA Enterprise": { ps: 5.5, co: 5.3, ks: 5.1, fp: 2.9, drift: 0.05 },
  "NA Mid-Market": { ps: 4.7, co: 4.5, ks: 4.3, fp: 4.1, drift: 0 },
  "NA Commercial": { ps: 3.7, co: 4.0, ks: 3.5, fp: 5.5, drift: -0.06 },
  "NA Renewals": { ps: 5.0, co: 5.4, ks: 5.2, fp: 3.2, drift: 0.02 },
  "EMEA Enterprise": { ps: 5.1, co: 4.9, ks: 4.6, fp: 3.5, drift: 0.03 },
  "EMEA Mid-Market": { ps: 4.1, co: 4.5, ks: 4.7, fp: 4.0, drift: 0.12 },
  DACH: { ps: 5.7, co: 5.5, ks: 5.4, fp: 2.7, drift: 0.01 },
  Nordics: { ps: 5.3, co: 5.0, ks: 4.9, fp: 3.0, drift: 0 },
  ANZ: { ps: 4.5, co: 4.2, ks: 4.0, fp: 4.6, drift: -0.1 },
  Japan: { ps: 5.0, co: 5.2, ks: 4.4, fp: 3.6, drift: 0.02 },
  "Southeast Asia": { ps: 4.0, co: 4.3, ks: 3.9, fp: 4.9, drift: 0.04 },
  India: { ps: 4.8, co: 4.9, ks: 5.0, fp: 3.9, drift: 0.06 },
};

/**
 * The demo's recorded manager training: these teams' managers took "Coaching by questions" just before the
 * fourth wave, and from then on their teams feel safer and under less forecast pressure — a visible effect
 * for the training impact view.
 */
export const DEMO_TRAINING = {
  name: "Coaching by questions",
  teams: ["NA Commercial", "DACH", "Japan"],
  fromMonth: 3,
  effect: { ps: 0.8, fp: -0.6 },
  dimensionKeys: ["psychological_safety", "forecast_pressure"],
} as const;

/** A team's culture in a month of the demo: its profile, its drift, and the training's effect after it. */
function cultureAt(team: string, month: number): Record<"ps" | "co" | "ks" | "fp", number> {
  const profile = DEMO_TEAM_PROFILES[team] ?? { ps: 4.5, co: 4.5, ks: 4.5, fp: 4, drift: 0 };
  const trained = (DEMO_TRAINING.teams as readonly string[]).includes(team) && month >= DEMO_TRAINING.fromMonth;
  return {
    ps: profile.ps + profile.drift * month + (trained ? DEMO_TRAINING.effect.ps : 0),
    co: profile.co + profile.drift * month * 0.8,
    ks: profile.ks + profile.drift * month * 0.6,
    fp: profile.fp - profile.drift * month * 0.7 + (trained ? DEMO_TRAINING.effect.fp : 0),
  };
}

/** How each demo manager's view differs from their team's (scored points): some large blind spots. */
const MANAGER_BIAS: Record<string, Partial<Record<"ps" | "co" | "ks" | "fp", number>>> = {
  "NA Commercial": { ps: 2.4, co: 1.2, ks: 1.5, fp: -2.5 },
  ANZ: { ps: 1.4, fp: -1.2 },
  "NA Mid-Market": { ks: 0.9 },
  "EMEA Mid-Market": { ps: -0.9, co: -0.6 },
  "Southeast Asia": { fp: 1.0 },
};

const COMMENTS = {
  ps: [
    "Make it safe to flag a slipping deal early without a post-mortem.",
    "Pipeline reviews feel like interrogations; more questions, fewer verdicts.",
    "Recognise people who raise risks, not only the ones who close.",
  ],
  co: [
    "Clean hand-offs between SDRs and AEs: we drop context every week.",
    "A weekly deal clinic where we work the hardest deals together.",
    "Stop splitting credit so strictly; people stop helping each other.",
  ],
  ks: [
    "A shared place for competitive intel that people actually use.",
    "Win/loss reviews with the whole team, not just the manager.",
    "Notes in the CRM that a teammate could pick up from.",
  ],
  fp: ["Praise accurate calls, even when the news is bad.", "Commit should mean our honest best estimate, not a safe number.", "Stop penalising slips that we flagged in time."],
} as const;

const DIMENSION_KEY = { ps: "psychological_safety", co: "collaboration", ks: "intel_sharing", fp: "forecast_pressure" } as const;
type Dim = keyof typeof DIMENSION_KEY;

/** One rep's raw answers (not reverse-coded) from their team's culture at that moment. */
function generateAnswers(random: () => number, culture: Record<Dim, number>): Record<string, string> {
  const fields: Record<string, string> = {};
  const latent = Object.fromEntries((Object.keys(DIMENSION_KEY) as Dim[]).map((d) => [d, culture[d] + normal(random, 0, 0.55)])) as Record<Dim, number>;
  for (const item of DEFAULT_ITEMS) {
    const dim = (Object.keys(DIMENSION_KEY) as Dim[]).find((d) => DIMENSION_KEY[d] === item.dimensionKey);
    if (!dim) continue;
    if (random() < 0.04) continue; // a few skipped items
    const scored = clamp(Math.round(latent[dim] + normal(random, 0, 0.65)), 1, 7);
    fields[answerField(item.code)] = String(item.reverseKeyed ? 8 - scored : scored);
  }
  const enps = clamp(Math.round(5.2 + 1.7 * ((latent.ps + latent.co) / 2 - 4) + normal(random, 0, 1.5)), 0, 10);
  fields[answerField("ENPS")] = String(enps);
  if (random() < 0.35) {
    const weakest = (["ps", "co", "ks"] as const).reduce((a, b) => (latent[a] < latent[b] ? a : b));
    const pool = latent.fp > 4.8 ? COMMENTS.fp : COMMENTS[weakest];
    fields[answerField("COMMENT")] = pool[Math.floor(random() * pool.length)]!;
  }
  return fields;
}

/** A manager's raw self-assessment answers: their team's culture as they see it. */
function generateManagerAnswers(random: () => number, culture: Record<Dim, number>, bias: Partial<Record<Dim, number>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const item of DEFAULT_ITEMS) {
    const dim = (Object.keys(DIMENSION_KEY) as Dim[]).find((d) => DIMENSION_KEY[d] === item.dimensionKey);
    if (!dim) continue;
    const scored = clamp(Math.round(culture[dim] + (bias[dim] ?? 0.25) + normal(random, 0, 0.4)), 1, 7);
    fields[answerField(item.code)] = String(item.reverseKeyed ? 8 - scored : scored);
  }
  return fields;
}

/** The app as it was at another moment: the demo replays past waves through the real services. */
const at = (app: AppContext, when: Date): AppContext => ({ ...app, now: () => new Date(when) });

export interface DemoHistory {
  programId: string;
  closedWaves: number;
  /** When the demo's manager training took place: ten days before the wave it first shows in. */
  trainingHeldOn: string;
}

const PROGRAM_NAME = "Monthly team pulse";
/** The demo's pulse program has six monthly waves that are closed (two quarters), then the open one. */
const OPEN_MONTH = 6;
const SEED = 20261126;

/** The context every month of the demo's program is answered in. */
interface DemoProgram {
  id: string;
  organisationId: string;
  firstStart: string;
  teamName: Map<string, string>;
}

/**
 * The demo's history (ADR 028): the "Monthly team pulse" program and its six closed monthly waves (two
 * quarters), every answer stored through the same submit path a rep's browser uses, then closed. It holds
 * no secret: ballot hashes and issuance records are gone at close and these waves have no ballot keys, so a
 * prepared data directory can hold it (made on the same day). The open wave comes from seedDemoOpenWave.
 */
export async function seedDemoPulseHistory(app: AppContext, organisationId: string, timezone: string): Promise<DemoHistory> {
  await ensureItemBank(app.db, organisationId);
  const random = seededRandom(SEED);
  const today = dateInZone(app.now(), timezone);
  const firstStart = addMonths(addDays(today, -2), -OPEN_MONTH);
  const items = await listItems(app.db, organisationId);
  const teams = await listTeamNodes(app.db, organisationId);
  const regionIds = teams.filter((t) => t.parentId === null).map((t) => t.id);
  const chosen = items.filter((i) => i.source === "default");
  const program = await app.db.transaction().execute(async (trx) => {
    const values = { organisationId, name: PROGRAM_NAME, cadence: "monthly" as const, startsOn: firstStart, openDays: 10, reminderDays: [3, 7] };
    const created = await insertProgram(
      trx,
      values,
      chosen.map((i) => i.id),
      regionIds.map((teamId) => ({ teamId, includeSubteams: true })),
    );
    await recordAudit(trx, {
      organisationId,
      actor: { kind: "system", name: "demo-seed" },
      action: "program.create",
      target: { type: "program", id: created.id },
      source: "demo",
      after: {
        name: values.name,
        cadence: values.cadence,
        startsOn: values.startsOn,
        openDays: values.openDays,
        reminderDays: values.reminderDays,
        items: chosen.map((i) => i.code),
        teams: teams.filter((t) => t.parentId === null).map((t) => t.name),
        includeSubteams: true,
      },
      at: app.now(),
    });
    return created;
  });
  const demo: DemoProgram = { id: program.id, organisationId, firstStart, teamName: new Map(teams.map((t) => [t.id, t.name])) };
  let closedWaves = 0;
  for (let month = 0; month < OPEN_MONTH; month++) {
    if (await seedDemoMonth(app, demo, month, random)) closedWaves++;
  }
  const trainingHeldOn = addDays(addMonths(firstStart, DEMO_TRAINING.fromMonth, Number(firstStart.slice(8, 10))), -10);
  return { programId: program.id, closedWaves, trainingHeldOn };
}

/**
 * The demo program's open wave: opened two days ago with its ballot keys (made now, sealed under this
 * server's secret key), about half the reps and managers already answered. Its answers are drawn from a
 * random stream of their own, so that it comes out the same whether the history was seeded just before or
 * prepared at build time. Does nothing when the program has no history or already has its open wave.
 */
export async function seedDemoOpenWave(app: AppContext, organisationId: string): Promise<string | null> {
  const program = await app.db
    .selectFrom("pulseProgram")
    .select(["id", "startsOn"])
    .where("organisationId", "=", organisationId)
    .where("name", "=", PROGRAM_NAME)
    .executeTakeFirst();
  if (!program) return null;
  const waves = await app.db.selectFrom("wave").select("status").where("programId", "=", program.id).execute();
  if (waves.length !== OPEN_MONTH || waves.some((w) => w.status === "open")) return null;
  const teams = await listTeamNodes(app.db, organisationId);
  const demo: DemoProgram = { id: program.id, organisationId, firstStart: program.startsOn, teamName: new Map(teams.map((t) => [t.id, t.name])) };
  return seedDemoMonth(app, demo, OPEN_MONTH, seededRandom(SEED + OPEN_MONTH));
}

/** One month of the demo program: its wave opened, answered through the real paths, and closed unless it is the open month. */
async function seedDemoMonth(app: AppContext, demo: DemoProgram, month: number, random: () => number): Promise<string | null> {
  const { firstStart } = demo;
  const periodStart = addMonths(firstStart, month, Number(firstStart.slice(8, 10)));
  const opensAt = new Date(`${periodStart}T08:00:00Z`);
  const closesOn = addDays(periodStart, 10);
  const isOpen = month === OPEN_MONTH;
  const program = { id: demo.id, organisationId: demo.organisationId };
  // The open wave's ballot keys are made while its answers are stored (they go through the form path,
  // which needs none), in the thread pool (ADR 028); the seed ends, and the server takes requests, only
  // once they are in. Past waves, which close at once, have no use for keys.
  const opened = await openWave(at(app, opensAt), program, { periodStart, closesOn }, { notify: false, opensAt, ballotKeys: false });
  if (!opened) return null;
  const keys = isOpen ? createBallotKeys(app, app.db, opened.waveId) : null;
  keys?.catch(() => {}); // awaited below
  const audience = await listAudience(app.db, opened.waveId);
  const people = await app.db.selectFrom("waveAudience").select(["personId", "teamId"]).where("waveId", "=", opened.waveId).execute();
  const teamOf = new Map(people.map((p) => [p.personId, p.teamId]));
  for (const person of audience) {
    const name = demo.teamName.get(teamOf.get(person.id)!) ?? "";
    const answersProbability = isOpen ? 0.45 : 0.78;
    if (random() > answersProbability) continue;
    const culture = cultureAt(name, month);
    const when = new Date(opensAt.getTime() + Math.floor(random() * (isOpen ? 2 : 9)) * 86_400_000 + 3_600_000);
    const result = await submitPulse(
      at(app, when),
      { waveId: opened.waveId, personId: person.id },
      {
        fields: generateAnswers(random, culture),
        idempotencyKey: newIdempotencyKey(),
        editSecret: null,
      },
    );
    if (result.status !== "saved") throw new Error(`demo answer was not saved: ${result.status}`);
  }
  // Managers answer their self-assessment: all of them in past waves, about half in the open one.
  for (const assessment of await listSelfAssessmentsOfWave(app.db, opened.waveId)) {
    if (isOpen && random() < 0.5) continue;
    const culture = cultureAt(assessment.teamName, month);
    const manager = { personId: assessment.id, organisationId: demo.organisationId } as SessionUser;
    const when = new Date(opensAt.getTime() + 86_400_000);
    await submitSelfAssessment(at(app, when), manager, opened.waveId, assessment.teamId, generateManagerAnswers(random, culture, MANAGER_BIAS[assessment.teamName] ?? {}));
  }
  if (keys) await keys;
  if (!isOpen) await closeWave(at(app, new Date(`${closesOn}T00:00:00Z`)), opened.waveId);
  return opened.waveId;
}
