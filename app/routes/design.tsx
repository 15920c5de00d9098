// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { MetaFunction } from "@remix-run/node";
import { DidChart } from "~/components/charts/did-chart";
import { DriverBars } from "~/components/charts/driver-bars";
import { DumbbellChart } from "~/components/charts/dumbbell";
import { Heatmap, type HeatmapRow } from "~/components/charts/heatmap";
import { PretrendChart } from "~/components/charts/pretrend-chart";
import { ScatterChart } from "~/components/charts/scatter";
import { ScoreBars } from "~/components/charts/score-bars";
import { CATEGORICAL, DIVERGING, ON_DIVERGING } from "~/components/charts/tokens";
import { TrendChart } from "~/components/charts/trend-chart";
import { WonSplitBars } from "~/components/charts/won-split";
import { Field, Notice, SelectField } from "~/components/forms";
import { TableWrap } from "~/components/table-wrap";
import { divergingLegend } from "~/components/charts/palette";
import { formatPercent, formatScore } from "~/domain/format";

// The visual system on one page: every design token and component, and every chart with made-up numbers.
// Public, like the sign-in page: it shows no organisation's data, and people building on Candor (or
// checking a change to the styles) can open it without an account.

export const meta: MetaFunction = () => [{ title: "Design system · Candor" }];

const ROLES = [
  ["ink", "Text"],
  ["ink-muted", "Secondary text"],
  ["surface", "Cards, tables"],
  ["surface-alt", "Page background"],
  ["line", "Borders"],
  ["grid", "Chart grid lines"],
  ["brand", "Links, buttons"],
  ["good", "Good, success"],
  ["warn", "Warning"],
  ["bad", "Bad, errors"],
  ["focus", "Keyboard focus"],
  ["hatch", "Hidden results"],
] as const;

const TYPE = [
  ["text-2xl", "2rem", "Page titles on a wide screen"],
  ["text-xl", "1.5rem", "Section titles"],
  ["text-lg", "1.25rem", "Lead text, figures"],
  ["text-md", "1rem", "Body text"],
  ["text-sm", "0.875rem", "Hints, legends, table headers"],
  ["text-xs", "0.8125rem", "Smallest page text: directions under headers"],
] as const;

const SPACE = ["space-1", "space-2", "space-3", "space-4", "space-5", "space-6"] as const;

const DIMENSIONS = [
  { key: "ps", label: "Psychological safety", higherIsBetter: true },
  { key: "collab", label: "Collaboration", higherIsBetter: true },
  { key: "ai", label: "Account-intelligence sharing", higherIsBetter: true },
  { key: "fp", label: "Forecast-honesty pressure", higherIsBetter: false },
];

const cell = (value: number, n = 12) => ({ value, change: null, n, hidden: null });
const hidden = { value: null, change: null, n: null, hidden: "fewer answers than the minimum reporting group" };
const HEATMAP_ROWS: HeatmapRow[] = [
  { id: "org", label: "Example Sales", depth: 0, cells: { ps: cell(4.6, 80), collab: cell(5.0, 80), ai: cell(4.4, 80), fp: cell(3.9, 80) } },
  { id: "na", label: "North America", depth: 1, cells: { ps: cell(4.9, 30), collab: cell(5.1, 30), ai: cell(4.2, 30), fp: cell(3.5, 30) } },
  { id: "na-ent", label: "NA Enterprise", depth: 2, cells: { ps: cell(5.3, 9), collab: cell(5.4, 9), ai: cell(4.7, 9), fp: cell(4.6, 9) } },
  { id: "na-ren", label: "NA Renewals", depth: 2, cells: { ps: hidden, collab: hidden, ai: hidden, fp: hidden } },
  { id: "emea", label: "EMEA", depth: 1, cells: { ps: cell(3.95, 25), collab: cell(4.7, 25), ai: cell(4.5, 25), fp: cell(4.3, 25) } },
];

const trendPoint = (period: string, mean: number | null) => ({ period, mean, ciLow: mean === null ? null : mean - 0.4, ciHigh: mean === null ? null : mean + 0.4 });

