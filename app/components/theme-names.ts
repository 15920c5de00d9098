import { isThemeKey, type ThemeKey } from "~/domain/themes/taxonomy";
import type { MessageKey, Translator } from "~/i18n/translate";

/**
 * Candor's comment themes (app/domain/themes/taxonomy.ts) by name, in the page's language (issue 26). Only the
 * name changes: comments stay tagged and counted by the theme's key, whatever language they were written in.
 */
const THEME_NAME_KEYS: Record<ThemeKey, MessageKey> = {
  forecasting: "themes.name.forecasting",
  "pipeline-reviews": "themes.name.pipelineReviews",
  "credit-territory": "themes.name.creditTerritory",
  "manager-behaviour": "themes.name.managerBehaviour",
  "tools-crm": "themes.name.toolsCrm",
  "workload-quota": "themes.name.workloadQuota",
  recognition: "themes.name.recognition",
  collaboration: "themes.name.collaboration",
};

/** The themes a page lists, each named in the page's language (a key Candor does not know keeps its label). */
export function themesIn<T extends { key: string; label: string }>(t: Translator["t"], themes: readonly T[]): T[] {
  return themes.map((theme) => (isThemeKey(theme.key) ? { ...theme, label: t(THEME_NAME_KEYS[theme.key]) } : theme));
}
