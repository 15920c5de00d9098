import { said } from "~/i18n/said";
import type { Selectable } from "kysely";
import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, NotFoundError } from "~/domain/errors";
import { presentComments } from "~/domain/anonymity";
import { retentionDeletedWords } from "~/domain/retention";
import { changeFromMoments } from "~/domain/moments";
import { ORG } from "~/domain/results";
import { descendantIds, sortAsTree } from "~/domain/team-tree";
import { listDimensions, listItems } from "#db/queries/instrument";
import { countAudience, listResultWaves, listWaveTeamNodes, readComments, readGroupResults } from "#db/queries/results";
import { listTeamNodes } from "#db/queries/teams";
import { listProgramItems } from "#db/queries/programs";
import { findOrganisationById } from "#db/queries/organisations";
import type { DB } from "#db/schema";

type ResultRow = Selectable<DB["waveGroupResult"]>;

export interface Score {
  /** Null when hidden: below the threshold, or hidden to protect another group. */
  n: number | null;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  alpha: number | null;
  rwgJ: number | null;
  hidden: string | null;
}

export interface Change {
  diff: number;
  ciLow: number;
  ciHigh: number;
}

const HIDDEN_WORDS: Record<string, string> = {
  "below-threshold": said("results.hidden.belowThreshold"),
  "protects-another-group": said("results.hidden.protectsAnotherGroup"),
};

/** A materialized cell as it may leave the engine: numbers only when shown. */
function toScore(row: ResultRow | undefined): Score {
  if (!row) return { n: null, mean: null, sd: null, ciLow: null, ciHigh: null, alpha: null, rwgJ: null, hidden: said("results.hidden.noAnswers") };
  if (!row.shown)
    return { n: null, mean: null, sd: null, ciLow: null, ciHigh: null, alpha: null, rwgJ: null, hidden: HIDDEN_WORDS[row.reason ?? ""] ?? said("results.hidden.hidden") };
  return { n: row.n, mean: row.mean, sd: row.sd, ciLow: row.ciLow, ciHigh: row.ciHigh, alpha: row.alpha, rwgJ: row.rwgJ, hidden: null };
}

function changeBetween(current: ResultRow | undefined, previous: ResultRow | undefined): Change | null {
  if (!current?.shown || !previous?.shown || current.sum === null || previous.sum === null) return null;
  return changeFromMoments({ n: current.n, sum: current.sum, sumsq: current.sumsq ?? 0 }, { n: previous.n, sum: previous.sum, sumsq: previous.sumsq ?? 0 });
}

const key = (row: { waveId: string; kind: string; key: string; groupId: string }) => `${row.waveId}|${row.kind}|${row.key}|${row.groupId}`;

export interface TeamResults {
  team: { id: string; name: string };
  wave: { id: string; programName: string; periodStart: string; closedOn: string } | null;
  previousWave: { id: string; periodStart: string } | null;
  responses: { n: number | null; invited: number; rate: number | null };
  dimensions: Array<{ key: string; name: string; higherIsBetter: boolean; score: Score; change: Change | null }>;
  enps: { n: number | null; value: number | null };
  /**
   * The rated items the latest wave asked, scored as the engine stores them (a reverse-keyed item turned
   * round; the page shows agreement with the wording), each with the change since the last earlier wave
   * that asked it (ADR 052: a rotated program's item is never compared with a wave that did not ask it).
   */
  items: Array<{ code: string; text: string; dimensionKey: string; reverseKeyed: boolean; score: Score; lastAsked: { periodStart: string; change: Change | null } | null }>;
  /** The program's rated items the latest wave did not ask (a rotated program's other turns, ADR 052). */
  notAsked: Array<{ code: string; text: string }>;
  trend: Array<{ key: string; name: string; points: Array<{ period: string; mean: number | null; ciLow: number | null; ciHigh: number | null }> }>;
  /** `deleted`: why the comments are gone (retention deleted the pulse's raw answers, ADR 037); null otherwise. */
  comments: { shown: boolean; minimum: number; list: Array<{ text: string; date: string }>; deleted: string | null };
}

/**
 * A team's results (the team and everything below it) from the results engine: the latest closed wave
 * with each dimension's score, interval and change since the previous wave, eNPS, response rate, the item
 * breakdown, shuffled comments, and the trend over the last waves. Every number comes from the
 * materialized, already-suppressed cells.
 */
export async function getTeamResults(app: AppContext, user: SessionUser, teamId: string, options: { waves?: number } = {}): Promise<TeamResults> {
  const team = await requireTeamAccess(app, user, teamId);
  return teamResults(app, user.organisationId, team, options.waves ?? 8);
}