export default function Design() {
  return (
    <div className="page">
      <h1>Design system</h1>
      <p className="lead">
        The design tokens, components and charts every page of Candor uses, with made-up numbers. The tokens live in <code>app/styles/app.css</code>; charts read the same values
        from <code>app/components/charts/tokens.ts</code>, and a test keeps the two equal.
      </p>

      <h2>Colour roles</h2>
      <Swatches items={ROLES.map(([name, use]) => ({ name, use, value: `var(--${name})` }))} />

      <h2>Diverging scale</h2>
      <p>
        For anything better or worse than a centre (the organisation, the middle of the scale, no change). Worse is always orange and better always blue, whichever way the number
        runs: a dimension where higher is worse, such as forecast-honesty pressure, is turned round before it is coloured. Orange and blue stay apart for the common colour-vision
        deficiencies, and the steps also differ in lightness.
      </p>
      <ul className="swatches" aria-label="Diverging scale, worse to better">
        {divergingLegend(0.2).map((s) => (
          <li key={s.step} className="swatch">
            <span className="swatch__colour" style={{ background: DIVERGING[s.step], color: ON_DIVERGING[s.step], display: "flex", alignItems: "center", paddingInline: "0.5rem" }}>
              {s.words}
            </span>
            <span className="swatch__name">--diverging-{s.step}</span>
            <span className="swatch__value">{DIVERGING[s.step]}</span>
          </li>
        ))}
      </ul>

      <h2>Categorical palette</h2>
      <p>Okabe–Ito: series in charts (teams, trained and untrained groups). Charts also tell series apart by shape or pattern, never by colour alone.</p>
      <Swatches items={CATEGORICAL.map((value, i) => ({ name: `category-${i + 1}`, use: value, value }))} />

      <h2>Type scale</h2>
      <div className="type-scale card">
        {TYPE.map(([name, size, use]) => (
          <p key={name} style={{ fontSize: `var(--${name})` }}>
            {use}{" "}
            <span className="muted">
              (--{name}, {size})
            </span>
          </p>
        ))}
        <p>
          Charts: text at least <strong>12 px</strong> as drawn (<code>--chart-text-min</code>), body labels 13 px (<code>--chart-text</code>), at every screen width. A chart lays
          itself out again for a narrow screen (labels above bars, fewer ticks) instead of shrinking.
        </p>
      </div>

      <h2>Spacing</h2>
      <ul className="plain-list card">
        {SPACE.map((name) => (
          <li key={name}>
            <span className="space-bar" style={{ width: `var(--${name})` }} aria-hidden="true" />
            --{name}
          </li>
        ))}
      </ul>

      <h2>Buttons and links</h2>
      <div className="row-of card">
        <button type="button" className="button">
          Primary action
        </button>
        <button type="button" className="button button--secondary">
          Secondary action
        </button>
        <button type="button" className="button button--danger">
          Delete
        </button>
        <button type="button" className="link-button">
          Link-styled button
        </button>
        <a href="#forms">A link</a>
      </div>

      <h2>Badges</h2>
      <div className="row-of card">
        <span className="badge">Neutral</span>
        <span className="badge badge--open">Open</span>
        <span className="badge badge--good">Improved</span>
        <span className="badge badge--warn">Needs attention</span>
        <span className="badge badge--bad">Worse</span>
        <span className="badge badge--neutral">Not rated</span>
      </div>

      <h2>Messages</h2>
      <Notice>Information: the pulse closes on Friday.</Notice>
      <Notice tone="success">Saved. The team sees the plan from its next pulse.</Notice>
      <Notice tone="warning">Two teams are under the minimum reporting group and will not see results.</Notice>
      <Notice tone="error">The file could not be read: line 4 has no email.</Notice>

      <h2 id="forms">Forms</h2>
      <div className="card grid-form">
        <Field name="example-name" label="Name" hint="As people in your organisation know it." />
        <Field name="example-email" label="Email" type="email" defaultValue="not an email" error="Enter an email address, such as name@example.com" />
        <SelectField
          name="example-cadence"
          label="Cadence"
          options={[
            { value: "weekly", label: "Weekly" },
            { value: "monthly", label: "Monthly" },
          ]}
        />
        <label className="checkbox">
          <input type="checkbox" name="example-remind" defaultChecked /> Remind people who have not answered
        </label>
      </div>

      <h2>Tables</h2>
      <p>A table wider than the screen scrolls in its own box, and says so above it.</p>
      <TableWrap label="Example table">
        <table>
          <thead>
            <tr>
              <th scope="col">Team</th>
              {["Psychological safety", "Collaboration", "Account-intelligence sharing", "Forecast-honesty pressure", "Answers", "Response rate"].map((h) => (
                <th key={h} scope="col" className="num" style={{ minWidth: "8rem" }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {["NA Enterprise", "EMEA Mid-market"].map((team, i) => (
              <tr key={team}>
                <th scope="row">{team}</th>
                {[5.3 - i, 5.4 - i, 4.7, 4.6 - i, 9, "82%"].map((v, j) => (
                  <td key={j} className="num">
                    {typeof v === "number" && j < 4 ? formatScore(v) : v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>Charts</h2>
      <p>Every chart has a title, a description for screen readers, a legend in words, its numbers one click away, and the data as CSV.</p>
      <Heatmap title="Heatmap: scores by team and dimension" mode="score" columns={DIMENSIONS} rows={HEATMAP_ROWS} />
      <ScoreBars
        title="Score bars: a team's scores"
        rows={DIMENSIONS.map((d, i) => ({
          key: d.key,
          label: d.label,
          higherIsBetter: d.higherIsBetter,
          mean: i === 2 ? null : [5.3, 4.9, 0, 4.6][i]!,
          ciLow: i === 2 ? null : [4.8, 4.3, 0, 4.0][i]!,
          ciHigh: i === 2 ? null : [5.8, 5.5, 0, 5.2][i]!,
          n: i === 2 ? null : 9,
          change: i === 0 ? 0.3 : null,
          hidden: i === 2 ? "fewer answers than the minimum reporting group" : null,
        }))}
      />
      <TrendChart
        title="Trend: scores over the waves"
        series={DIMENSIONS.slice(0, 2).map((d, i) => ({
          key: d.key,
          label: `${d.label} (higher is better)`,
          points: ["2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-07-06", "2026-08-03"].map((p, j) =>
            trendPoint(p, j === 3 && i === 1 ? null : 4.2 + i * 0.5 + j * 0.1),
          ),
        }))}
      />
      <DumbbellChart
        title="Dumbbell: a manager's view against the team's"
        rows={DIMENSIONS.map((d, i) => ({
          key: d.key,
          label: d.label,
          managerScore: [6.1, 5.0, 4.8, 3.1][i]!,
          teamMean: [5.1, 5.1, 4.6, 4.3][i]!,
          ciLow: [4.6, 4.6, 4.1, 3.8][i]!,
          ciHigh: [5.6, 5.6, 5.1, 4.8][i]!,
          direction: d.higherIsBetter ? "higher is better" : "higher is worse",
          reading: ["Blind spot", "No clear gap", "No clear gap", "Blind spot"][i]!,
          readingInWords: ["You rate psychological safety higher than your team does.", "", "", "You see less forecast-honesty pressure than your team feels."][i]!,
        }))}
      />
      <ScatterChart
        title="Scatter: a culture dimension against an outcome"
        xLabel="Psychological safety (1–7, higher is better)"
        yLabel="Win rate"
        formatY={(v) => formatPercent(v)}
        points={[4.1, 4.4, 4.6, 4.9, 5.2, 5.5, 5.8].map((x, i) => ({ id: String(i), label: `Team ${i + 1}`, x, y: 0.18 + (x - 4) * 0.06 + (i % 2 ? 0.02 : -0.02) }))}
        band={[4, 4.5, 5, 5.5, 6].map((x) => ({ x, fit: 0.18 + (x - 4) * 0.06, low: 0.14 + (x - 4) * 0.055, high: 0.22 + (x - 4) * 0.065 }))}
      />
      <DriverBars
        title="Driver bars: what goes with the outcome"
        n={64}
        teams={10}
        rowWords="answers"
        rows={[
          { key: "a", label: "When someone on this team gets something wrong, it counts against them afterwards", share: 0.38, shareLow: 0.22, shareHigh: 0.52 },
          { key: "b", label: "My manager wants my honest best estimate, not a padded number", share: 0.27, shareLow: 0.12, shareHigh: 0.41 },
          { key: "c", label: "We share what we learn about accounts", share: 0.2, shareLow: 0.08, shareHigh: 0.33 },
        ]}
      />
      <DidChart
        title="Change after a training: trained against similar untrained teams"
        rows={DIMENSIONS.slice(0, 2).map((d, i) => ({ key: d.key, label: d.label, trained: [0.45, 0.2][i]!, comparison: [0.05, -0.1][i]! }))}
      />
      <PretrendChart
        title="Before and after a training, period by period"
        format={formatScore}
        points={["2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-07-06"].map((label, i) => ({
          label,
          index: i,
          after: i >= 3,
          trained: { n: 3, mean: 4.3 + i * 0.05 + (i >= 3 ? 0.4 : 0), ciLow: null, ciHigh: null },
          control: { n: 4, mean: 4.2 + i * 0.05, ciLow: null, ciHigh: null },
        }))}
      />
      <WonSplitBars
        title="Where a team's wins came from"
        sandbagLine={0.25}
        money={(v) => `$${Math.round(v / 1000)}k`}
        rows={["2026-01-01", "2026-04-01", "2026-07-01"].map((period, i) => ({
          period,
          wonCount: 8 + i,
          wonAmount: 420_000 + i * 50_000,
          knownUpsideShare: i === 0 ? null : [0, 0.31, 0.18][i]!,
          newInPeriodShare: i === 0 ? null : [0, 0.22, 0.3][i]!,
          commitAccuracy: i === 0 ? null : 0.8,
          commitAmount: i === 0 ? null : 300_000,
        }))}
      />
    </div>
  );
}

function Swatches({ items }: { items: Array<{ name: string; use: string; value: string }> }) {
  return (
    <ul className="swatches">
      {items.map((item) => (
        <li key={item.name} className="swatch">
          <span className="swatch__colour" style={{ background: item.value }} />
          <span className="swatch__name">--{item.name}</span>
          <span className="swatch__value">{item.use}</span>
        </li>
      ))}
    </ul>
  );
}
