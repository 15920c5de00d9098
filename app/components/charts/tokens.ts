// The design tokens that SVG charts need as values (an SVG fill attribute cannot always read a CSS custom
// property, and the PNG download draws the SVG outside the page). They mirror :root in app/styles/app.css;
// tokens.test.ts fails when the two differ.

/** Text and surface colours (CSS --ink, --ink-muted, --surface, --surface-alt, --line, --grid, --hatch). */
export const COLOURS = {
  ink: "#1a1f2b",
  inkMuted: "#4a5365",
  surface: "#ffffff",
  surfaceAlt: "#f4f6fa",
  line: "#d5dae3",
  grid: "#e3e7ee",
  hatch: "#b8c0cc",
} as const;

/** The diverging scale, worse (0) → about the same (3) → better (6) (CSS --diverging-0 … --diverging-6). */
export const DIVERGING = ["#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"] as const;

/** Text on each diverging step, at least 4.5:1 (CSS --on-diverging-0 … --on-diverging-6). */
export const ON_DIVERGING = ["#ffffff", "#1a1f2b", "#1a1f2b", "#1a1f2b", "#1a1f2b", "#1a1f2b", "#ffffff"] as const;

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies (CSS --category-1 … --category-8). */
export const CATEGORICAL = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"] as const;

/** Font sizes in charts, in CSS pixels as rendered: charts reflow instead of shrinking below these (CSS --chart-text-min, --chart-text). */
export const CHART_TEXT = { min: 12, body: 13 } as const;