/** A rep's own team's published results, once a wave has closed and passed the rules. */
export async function getMyTeamResults(app: AppContext, user: SessionUser): Promise<TeamResults | null> {
  const membership = await app.db
    .selectFrom("teamMembership")
    .innerJoin("team", "team.id", "teamMembership.teamId")
    .select(["team.id", "team.name"])
    .where("teamMembership.personId", "=", user.personId)
    .where("teamMembership.validTo", "is", null)
    .executeTakeFirst();
  if (!membership) return null;
  return teamResults(app, user.organisationId, membership, 6);
}

async function teamResults(app: AppContext, organisationId: string, team: { id: string; name: string }, waveCount: number): Promise<TeamResults> {
  const allWaves = await listResultWaves(app.db, organisationId);
  const responseRows = await readGroupResults(app.db, { waveIds: allWaves.map((w) => w.id), groupIds: [team.id], kinds: ["responses"] });
  const answeredWaves = new Set(responseRows.filter((r) => r.n > 0).map((r) => r.waveId));
  const waves = allWaves.filter((w) => answeredWaves.has(w.id)).slice(-waveCount);
  const [rows, dimensions, items, org, programItems] = await Promise.all([
    readGroupResults(app.db, { waveIds: waves.map((w) => w.id), groupIds: [team.id] }),
    listDimensions(app.db, organisationId),
    listItems(app.db, organisationId),
    findOrganisationById(app.db, organisationId),
    waves.length > 0 ? listProgramItems(app.db, waves[waves.length - 1]!.programId) : Promise.resolve([]),
  ]);
  const byKey = new Map(rows.map((r) => [key(r), r]));
  const latest = waves[waves.length - 1];
  const previous = waves[waves.length - 2];
  const cell = (waveId: string | undefined, kind: string, k: string) => (waveId ? byKey.get(`${waveId}|${kind}|${k}|${team.id}`) : undefined);
  const closedOn = (w: { closesAt: Date }) => new Date(w.closesAt.getTime() - 1).toISOString().slice(0, 10);
  const presentDimensions = dimensions.filter((d) => rows.some((r) => r.kind === "dimension" && r.key === d.key));

  let invited = 0;
  let comments: TeamResults["comments"] = { shown: false, minimum: latest?.minCommentGroupSize ?? org?.minCommentGroupSize ?? 5, list: [], deleted: null };
  if (latest) {
    const subtree = await subtreeAtClose(app, organisationId, latest.id, team.id);
    invited = (await countAudience(app.db, [latest.id])).filter((a) => subtree.includes(a.teamId)).reduce((s, a) => s + a.n, 0);
    if (cell(latest.id, "comments", "")?.shown && latest.rawDeletedAt) {
      comments = { ...comments, deleted: retentionDeletedWords(latest.rawDeletedAt, "comments") };
    } else if (cell(latest.id, "comments", "")?.shown) {
      const texts = await readComments(app.db, latest.id, subtree);
      const presented = presentComments(texts, {
        responses: cell(latest.id, "responses", "")!.n,
        commentMinimum: latest.minCommentGroupSize,
        closeDate: closedOn(latest),
        random: Math.random,
      });
      comments = { shown: presented.shown, minimum: latest.minCommentGroupSize, list: presented.shown ? presented.comments : [], deleted: null };
    }
  }
  const responses = cell(latest?.id, "responses", "");
  const enps = cell(latest?.id, "enps", "");
  // A wave has an item cell for every group exactly when it asked the item.
  const lastAsked = (itemId: string) => {
    const earlier = [...waves.slice(0, -1)].reverse().find((w) => cell(w.id, "item", itemId));
    return earlier ? { periodStart: earlier.periodStart, change: changeBetween(cell(latest?.id, "item", itemId), cell(earlier.id, "item", itemId)) } : null;
  };
  const askedNow = new Set(rows.filter((r) => r.waveId === latest?.id && r.kind === "item").map((r) => r.key));
  return {
    team,
    wave: latest ? { id: latest.id, programName: latest.programName, periodStart: latest.periodStart, closedOn: closedOn(latest) } : null,
    previousWave: previous ? { id: previous.id, periodStart: previous.periodStart } : null,
    responses: {
      n: responses?.shown ? responses.n : null,
      invited: responses?.shown ? invited : 0,
      rate: responses?.shown && invited > 0 ? responses.n / invited : null,
    },
    dimensions: presentDimensions.map((d) => ({
      key: d.key,
      name: d.name,
      higherIsBetter: d.higherIsBetter,
      score: toScore(cell(latest?.id, "dimension", d.key)),
      change: changeBetween(cell(latest?.id, "dimension", d.key), cell(previous?.id, "dimension", d.key)),
    })),
    enps: { n: enps?.shown ? enps.n : null, value: enps?.shown ? enps.mean : null },
    items: items
      .filter((i) => i.dimensionKey && askedNow.has(i.id))
      .map((i) => ({
        code: i.code,
        text: i.text,
        dimensionKey: i.dimensionKey!,
        reverseKeyed: i.reverseKeyed,
        score: toScore(cell(latest?.id, "item", i.id)),
        lastAsked: lastAsked(i.id),
      })),
    notAsked: latest ? programItems.filter((i) => i.dimensionKey && i.scale === "agree7" && !i.retiredAt && !askedNow.has(i.id)).map((i) => ({ code: i.code, text: i.text })) : [],
    trend: presentDimensions.map((d) => ({
      key: d.key,
      name: d.name,
      points: waves.map((w) => {
        const s = toScore(cell(w.id, "dimension", d.key));
        return { period: w.periodStart, mean: s.mean, ciLow: s.ciLow, ciHigh: s.ciHigh };
      }),
    })),
    comments,
  };
}

