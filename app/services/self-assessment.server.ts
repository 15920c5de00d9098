import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "~/domain/errors";
import { parseAnswers } from "~/domain/answers";
import { z } from "zod";
import { computeGap, GAP_READINGS, type GapDimension, type GapItem, type GapResult, type TeamCell } from "~/domain/gap";
import { listWaveDimensionItems, readGroupResults } from "#db/queries/results";
import { listDimensions, listItems } from "#db/queries/instrument";
import { findTeam } from "#db/queries/teams";
import { findSelfAssessment, listClosedWavesOfTeam, listSelfAssessmentsForManager, readSelfAssessmentAnswers, saveSelfAssessment } from "#db/queries/self-assessments";
import { findWave, listWaveItems } from "#db/queries/waves";
import { isUuid } from "~/domain/ids";
import { said } from "~/i18n/said";
import { dimensionInLanguage, itemInLanguage, scaleAnchors } from "~/domain/item-language";
import { findOrganisationById } from "#db/queries/organisations";
import { itemBank } from "~/i18n/catalogues.server";
import type { Locale } from "~/domain/locales";

/** The rated items of a wave that have a mirrored text: what the manager is asked. */
async function selfAssessmentItems(app: AppContext, organisationId: string, waveId: string) {
  const [waveItems, items] = await Promise.all([listWaveItems(app.db, waveId), listItems(app.db, organisationId)]);
  const mirrored = new Map(items.filter((i) => i.managerText).map((i) => [i.id, i]));
  return waveItems
    .filter((w) => w.scale === "agree7" && mirrored.has(w.id))
    .map((w) => ({
      id: w.id,
      code: w.code,
      text: mirrored.get(w.id)!.managerText!,
      source: w.source,
      scale: "agree7" as const,
      dimensionKey: w.dimensionKey,
      dimensionName: w.dimensionName,
    }));
}

/** Loads a self-assessment for the manager it was asked of; 404 for an unknown one, 403 for anyone else. */
async function requireOwnSelfAssessment(app: AppContext, user: SessionUser, waveId: string, teamId: string) {
  const assessment = isUuid(waveId) && isUuid(teamId) ? await findSelfAssessment(app.db, waveId, teamId) : undefined;
  if (!assessment || assessment.organisationId !== user.organisationId) throw new NotFoundError(said("selfAssessment.notFound"));
  if (assessment.managerId !== user.personId) throw new ForbiddenError(said("selfAssessment.notYours"));
  const wave = (await findWave(app.db, waveId))!;
  return { assessment, wave };
}

export interface SelfAssessmentForm {
  waveId: string;
  teamId: string;
  teamName: string;
  open: boolean;
  closesAt: Date;
  /**
   * The manager's wording of each item in the page's language (the item bank's "manager.<code>" for Candor's
   * and Edmondson's items), else in the organisation's language, marked as a fallback (as a rep's items are).
   */
  items: Array<{ code: string; text: string; lang: Locale; fallback: boolean; scale: "agree7"; dimensionName: string | null }>;
  /** The answer scale's words in the page's language. */
  anchors: { agree7: string[]; nps11: [string, string] };
  answers: Record<string, string> | null;
  submittedAt: Date | null;
}

/** The manager's self-assessment page: each item mirrored from their side, with their saved answers. */
export async function getSelfAssessmentForm(app: AppContext, user: SessionUser, waveId: string, teamId: string, locale: Locale = "en"): Promise<SelfAssessmentForm> {
  const { assessment, wave } = await requireOwnSelfAssessment(app, user, waveId, teamId);
  const [items, answers, organisation] = await Promise.all([
    selfAssessmentItems(app, user.organisationId, waveId),
    readSelfAssessmentAnswers(app.db, waveId, teamId),
    findOrganisationById(app.db, user.organisationId),
  ]);
  return {
    waveId,
    teamId,
    teamName: assessment.teamName,
    open: wave.status === "open" && wave.closesAt.getTime() > app.now().getTime(),
    closesAt: wave.closesAt,
    items: items.map(({ code, text, source, scale, dimensionKey, dimensionName }) => {
      // An organisation keeps no translations of its items' manager wording: only the item bank has them.
      const shown = itemInLanguage({ code, text, source, translations: null }, locale, organisation?.defaultLanguage ?? null, itemBank, "manager");
      return { code, text: shown.text, lang: shown.lang, fallback: shown.fallback, scale, dimensionName: dimensionInLanguage(dimensionKey, dimensionName, locale, itemBank) };
    }),
    anchors: scaleAnchors(locale, itemBank),
    answers: assessment.submittedAt ? Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, String(v)])) : null,
    submittedAt: assessment.submittedAt,
  };
}

