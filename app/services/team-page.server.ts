import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/guards.server";
import { getTeamAudienceChanges } from "./audience-changes.server";
import { getTeamCrmMetrics } from "./crm-metrics.server";
import { recommendForTeam } from "./recommendations.server";
import { getTeamResults } from "./results.server";
import { getTeamOverview } from "./teams.server";
import { resultsInLanguage } from "./results-language.server";
import { saidWithDimensionIn } from "./dimension-names.server";
import type { Locale } from "~/domain/locales";

/**
 * Everything the team page shows, in one use case: the team and its people, the latest wave's results, the
 * team's quarterly CRM metrics, plays to try (for everyone but reps) from those same results and metrics (each
 * computed once), and who joined the team shortly before the shown wave (padding a team's audience must not go
 * unseen). Each part keeps its own access rule: managers reach only their subtree; another organisation's team
 * is not found. Dimension names and items are in the page's language (the numbers are pooled across languages), and
 * so are the plays' reasons (said, ADR 057) and Candor's plays' titles (`titleSaid`).
 */
export async function getTeamPage(app: AppContext, user: SessionUser, teamId: string, locale: Locale = "en") {
  const [overview, pooled, crm] = await Promise.all([getTeamOverview(app, user, teamId), getTeamResults(app, user, teamId), getTeamCrmMetrics(app, user, teamId)]);
  const results = await resultsInLanguage(app, user.organisationId, pooled, locale);
  const [recommended, audienceChanges] = await Promise.all([
    // The rules read Candor's dimensions by their English names; their sentences get the page's names below.
    user.role === "rep" ? null : recommendForTeam(app, user, pooled.team, pooled, crm),
    results.wave ? getTeamAudienceChanges(app, user, results.team.id, results.wave.id) : null,
  ]);
  const inLanguage = saidWithDimensionIn(locale);
  const plays = recommended && {
    ...recommended,
    signals: recommended.signals.map((s) => ({ ...s, said: inLanguage(s.said, s.dimension) })),
    recommendations: recommended.recommendations.map((r) => ({ ...r, said: inLanguage(r.said, r.dimension) })),
  };
  return { overview, results, crm, plays, audienceChanges, canSeeGap: user.role !== "rep" };
}
