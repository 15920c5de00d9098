import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Locale } from "~/domain/locales";
import { messagesFor } from "~/i18n/catalogues.server";
import { I18nProvider } from "~/i18n/react";
import { ScatterChart } from "./scatter";

// Issue 26: the explorer's scatter in the reader's language, its numbers in the language's style; English word for word as before.

const render = (locale: Locale) =>
  renderToStaticMarkup(
    <I18nProvider language={{ locale, dir: "ltr", messages: messagesFor(locale) }}>
      <ScatterChart
        title="Chart"
        xLabel="Collaboration"
        yLabel="Win rate"
        points={[
          { id: "a", label: "Team A", x: 4.25, y: 1234.5 },
          { id: "b", label: "Team B", x: 5.5, y: 2000 },
        ]}
        band={[
          { x: 4, fit: 1000, low: 900, high: 1100 },
          { x: 6, fit: 2100, low: 2000, high: 2200 },
        ]}
      />
    </I18nProvider>,
  ).replace(/[\s\u00a0\u202f]+/g, " ");

describe("the scatter chart's words", () => {
  it("reads in English as before", () => {
    const html = render("en");
    expect(html).toContain("2 teams: Collaboration against Win rate, with the fitted line and its 95% confidence band.");
    expect(html).toContain("Line: the fitted relationship; shaded band: its 95% interval");
    expect(html).toContain("Team A: Collaboration 4.3, Win rate 1234.50");
  });

  it("reads in German, with German numbers", () => {
    const html = render("de");
    expect(html).toContain("2 Teams: Collaboration gegenüber Win rate, mit der angepassten Linie");
    expect(html).toContain("Ein Punkt: ein Team");
    expect(html).toContain("Team A: Collaboration 4,3, Win rate 1.234,50");
    expect(html).not.toContain("fitted relationship");
  });
});
