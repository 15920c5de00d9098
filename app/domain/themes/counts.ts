import { isSentiment, isThemeKey, THEME_KEYS, type Sentiment, type ThemeKey } from "./taxonomy";

/** A stored comment's tags: the machine's, and enablement's correction when there is one. */
export interface StoredTags {
  machineThemes: readonly string[];
  machineSentiment: string;
  correctedThemes: readonly string[] | null;
  correctedSentiment: string | null;
}

/** The tags that count: the correction where enablement made one, else the machine's (unknown keys dropped). */
export function effectiveTags(row: StoredTags): { themes: ThemeKey[]; sentiment: Sentiment; corrected: boolean } {
  const corrected = row.correctedThemes !== null && row.correctedSentiment !== null;
  const themes = (corrected ? row.correctedThemes! : row.machineThemes).filter(isThemeKey);
  const sentiment = corrected ? row.correctedSentiment! : row.machineSentiment;
  return { themes: THEME_KEYS.filter((k) => themes.includes(k)), sentiment: isSentiment(sentiment) ? sentiment : "neutral", corrected };
}

export interface ThemeCount {
  theme: ThemeKey;
  /** Comments tagged with the theme. */
  comments: number;
  /** Of those, how many of each sentiment. */
  sentiment: Record<Sentiment, number>;
}

/** Per theme (taxonomy order), how many comments speak of it and with what feeling. */
export function countThemes(rows: readonly StoredTags[]): { comments: number; themes: ThemeCount[] } {
  const tags = rows.map(effectiveTags);
  return {
    comments: rows.length,
    themes: THEME_KEYS.map((theme) => {
      const tagged = tags.filter((t) => t.themes.includes(theme));
      const sentiment = { positive: 0, negative: 0, mixed: 0, neutral: 0 };
      for (const t of tagged) sentiment[t.sentiment]++;
      return { theme, comments: tagged.length, sentiment };
    }),
  };
}

/**
 * Theme counts per group of a tree (a group = a team and every team below it, or the root), each only
 * where the group's comments may be shown (`shown`: the results engine's comment cells, themselves
 * decided by the comment minimum and the differencing rule). A hidden group gets null: no counts, no
 * zeros, no comment total. Counts are worked out from the group's own comments only, so they tell
 * nothing its shown comment list does not.
 */
export function groupThemeCounts(
  groups: ReadonlyArray<{ id: string; members: ReadonlySet<string> }>,
  shown: (groupId: string) => boolean,
  tags: ReadonlyArray<StoredTags & { teamId: string }>,
): Map<string, { comments: number; themes: ThemeCount[] } | null> {
  const result = new Map<string, { comments: number; themes: ThemeCount[] } | null>();
  for (const group of groups) result.set(group.id, shown(group.id) ? countThemes(tags.filter((t) => group.members.has(t.teamId))) : null);
  return result;
}
