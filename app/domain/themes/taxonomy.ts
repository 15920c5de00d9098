/**
 * The sales-specific theme taxonomy comments are tagged with (issue 28, ADR 053), and the sentiments.
 * The keys are stored (comment_theme.machine_themes / corrected_themes): never rename one, add new ones.
 */
export const THEMES = [
  { key: "forecasting", label: "Forecasting and commit", meaning: "forecast calls, commit and upside, sandbagging, pressure on the number" },
  { key: "pipeline-reviews", label: "Pipeline reviews", meaning: "pipeline and deal reviews, deal inspection, pipeline coverage and generation" },
  { key: "credit-territory", label: "Credit and territory", meaning: "territories and account assignment, split credit, commission disputes" },
  { key: "manager-behaviour", label: "Manager behaviour", meaning: "how the manager leads: coaching, one-on-ones, trust, micromanagement, favouritism" },
  { key: "tools-crm", label: "Tools and CRM hygiene", meaning: "the CRM and sales tools, data entry and hygiene, dashboards" },
  { key: "workload-quota", label: "Workload and quota", meaning: "quota and targets, hours, admin load, stress and burnout" },
  { key: "recognition", label: "Recognition", meaning: "praise, appreciation, rewards, feeling valued or overlooked" },
  { key: "collaboration", label: "Collaboration", meaning: "teamwork, sharing, hand-offs with SEs, SDRs, marketing, customer success" },
] as const;

export type ThemeKey = (typeof THEMES)[number]["key"];

export const THEME_KEYS: readonly ThemeKey[] = THEMES.map((t) => t.key);

export const SENTIMENTS = ["positive", "negative", "mixed", "neutral"] as const;

export type Sentiment = (typeof SENTIMENTS)[number];

export function isThemeKey(value: string): value is ThemeKey {
  return (THEME_KEYS as readonly string[]).includes(value);
}

export function isSentiment(value: string): value is Sentiment {
  return (SENTIMENTS as readonly string[]).includes(value);
}
