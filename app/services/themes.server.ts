import type { Kysely } from "kysely";
import { z } from "zod";
import { said } from "~/i18n/said";
import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { ForbiddenError, InputError, NotFoundError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { ORG } from "~/domain/results";
import { retentionDeletedWords } from "~/domain/retention";
import { descendantIds, sortAsTree } from "~/domain/team-tree";
import { countThemes, effectiveTags, groupThemeCounts, type ThemeCount } from "~/domain/themes/counts";
import { measureAgreement, type TagAgreement } from "~/domain/themes/measure";
import { tagComment } from "~/domain/themes/tagger";
import { isThemeKey, SENTIMENTS, THEME_KEYS, THEMES, type Sentiment, type ThemeKey } from "~/domain/themes/taxonomy";
import { findOrganisationById } from "#db/queries/organisations";
import { listResultWaves, listWaveTeamNodes, readGroupResults } from "#db/queries/results";
import { listTeamNodes } from "#db/queries/teams";
import { findCommentTag, insertCommentTags, listCorrections, listUntaggedComments, readCommentTags, readTaggedComments, writeCommentCorrection } from "#db/queries/themes";
import type { DB } from "#db/schema";
import { recordAuditByUser } from "./audit.server";
import { subtreeAtClose } from "./results.server";

// Comment themes (issue 28, ADR 053). A group's theme counts are worked out from its comments, so they
// are shown exactly where its comments are: the engine's materialized "comments" cell (the comment
// minimum, with the differencing rule) for that wave and group, and only while retention has not
// deleted the comments. A hidden group gets no counts, no zeros, no comment total.

/**
 * Tags every comment of a wave that has no tags yet (after sealing, in the closing transaction, or the
 * first time a page reads a wave closed before comments were tagged). Returns how many it tagged.
 */
export async function tagWaveComments(db: Kysely<DB>, waveId: string): Promise<number> {
  const comments = await listUntaggedComments(db, waveId);
  await insertCommentTags(
    db,
    waveId,
    comments.map((c) => ({ responseId: c.responseId, itemId: c.itemId, ...tagComment(c.comment) })),
  );
  return comments.length;
}

const THEME_OPTIONS = THEMES.map((t) => ({ key: t.key, label: t.label, meaning: t.meaning }));

export interface ThemeWave {
  id: string;
  periodStart: string;
  programName: string;
  /** Null when the group's comments are not shown this wave (`hidden` says why). */
  counts: { comments: number; themes: ThemeCount[] } | null;
  hidden: string | null;
}

export interface TeamThemes {
  team: { id: string; name: string };
  themes: typeof THEME_OPTIONS;
  minimum: number;
  waves: ThemeWave[];
  /** The latest wave's comments with their tags, in random order, filtered by `theme` when one is chosen; empty when hidden. */
  comments: Array<{ id: string | null; text: string; themes: ThemeKey[]; sentiment: Sentiment; corrected: boolean }>;
  theme: ThemeKey | null;
  canCorrect: boolean;
}

const HIDDEN_COMMENTS = said("themes.hidden.comments");

/** Tags, in their own transaction, the waves' comments that are not tagged yet (waves closed before migration 0036). */
async function ensureTagged(app: AppContext, waveIds: readonly string[]): Promise<void> {
  for (const waveId of waveIds) {
    if ((await listUntaggedComments(app.db, waveId)).length === 0) continue;
    await app.db.transaction().execute((trx) => tagWaveComments(trx, waveId));
  }
}

/**
 * A team's comment themes: per wave (the last eight the team answered in), each theme's count of
 * comments and their feeling, where the team's comments may be shown; and the latest wave's comments
 * with their tags, optionally only those of one theme. The filter only ever narrows a list that is
 * shown whole anyway, so it reveals nothing the list does not.
 */
export async function getTeamThemes(app: AppContext, user: SessionUser, teamId: string, options: { theme?: string | null } = {}): Promise<TeamThemes> {
  const team = await requireTeamAccess(app, user, teamId);
  const allWaves = await listResultWaves(app.db, user.organisationId);
  const cells = await readGroupResults(app.db, { waveIds: allWaves.map((w) => w.id), groupIds: [team.id], kinds: ["responses", "comments"] });
  const answered = new Set(cells.filter((c) => c.kind === "responses" && c.n > 0).map((c) => c.waveId));
  const waves = allWaves.filter((w) => answered.has(w.id)).slice(-8);
  const shownIn = (waveId: string) => cells.some((c) => c.waveId === waveId && c.kind === "comments" && c.shown);
  const readable = waves.filter((w) => shownIn(w.id) && !w.rawDeletedAt);
  await ensureTagged(
    app,
    readable.map((w) => w.id),
  );
  const org = await findOrganisationById(app.db, user.organisationId);
  const theme = options.theme && isThemeKey(options.theme) ? options.theme : null;
  const result: TeamThemes = {
    team,
    themes: THEME_OPTIONS,
    minimum: waves[waves.length - 1]?.minCommentGroupSize ?? org?.minCommentGroupSize ?? 5,
    waves: [],
    comments: [],
    theme,
    canCorrect: user.role === "enablement",
  };
  for (const wave of waves) {
    const base = { id: wave.id, periodStart: wave.periodStart, programName: wave.programName };
    if (!shownIn(wave.id)) {
      result.waves.push({ ...base, counts: null, hidden: HIDDEN_COMMENTS });
      continue;
    }
    if (wave.rawDeletedAt) {
      result.waves.push({ ...base, counts: null, hidden: retentionDeletedWords(wave.rawDeletedAt, "comments") });
      continue;
    }
    const subtree = await subtreeAtClose(app, user.organisationId, wave.id, team.id);
    result.waves.push({ ...base, counts: countThemes(await readCommentTags(app.db, [wave.id], subtree)), hidden: null });
  }
  const latest = waves[waves.length - 1];
  if (latest && readable.includes(latest)) {
    const rows = await readTaggedComments(app.db, latest.id, await subtreeAtClose(app, user.organisationId, latest.id, team.id));
    const list = rows.map((r) => ({
      id: r.id,
      text: r.comment!,
      ...(r.machineThemes
        ? effectiveTags({ machineThemes: r.machineThemes, machineSentiment: r.machineSentiment!, correctedThemes: r.correctedThemes, correctedSentiment: r.correctedSentiment })
        : { themes: [] as ThemeKey[], sentiment: "neutral" as Sentiment, corrected: false }),
    }));
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    result.comments = theme ? list.filter((c) => c.themes.includes(theme)) : list;
  }
  return result;
}

export interface OrgThemes {
  waves: Array<{ id: string; label: string }>;
  wave: { id: string; programName: string; periodStart: string } | null;
  themes: typeof THEME_OPTIONS;
  /** Every team (tree order, the organisation on top): its counts for the wave, or why they are hidden. */
  rows: Array<{ id: string; label: string; depth: number; counts: { comments: number; themes: ThemeCount[] } | null; hidden: string | null }>;
  /** The organisation's counts in each wave, oldest first (null where hidden). */
  trend: Array<{ id: string; periodStart: string; counts: { comments: number; themes: ThemeCount[] } | null }>;
  /** How the machine's tags agree with enablement's corrections. */
  agreement: TagAgreement;
}

/**
 * The organisation's comment themes for a closed wave, team by team, each shown only where the team's
 * comments are, with the organisation's trend and how often enablement's corrections agreed with the
 * machine. For enablement and admins.
 */
export async function getOrgThemes(app: AppContext, user: SessionUser, waveId?: string): Promise<OrgThemes> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("staffOnly.themes"));
  const allWaves = await listResultWaves(app.db, user.organisationId);
  const wave = waveId ? allWaves.find((w) => w.id === waveId) : allWaves[allWaves.length - 1];
  if (waveId && !wave) throw new NotFoundError("There is no such closed wave.");
  const agreement = measureAgreement(
    (await listCorrections(app.db, user.organisationId)).map((c) => ({
      expected: effectiveTags(c),
      actual: effectiveTags({ ...c, correctedThemes: null, correctedSentiment: null }),
    })),
  );
  const waveList = [...allWaves].reverse().map((w) => ({ id: w.id, label: `${w.programName}, ${w.periodStart}` }));
  if (!wave) return { waves: waveList, wave: null, themes: THEME_OPTIONS, rows: [], trend: [], agreement };

  const recent = allWaves.slice(-8);
  const orgCells = await readGroupResults(app.db, { waveIds: recent.map((w) => w.id), groupIds: [ORG], kinds: ["comments"] });
  const orgReadable = recent.filter((w) => !w.rawDeletedAt && orgCells.some((c) => c.waveId === w.id && c.shown));
  await ensureTagged(app, [...new Set([wave.id, ...orgReadable.map((w) => w.id)])]);
  const teams = sortAsTree(await listTeamNodes(app.db, user.organisationId));
  const trend: OrgThemes["trend"] = [];
  for (const w of recent) {
    const nodes = await listWaveTeamNodes(app.db, user.organisationId, w.id);
    trend.push({
      id: w.id,
      periodStart: w.periodStart,
      counts: orgReadable.includes(w)
        ? countThemes(
            await readCommentTags(
              app.db,
              [w.id],
              (nodes.length > 0 ? nodes : teams).map((t) => t.id),
            ),
          )
        : null,
    });
  }

  const cells = await readGroupResults(app.db, { waveIds: [wave.id], kinds: ["comments"] });
  const atClose = await listWaveTeamNodes(app.db, user.organisationId, wave.id);
  const nodes = atClose.length > 0 ? atClose : teams;
  const tags = wave.rawDeletedAt
    ? []
    : await readCommentTags(
        app.db,
        [wave.id],
        nodes.map((n) => n.id),
      );
  const org = await findOrganisationById(app.db, user.organisationId);
  const groups = [{ id: ORG, label: org?.name ?? "Organisation", depth: 0 }, ...teams.map((t) => ({ id: t.id, label: t.name, depth: t.depth + 1 }))];
  const shown = (groupId: string) => cells.some((c) => c.groupId === groupId && c.shown);
  const counts = groupThemeCounts(
    groups.map((g) => ({ id: g.id, members: g.id === ORG ? new Set(nodes.map((n) => n.id)) : descendantIds(nodes, [g.id]) })),
    (groupId) => shown(groupId) && !wave.rawDeletedAt,
    tags,
  );
  const rows = groups.map((g) => {
    if (!shown(g.id)) return { ...g, counts: null, hidden: HIDDEN_COMMENTS };
    if (wave.rawDeletedAt) return { ...g, counts: null, hidden: retentionDeletedWords(wave.rawDeletedAt, "comments") };
    return { ...g, counts: counts.get(g.id) ?? null, hidden: null };
  });
  return { waves: waveList, wave: { id: wave.id, programName: wave.programName, periodStart: wave.periodStart }, themes: THEME_OPTIONS, rows, trend, agreement };
}

