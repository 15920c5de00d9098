import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CATEGORICAL, CHART_TEXT, COLOURS, DIVERGING, ON_DIVERGING } from "./tokens";

// The charts' copy of the design tokens must say what app/styles/app.css says.
const css = fs.readFileSync(new URL("../../styles/app.css", import.meta.url), "utf8");
const root = /:root\s*\{([\s\S]*?)\n\}/.exec(css)![1]!;
const tokens = new Map([...root.matchAll(/--([a-z0-9-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim().toLowerCase()]));

describe("design tokens", () => {
  it("mirrors the CSS colour roles", () => {
    expect(COLOURS).toEqual({
      ink: tokens.get("ink"),
      inkMuted: tokens.get("ink-muted"),
      surface: tokens.get("surface"),
      surfaceAlt: tokens.get("surface-alt"),
      line: tokens.get("line"),
      grid: tokens.get("grid"),
      hatch: tokens.get("hatch"),
    });
  });

  it("mirrors the diverging scale, its text colours and the categorical palette", () => {
    expect([...DIVERGING]).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => tokens.get(`diverging-${i}`)));
    expect([...ON_DIVERGING]).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => tokens.get(`on-diverging-${i}`)));
    expect([...CATEGORICAL]).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => tokens.get(`category-${i}`)));
  });

  it("mirrors the charts' smallest text", () => {
    expect(`${CHART_TEXT.min}px`).toBe(tokens.get("chart-text-min"));
    expect(`${CHART_TEXT.body}px`).toBe(tokens.get("chart-text"));
    expect(CHART_TEXT.min).toBeGreaterThanOrEqual(11);
  });

  it("has every colour as lower-case six-digit hex, so that the comparison is exact", () => {
    for (const [name, value] of tokens)
      if (/^(ink|surface|line|grid|hatch|diverging|on-diverging|category)/.test(name) && !value.startsWith("var(")) expect(value).toMatch(/^#[0-9a-f]{6}$/);
  });
});