/** Saves (or changes) the manager's self-assessment while the wave is open. */
export async function submitSelfAssessment(app: AppContext, user: SessionUser, waveId: string, teamId: string, fields: Record<string, string | undefined>): Promise<void> {
  const { wave } = await requireOwnSelfAssessment(app, user, waveId, teamId);
  if (wave.status !== "open" || wave.closesAt.getTime() <= app.now().getTime()) {
    throw new ConflictError(said("selfAssessment.closed"));
  }
  const items = await selfAssessmentItems(app, user.organisationId, waveId);
  const parsed = parseAnswers(items, fields);
  if (!parsed.ok) throw new InputError(parsed.formError, parsed.fieldErrors);
  await app.db.transaction().execute((trx) =>
    saveSelfAssessment(
      trx,
      { waveId, teamId },
      parsed.answers.map((a) => ({ itemId: a.itemId, value: a.value! })),
      app.now(),
    ),
  );
}

export async function listMySelfAssessments(app: AppContext, user: SessionUser) {
  const now = app.now().getTime();
  return (await listSelfAssessmentsForManager(app.db, user.personId)).map((s) => ({
    ...s,
    open: s.status === "open" && s.closesAt.getTime() > now,
    answered: s.submittedAt !== null,
  }));
}

/**
 * Who may see a team's self-assessment and gap: the team's manager (current, or the one asked), and
 * enablement and admins of the organisation. 404 for a team of another organisation.
 */
async function requireGapAccess(app: AppContext, user: SessionUser, teamId: string) {
  const team = isUuid(teamId) ? await findTeam(app.db, user.organisationId, teamId) : undefined;
  if (!team) throw new NotFoundError(said("selfAssessment.noTeam"));
  if (user.role === "enablement" || user.role === "admin" || team.managerId === user.personId) return team;
  throw new ForbiddenError(said("selfAssessment.gapForbidden"));
}

export interface GapView {
  team: { id: string; name: string };
  wave: { id: string; periodStart: string; programName: string } | null;
  managerName: string | null;
  /** Whether the person looking is the team's manager: the page then says "you". */
  viewerIsManager: boolean;
  answeredByManager: boolean;
  gap: GapResult | null;
  /** Per dimension, the gap over the last closed waves (oldest first); null where hidden or unanswered. */
  trend: Array<{ periodStart: string; gaps: Record<string, number | null> }>;
  dimensions: Array<{ key: string; name: string; higherIsBetter: boolean }>;
}

const HIDDEN_REASONS: Record<string, (k: number) => string> = {
  "below-threshold": (k) => said("gap.hidden.belowThreshold", { minimum: k }),
  "protects-another-group": () => said("gap.hidden.protectsAnotherGroup"),
};

/**
 * A team's gap in one wave. The team's side is the results engine's materialized cells of that wave
 * (ADR 022): the team's score per dimension and item exactly as its page and the heatmap show it,
 * computed once at close over the team tree of that moment and suppressed on its own counts. Nothing is
 * recomputed from raw answers, so the gap cannot show a group the engine would hide, or a number that
 * differs from a shown one by a group it hid. A hidden team cell hides the whole gap; a hidden dimension
 * or item cell hides that row.
 */
async function gapOfWave(app: AppContext, organisationId: string, wave: { id: string; minGroupSize: number }, teamId: string, dimensions: GapDimension[]) {
  const [items, waveItems, allItems, assessment, cells] = await Promise.all([
    selfAssessmentItems(app, organisationId, wave.id),
    listWaveDimensionItems(app.db, [wave.id]),
    listItems(app.db, organisationId),
    findSelfAssessment(app.db, wave.id, teamId),
    readGroupResults(app.db, { waveIds: [wave.id], groupIds: [teamId], kinds: ["responses", "dimension", "item"] }),
  ]);
  const responses = cells.find((c) => c.kind === "responses");
  if (!responses?.shown) {
    const reason = HIDDEN_REASONS[responses?.reason ?? "below-threshold"] ?? HIDDEN_REASONS["below-threshold"]!;
    const gap: GapResult = { status: "hidden", reason: reason(wave.minGroupSize) };
    return { gap, assessment };
  }
  const codeOf = new Map(allItems.map((i) => [i.id, i.code]));
  const shownCells = (kind: "dimension" | "item", keyOf: (key: string) => string | undefined) => {
    const map = new Map<string, TeamCell>();
    for (const c of cells) {
      const key = c.kind === kind && c.shown && c.mean !== null ? keyOf(c.key) : undefined;
      if (key !== undefined) map.set(key, { n: c.n, mean: c.mean!, ciLow: c.ciLow, ciHigh: c.ciHigh });
    }
    return map;
  };
  const dimensionItemCounts = new Map<string, number>();
  for (const i of waveItems) dimensionItemCounts.set(i.dimensionKey!, (dimensionItemCounts.get(i.dimensionKey!) ?? 0) + 1);
  const gapItems: GapItem[] = items.map((i) => {
    const item = allItems.find((a) => a.id === i.id)!;
    return { code: i.code, dimensionKey: item.dimensionKey!, reverseKeyed: item.reverseKeyed, text: item.text, managerText: i.text };
  });
  const manager = assessment?.submittedAt ? await readSelfAssessmentAnswers(app.db, wave.id, teamId) : null;
  const gap: GapResult = computeGap({
    dimensions,
    items: gapItems,
    dimensionItemCounts,
    team: { n: responses.n, dimensions: shownCells("dimension", (key) => key), items: shownCells("item", (id) => codeOf.get(id)) },
    manager,
  });
  return { gap, assessment };
}