const CorrectionSchema = z.object({
  themes: z.array(z.string()).default([]),
  sentiment: z.enum(SENTIMENTS, { error: said("themes.chooseFeeling") }),
});

/**
 * Enablement corrects a comment's tags: the correction replaces the machine's in every count, is kept
 * beside the machine's (to measure how often they agree), and is recorded in the audit log with who
 * made it — never with the comment's words. Reached from a team's theme page: 404 for a team not in the
 * organisation, 403 for anyone but enablement; 404 for an unknown comment,
 * another organisation's, or one whose comments retention deleted.
 */
export async function correctCommentTags(app: AppContext, user: SessionUser, teamId: string, commentId: string, input: { themes?: unknown; sentiment?: unknown }): Promise<void> {
  await requireTeamAccess(app, user, teamId);
  if (user.role !== "enablement") throw new ForbiddenError(said("themes.onlyEnablement"));
  const parsed = CorrectionSchema.safeParse({ themes: input.themes === undefined ? [] : ([] as unknown[]).concat(input.themes), sentiment: input.sentiment });
  if (!parsed.success) throw new InputError(said("themes.chooseFeeling"), { sentiment: said("themes.chooseFeeling") });
  const unknown = parsed.data.themes.filter((t) => !isThemeKey(t));
  if (unknown.length > 0) throw new InputError(said("themes.chooseThemes"), { themes: said("themes.chooseThemes") });
  const themes = THEME_KEYS.filter((k) => parsed.data.themes.includes(k));
  const found = isUuid(commentId) ? await findCommentTag(app.db, user.organisationId, commentId) : undefined;
  if (!found || found.rawDeletedAt) throw new NotFoundError(said("themes.noSuchComment"));
  const before = effectiveTags(found);
  await app.db.transaction().execute(async (trx) => {
    await writeCommentCorrection(trx, found.id, { themes, sentiment: parsed.data.sentiment, by: user.personId, at: app.now() });
    await recordAuditByUser(trx, app, user, {
      action: "comment-theme.correct",
      target: { type: "comment-theme", id: found.id },
      before: { themes: before.themes, sentiment: before.sentiment },
      after: { themes, sentiment: parsed.data.sentiment },
    });
  });
}