/**
 * A team and the teams below it as the tree was when the wave closed: the teams its materialized results
 * cover. Raw answers read after close (comments, the gap, response rates) must cover exactly these, or
 * a team moved since would make two numbers about one group differ by a group under the threshold.
 */
export async function subtreeAtClose(app: AppContext, organisationId: string, waveId: string, teamId: string): Promise<string[]> {
  const atClose = await listWaveTeamNodes(app.db, organisationId, waveId);
  // A wave closed before the tree was recorded (none are after migration 0012) falls back to today's tree.
  const nodes = atClose.length > 0 ? atClose : await listTeamNodes(app.db, organisationId);
  return nodes.some((n) => n.id === teamId) ? [...descendantIds(nodes, [teamId])] : [];
}

export interface HeatmapData {
  waves: Array<{ id: string; label: string }>;
  wave: { id: string; programName: string; periodStart: string } | null;
  previousWave: { id: string; periodStart: string } | null;
  dimensions: Array<{ key: string; name: string; higherIsBetter: boolean }>;
  rows: Array<{ id: string; label: string; depth: number; cells: Record<string, { score: Score; change: Change | null }> }>;
}

/**
 * The organisation's heatmap for a closed wave: every team (in tree order, with the organisation on
 * top) by dimension, each cell shown or hidden by the anonymity rules, with the change since the same
 * program's previous wave. For enablement and admins.
 */
export async function getOrgHeatmap(app: AppContext, user: SessionUser, waveId?: string): Promise<HeatmapData> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("staffOnly.heatmap"));
  const waves = await listResultWaves(app.db, user.organisationId);
  const wave = waveId ? waves.find((w) => w.id === waveId) : waves[waves.length - 1];
  if (waveId && !wave) throw new NotFoundError("There is no such closed wave.");
  const dimensions = await listDimensions(app.db, user.organisationId);
  const waveList = [...waves].reverse().map((w) => ({ id: w.id, label: `${w.programName}, ${w.periodStart}` }));
  if (!wave) return { waves: waveList, wave: null, previousWave: null, dimensions: [], rows: [] };
  const sameProgram = waves.filter((w) => w.programId === wave.programId);
  const previous = sameProgram[sameProgram.indexOf(wave) - 1];
  const rows = await readGroupResults(app.db, { waveIds: [wave.id, ...(previous ? [previous.id] : [])], kinds: ["dimension"] });
  const byKey = new Map(rows.map((r) => [key(r), r]));
  const shownDimensions = dimensions.filter((d) => rows.some((r) => r.waveId === wave.id && r.key === d.key));
  const teams = sortAsTree(await listTeamNodes(app.db, user.organisationId));
  const org = await findOrganisationById(app.db, user.organisationId);
  const groups = [{ id: ORG, label: org?.name ?? "Organisation", depth: 0 }, ...teams.map((t) => ({ id: t.id, label: t.name, depth: t.depth + 1 }))];
  return {
    waves: waveList,
    wave: { id: wave.id, programName: wave.programName, periodStart: wave.periodStart },
    previousWave: previous ? { id: previous.id, periodStart: previous.periodStart } : null,
    dimensions: shownDimensions.map((d) => ({ key: d.key, name: d.name, higherIsBetter: d.higherIsBetter })),
    rows: groups.map((g) => ({
      ...g,
      cells: Object.fromEntries(
        shownDimensions.map((d) => {
          const current = byKey.get(`${wave.id}|dimension|${d.key}|${g.id}`);
          return [d.key, { score: toScore(current), change: previous ? changeBetween(current, byKey.get(`${previous.id}|dimension|${d.key}|${g.id}`)) : null }];
        }),
      ),
    })),
  };
}