/**
 * The self vs team view of a team: the latest closed wave's gap (only if the team's answers pass the
 * anonymity threshold locked on that wave), and how each dimension's gap moved over the last six waves.
 */
export async function getGapView(app: AppContext, user: SessionUser, teamId: string): Promise<GapView> {
  const team = await requireGapAccess(app, user, teamId);
  const dimensions = (await listDimensions(app.db, user.organisationId)).map((d) => ({ key: d.key, name: d.name, higherIsBetter: d.higherIsBetter }));
  const waves = await listClosedWavesOfTeam(app.db, team.id, 6);
  const latest = waves[0];
  const viewerIsManager = team.managerId === user.personId;
  if (!latest) return { team: { id: team.id, name: team.name }, wave: null, managerName: null, viewerIsManager, answeredByManager: false, gap: null, trend: [], dimensions };
  const results = await Promise.all(waves.map((w) => gapOfWave(app, user.organisationId, w, team.id, dimensions)));
  const trend = waves
    .map((w, i) => {
      const gap = results[i]!.gap;
      const gaps: Record<string, number | null> = {};
      for (const d of dimensions) gaps[d.key] = gap.status === "shown" ? (gap.dimensions.find((r) => r.key === d.key)?.gap ?? null) : null;
      return { periodStart: w.periodStart, gaps };
    })
    .reverse();
  const current = results[0]!;
  return {
    team: { id: team.id, name: team.name },
    wave: { id: latest.id, periodStart: latest.periodStart, programName: latest.programName },
    managerName: current.assessment?.managerName ?? null,
    viewerIsManager,
    answeredByManager: Boolean(current.assessment?.submittedAt),
    gap: current.gap,
    trend,
    dimensions: dimensions.filter(
      (d) => trend.some((t) => t.gaps[d.key] !== null && t.gaps[d.key] !== undefined) || (current.gap.status === "shown" && current.gap.dimensions.some((r) => r.key === d.key)),
    ),
  };
}

/** One row of the gaps table of exports and the API (its one home, ADR 040). */
export const gapExportRowSchema = z.object({
  team: z.string().describe("The team's name."),
  teamId: z.uuid().describe("The team's id."),
  period: z.iso.date().describe("The first day of the wave's period (YYYY-MM-DD)."),
  waveId: z.uuid().describe("The wave's id."),
  dimension: z.string().describe("The dimension's key."),
  n: z.number().int().min(0).describe("People in the team's cell."),
  managerScore: z.number().nullable().describe("The manager's own score for the team, 1–7 (null when the manager left the dimension unanswered)."),
  teamMean: z.number().describe("The team's mean score, 1–7."),
  ciLow: z.number().nullable().describe("Lower end of the team mean's 95% confidence interval."),
  ciHigh: z.number().nullable().describe("Upper end of the team mean's 95% confidence interval."),
  gap: z.number().nullable().describe("The manager's score minus the team's mean."),
  reading: z.enum(GAP_READINGS).describe("What the gap says: a blind spot, a hidden strength, no clear gap, or no manager answer."),
});
export type GapExportRow = z.infer<typeof gapExportRowSchema>;

/**
 * Every shown dimension gap of the organisation's closed waves, for exports and the API: one row per
 * team, wave and dimension where the manager answered and the team's cell passed the anonymity rules.
 */
export async function listGapRows(app: AppContext, organisationId: string): Promise<GapExportRow[]> {
  const [assessments, dimensions] = await Promise.all([
    app.db
      .selectFrom("selfAssessment as s")
      .innerJoin("wave", "wave.id", "s.waveId")
      .innerJoin("team", "team.id", "s.teamId")
      .select(["s.waveId", "s.teamId", "team.name as teamName", "wave.periodStart", "wave.minGroupSize"])
      .where("s.organisationId", "=", organisationId)
      .where("s.submittedAt", "is not", null)
      .where("wave.status", "=", "closed")
      .orderBy("wave.periodStart")
      .orderBy("team.name")
      .execute(),
    listDimensions(app.db, organisationId),
  ]);
  const gapDimensions = dimensions.map((d) => ({ key: d.key, name: d.name, higherIsBetter: d.higherIsBetter }));
  const rows: GapExportRow[] = [];
  for (const a of assessments) {
    const { gap } = await gapOfWave(app, organisationId, { id: a.waveId, minGroupSize: a.minGroupSize }, a.teamId, gapDimensions);
    if (gap.status !== "shown") continue;
    for (const d of gap.dimensions) {
      rows.push({
        team: a.teamName,
        teamId: a.teamId,
        period: a.periodStart,
        waveId: a.waveId,
        dimension: d.key,
        n: d.n,
        managerScore: d.managerScore,
        teamMean: d.teamMean,
        ciLow: d.ciLow,
        ciHigh: d.ciHigh,
        gap: d.gap,
        reading: d.reading,
      });
    }
  }
  return rows;
}
