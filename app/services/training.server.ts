import { z } from "zod";
import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, NotFoundError, InputError } from "~/domain/errors";
import { periodEnd, periodStart } from "~/domain/crm/periods";
import { differenceInDifferences, periodMeans, preTrendCheck, similarTeams, type DidResult, type PanelRow, type PeriodMeans, type PreTrendResult } from "~/domain/impact";
import { listDimensions } from "#db/queries/instrument";
import { findOrganisationById } from "#db/queries/organisations";
import { listResultWaves, readGroupResults } from "#db/queries/results";
import { listTeamNodes } from "#db/queries/teams";
import type { DB } from "#db/schema";
import type { Kysely } from "kysely";
import { getCrmMetrics } from "./crm-metrics.server";
import { createOnce } from "./form-submissions.server";
import { isUuid } from "~/domain/ids";
import { formatPercentPoints } from "~/domain/format";
import { recordAuditByUser } from "./audit.server";
import { said } from "~/i18n/said";

/** Waves on each side of a training that the comparison uses. */
export const WAVES_EACH_SIDE = 3;
/** Quarters on each side for the CRM outcomes (the quarter of the training itself is left out). */
export const QUARTERS_EACH_SIDE = 2;

function requireEnablement(user: SessionUser): void {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("training.error.forbidden"));
}

export const cohortSchema = z.object({
  name: z.string().trim().min(2, said("training.error.name")).max(120, said("training.error.nameLong")),
  heldOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, said("training.error.dateFormat")),
  managerIds: z.array(z.string().refine((id) => isUuid(id), said("training.error.unknownManagers"))).min(1, said("training.error.noManagers")),
  dimensionKeys: z.array(z.string()).min(1, said("training.error.noDimensions")),
});

/** The managers who lead a team, and the dimensions, for the form. */
export async function getTrainingForm(app: AppContext, user: SessionUser) {
  requireEnablement(user);
  const [managers, dimensions] = await Promise.all([listTeamManagers(app.db, user.organisationId), listDimensions(app.db, user.organisationId)]);
  return { managers, dimensions: dimensions.map((d) => ({ key: d.key, name: d.name })) };
}

async function listTeamManagers(db: Kysely<DB>, organisationId: string) {
  const rows = await db
    .selectFrom("team")
    .innerJoin("person", "person.id", "team.managerId")
    .select(["person.id", "person.name", "team.name as teamName"])
    .where("team.organisationId", "=", organisationId)
    .where("person.active", "=", true)
    .orderBy("person.name")
    .execute();
  const byPerson = new Map<string, { id: string; name: string; teams: string[] }>();
  for (const r of rows) {
    const entry = byPerson.get(r.id) ?? { id: r.id, name: r.name, teams: [] };
    entry.teams.push(r.teamName);
    byPerson.set(r.id, entry);
  }
  return [...byPerson.values()];
}

/**
 * Records a training: who took it, when, and which dimensions it targets. Bad input writes nothing; the same
 * form sent twice (`submissionKey`) records one training.
 */
export async function createCohort(app: AppContext, user: SessionUser, input: unknown, submissionKey?: string): Promise<{ id: string }> {
  requireEnablement(user);
  const parsed = cohortSchema.safeParse(input);
  const fields: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
  if (parsed.success) {
    const date = new Date(`${parsed.data.heldOn}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== parsed.data.heldOn) fields.heldOn = said("training.error.noSuchDate");
    // JavaScript reads year 0000, which PostgreSQL refuses; no training was held outside this century.
    else if (parsed.data.heldOn < "2000-01-01" || parsed.data.heldOn > "2099-12-31") fields.heldOn = said("training.error.dateRange");
    const managers = new Set((await listTeamManagers(app.db, user.organisationId)).map((m) => m.id));
    if (parsed.data.managerIds.some((id) => !managers.has(id))) fields.managerIds = said("training.error.unknownManagers");
    const dimensions = new Set((await listDimensions(app.db, user.organisationId)).map((d) => d.key));
    if (parsed.data.dimensionKeys.some((k) => !dimensions.has(k))) fields.dimensionKeys = said("training.error.unknownDimensions");
  }
  if (!parsed.success || Object.keys(fields).length > 0) throw new InputError(said("training.error.refused"), fields);
  const data = parsed.data;
  return createOnce(app, user, "cohort", submissionKey, async (trx) => {
    const cohort = await trx
      .insertInto("trainingCohort")
      .values({ organisationId: user.organisationId, name: data.name, heldOn: data.heldOn, dimensionKeys: [...new Set(data.dimensionKeys)], createdBy: user.personId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("trainingParticipant")
      .values([...new Set(data.managerIds)].map((personId) => ({ cohortId: cohort.id, personId })))
      .execute();
    await recordAuditByUser(trx, app, user, {
      action: "training.create",
      target: { type: "training", id: cohort.id },
      after: { name: data.name, heldOn: data.heldOn, dimensionKeys: [...new Set(data.dimensionKeys)], managerIds: [...new Set(data.managerIds)] },
    });
    return cohort.id;
  });
}

export async function listCohorts(app: AppContext, user: SessionUser) {
  requireEnablement(user);
  return app.db
    .selectFrom("trainingCohort as c")
    .select((eb) => [
      "c.id",
      "c.name",
      "c.heldOn",
      "c.dimensionKeys",
      eb.selectFrom("trainingParticipant as p").whereRef("p.cohortId", "=", "c.id").select(eb.fn.countAll<number>().as("n")).as("managers"),
    ])
    .where("c.organisationId", "=", user.organisationId)
    .orderBy("c.heldOn", "desc")
    .execute();
}

export interface CohortImpact {
  cohort: { id: string; name: string; heldOn: string; managers: string[] };
  trainedTeams: string[];
  before: string[];
  after: string[];
  outcomes: Array<{
    key: string;
    label: string;
    kind: "culture" | "crm";
    comparisonTeams: string[];
    result: DidResult;
    /** Whether the two groups moved in parallel before the training, which the estimate assumes (ADR 025). */
    preTrend: PreTrendResult;
    /** Each group's mean per period before and after (the teams the estimate uses), labelled by period start. */
    series: Array<PeriodMeans & { label: string }>;
  }>;
}

/**
 * Whether a training worked: for each targeted dimension, and for win rate and upside from known pipeline (the sandbagging signal), the trained
 * managers' teams against similar untrained teams (closest before the training), before and after it
 * (difference-in-differences with its interval; "too little data" when it cannot tell). Culture comes from
 * the results engine's shown cells only, so a hidden team never enters.
 */
export async function getCohortImpact(app: AppContext, user: SessionUser, cohortId: string): Promise<CohortImpact> {
  requireEnablement(user);
  const cohort = isUuid(cohortId)
    ? await app.db.selectFrom("trainingCohort").selectAll().where("id", "=", cohortId).where("organisationId", "=", user.organisationId).executeTakeFirst()
    : undefined;
  if (!cohort) throw new NotFoundError(said("training.error.notFound"));
  const [participants, nodes, waves, dimensions, org] = await Promise.all([
    app.db
      .selectFrom("trainingParticipant as p")
      .innerJoin("person", "person.id", "p.personId")
      .select(["person.id", "person.name"])
      .where("p.cohortId", "=", cohort.id)
      .orderBy("person.name")
      .execute(),
    listTeamNodes(app.db, user.organisationId),
    listResultWaves(app.db, user.organisationId),
    listDimensions(app.db, user.organisationId),
    findOrganisationById(app.db, user.organisationId),
  ]);
  const trained = new Set(participants.map((p) => p.id));
  const managerOf = new Map(
    (await app.db.selectFrom("team").select(["id", "managerId"]).where("organisationId", "=", user.organisationId).execute()).map((t) => [t.id, t.managerId]),
  );
  const parents = new Set(nodes.map((n) => n.parentId).filter(Boolean));
  const leaves = nodes.filter((n) => !parents.has(n.id));
  const treatedTeams = leaves.filter((n) => trained.has(managerOf.get(n.id) ?? "")).map((n) => n.id);
  const candidates = leaves.filter((n) => !trained.has(managerOf.get(n.id) ?? "")).map((n) => n.id);
  const name = new Map(nodes.map((n) => [n.id, n.name]));

  const before = waves.filter((w) => w.periodStart < cohort.heldOn).slice(-WAVES_EACH_SIDE);
  const after = waves.filter((w) => w.periodStart >= cohort.heldOn).slice(0, WAVES_EACH_SIDE);
  const used = [...before, ...after];
  const afterIds = new Set(after.map((w) => w.id));
  // Waves are counted in order (a slope is per wave); quarters by their start month (a slope is per quarter).
  const waveIndex = new Map(waves.map((w, i) => [w.id, i]));
  const waveStart = new Map(waves.map((w) => [w.id, w.periodStart]));
  const cells = await readGroupResults(app.db, { waveIds: used.map((w) => w.id), groupIds: [...treatedTeams, ...candidates], kinds: ["dimension"] });

  const outcomes: CohortImpact["outcomes"] = [];
  for (const key of cohort.dimensionKeys) {
    const dimension = dimensions.find((d) => d.key === key);
    if (!dimension) continue;
    const rows: PanelRow[] = cells.filter((c) => c.key === key && c.shown && c.mean !== null).map((c) => ({ team: c.groupId, period: c.waveId, value: c.mean! }));
    const isAfter = (waveId: string) => afterIds.has(waveId);
    const control = similarTeams(rows, treatedTeams, candidates, isAfter);
    const label = dimension.name.toLowerCase();
    const periodIndex = (waveId: string) => waveIndex.get(waveId) ?? 0;
    outcomes.push({
      key,
      label,
      kind: "culture",
      comparisonTeams: control.map((t) => name.get(t) ?? t),
      result: differenceInDifferences({ rows, treated: treatedTeams, control, isAfter, higherIsBetter: dimension.higherIsBetter, label }),
      preTrend: preTrendCheck({ rows, treated: treatedTeams, control, isAfter, periodIndex, label, unit: "wave" }),
      series: periodMeans({ rows, treated: treatedTeams, control, isAfter, periodIndex }).map((p) => ({ ...p, label: waveStart.get(p.period) ?? p.period })),
    });
  }

  // CRM: whole quarters before and after (the training's own quarter is mixed, so it is left out).
  const fiscal = org?.fiscalYearStartMonth ?? 1;
  const trainingQuarter = periodStart(cohort.heldOn, "quarter", fiscal);
  const crm = await getCrmMetrics(app, user.organisationId, "quarter");
  const quarters = [...new Set(crm.rows.map((r) => r.period))].sort();
  const today = app.now().toISOString().slice(0, 10);
  const crmBefore = quarters.filter((q) => periodEnd(q, "quarter", fiscal) < trainingQuarter).slice(-QUARTERS_EACH_SIDE);
  const crmAfter = quarters.filter((q) => q > trainingQuarter && q <= today).slice(0, QUARTERS_EACH_SIDE);
  const crmUsed = new Set([...crmBefore, ...crmAfter]);
  const percent = (v: number) => formatPercentPoints(v);
  // Slopes per quarter are small: one decimal of a point.
  const slopePoints = (v: number) => formatPercentPoints(v, 1);
  const quarterIndex = (q: string) => (Number(q.slice(0, 4)) * 12 + Number(q.slice(5, 7)) - 1) / 3;
  for (const [key, label, higherIsBetter] of [
    ["winRate", "win rate", true],
    ["knownUpsideShare", "upside from known pipeline", false],
  ] as const) {
    const rows: PanelRow[] = crm.rows
      .filter((r) => crmUsed.has(r.period) && r[key] !== null && (treatedTeams.includes(r.team) || candidates.includes(r.team)))
      .map((r) => ({ team: r.team, period: r.period, value: r[key]! }));
    const isAfter = (q: string) => q > trainingQuarter;
    const control = similarTeams(rows, treatedTeams, candidates, isAfter);
    outcomes.push({
      key,
      label,
      kind: "crm",
      comparisonTeams: control.map((t) => name.get(t) ?? t),
      // Upside from known pipeline (wins from deals open but left out of Commit) is the sandbagging signal: a fall is the improvement looked for.
      result: differenceInDifferences({ rows, treated: treatedTeams, control, isAfter, higherIsBetter, label, format: percent }),
      preTrend: preTrendCheck({ rows, treated: treatedTeams, control, isAfter, periodIndex: quarterIndex, label, unit: "quarter", format: slopePoints }),
      series: periodMeans({ rows, treated: treatedTeams, control, isAfter, periodIndex: quarterIndex }).map((p) => ({ ...p, label: p.period })),
    });
  }
  return {
    cohort: { id: cohort.id, name: cohort.name, heldOn: cohort.heldOn, managers: participants.map((p) => p.name) },
    trainedTeams: treatedTeams.map((t) => name.get(t) ?? t),
    before: before.map((w) => w.periodStart),
    after: after.map((w) => w.periodStart),
    outcomes,
  };
}
