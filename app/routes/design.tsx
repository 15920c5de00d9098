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
import { useChartFormats } from "~/components/charts/formats";
import { formatsFor } from "~/domain/format";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import type { MessageKey } from "~/i18n/translate";

// The visual system on one page: every design token and component, and every chart with made-up numbers.
// Public, like the sign-in page: it shows no organisation's data, and people building on Candor (or
// checking a change to the styles) can open it without an account.

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "design.title", "Design system");

const ROLES: ReadonlyArray<readonly [string, MessageKey]> = [
  ["ink", "design.role.ink"],
  ["ink-muted", "design.role.inkMuted"],
  ["surface", "design.role.surface"],
  ["surface-alt", "design.role.surfaceAlt"],
  ["line", "design.role.line"],
  ["grid", "design.role.grid"],
  ["brand", "design.role.brand"],
  ["good", "design.role.good"],
  ["warn", "design.role.warn"],
  ["bad", "design.role.bad"],
  ["focus", "design.role.focus"],
  ["hatch", "design.role.hatch"],
];

const TYPE: ReadonlyArray<readonly [string, string, MessageKey]> = [
  ["text-2xl", "2rem", "design.type.2xl"],
  ["text-xl", "1.5rem", "design.type.xl"],
  ["text-lg", "1.25rem", "design.type.lg"],
  ["text-md", "1rem", "design.type.md"],
  ["text-sm", "0.875rem", "design.type.sm"],
  ["text-xs", "0.8125rem", "design.type.xs"],
];

const SPACE = ["space-1", "space-2", "space-3", "space-4", "space-5", "space-6"] as const;

const DIMENSION_KEYS: ReadonlyArray<{ key: string; label: MessageKey; higherIsBetter: boolean }> = [
  { key: "ps", label: "design.dim.ps", higherIsBetter: true },
  { key: "collab", label: "design.dim.collab", higherIsBetter: true },
  { key: "ai", label: "design.dim.ai", higherIsBetter: true },
  { key: "fp", label: "design.dim.fp", higherIsBetter: false },
];

const cell = (value: number, n = 12) => ({ value, change: null, n, hidden: null });
/** The made-up heatmap's rows (team names are names); a hidden cell says why in the page's language. */
const heatmapRows = (why: string): HeatmapRow[] => {
  const hidden = { value: null, change: null, n: null, hidden: why };
  return [
    { id: "org", label: "Example Sales", depth: 0, cells: { ps: cell(4.6, 80), collab: cell(5.0, 80), ai: cell(4.4, 80), fp: cell(3.9, 80) } },
    { id: "na", label: "North America", depth: 1, cells: { ps: cell(4.9, 30), collab: cell(5.1, 30), ai: cell(4.2, 30), fp: cell(3.5, 30) } },
    { id: "na-ent", label: "NA Enterprise", depth: 2, cells: { ps: cell(5.3, 9), collab: cell(5.4, 9), ai: cell(4.7, 9), fp: cell(4.6, 9) } },
    { id: "na-ren", label: "NA Renewals", depth: 2, cells: { ps: hidden, collab: hidden, ai: hidden, fp: hidden } },
    { id: "emea", label: "EMEA", depth: 1, cells: { ps: cell(3.95, 25), collab: cell(4.7, 25), ai: cell(4.5, 25), fp: cell(4.3, 25) } },
  ];
};

const trendPoint = (period: string, mean: number | null) => ({ period, mean, ciLow: mean === null ? null : mean - 0.4, ciHigh: mean === null ? null : mean + 0.4 });

export default function Design() {
  const { t, rich, locale } = useI18n();
  const f = formatsFor(locale);
  const { stepWords } = useChartFormats();
  const DIMENSIONS = DIMENSION_KEYS.map((d) => ({ ...d, label: t(d.label) }));
  const fewer = t("design.hiddenWhy");
  const direction = (better: boolean) => (better ? t("explorer.higherIsBetter") : t("explorer.higherIsWorse"));
  return (
    <div className="page">
      <h1>{t("design.title")}</h1>
      <p className="lead">{rich<ReactNode>("design.lead", { css: (chunks) => <code key="css">{chunks}</code>, tokens: (chunks) => <code key="tokens">{chunks}</code> })}</p>

      <h2>{t("design.colourRoles")}</h2>
      <Swatches items={ROLES.map(([name, use]) => ({ name, use: t(use), value: `var(--${name})` }))} />

      <h2>{t("design.diverging")}</h2>
      <p>{t("design.divergingText")}</p>
      <ul className="swatches" aria-label={t("design.divergingLabel")}>
        {divergingLegend(0.2).map((s) => (
          <li key={s.step} className="swatch">
            <span className="swatch__colour" style={{ background: DIVERGING[s.step], color: ON_DIVERGING[s.step], display: "flex", alignItems: "center", paddingInline: "0.5rem" }}>
              {stepWords(s.step)}
            </span>
            <span className="swatch__name">{`--diverging-${s.step}`}</span>
            <span className="swatch__value">{DIVERGING[s.step]}</span>
          </li>
        ))}
      </ul>

      <h2>{t("design.categorical")}</h2>
      <p>{t("design.categoricalText")}</p>
      <Swatches items={CATEGORICAL.map((value, i) => ({ name: `category-${i + 1}`, use: value, value }))} />

      <h2>{t("design.typeScale")}</h2>
      <div className="type-scale card">
        {TYPE.map(([name, size, use]) => (
          <p key={name} style={{ fontSize: `var(--${name})` }}>
            {t(use)}{" "}
            <span className="muted">
              (--{name}, {size})
            </span>
          </p>
        ))}
        <p>
          {rich<ReactNode>("design.chartText", {
            b: (chunks) => <strong key="b">{chunks}</strong>,
            min: (chunks) => <code key="min">{chunks}</code>,
            body: (chunks) => <code key="body">{chunks}</code>,
          })}
        </p>
      </div>

      <h2>{t("design.spacing")}</h2>
      <ul className="plain-list card">
        {SPACE.map((name) => (
          <li key={name}>
            <span className="space-bar" style={{ width: `var(--${name})` }} aria-hidden="true" />
            --{name}
          </li>
        ))}
      </ul>

      <h2>{t("design.buttons")}</h2>
      <div className="row-of card">
        <button type="button" className="button">
          {t("design.button.primary")}
        </button>
        <button type="button" className="button button--secondary">
          {t("design.button.secondary")}
        </button>
        <button type="button" className="button button--danger">
          {t("design.button.delete")}
        </button>
        <button type="button" className="link-button">
          {t("design.button.link")}
        </button>
        <a href="#forms">{t("design.link")}</a>
      </div>

      <h2>{t("design.badges")}</h2>
      <div className="row-of card">
        <span className="badge">{t("design.badge.neutral")}</span>
        <span className="badge badge--open">{t("design.badge.open")}</span>
        <span className="badge badge--good">{t("design.badge.improved")}</span>
        <span className="badge badge--warn">{t("design.badge.attention")}</span>
        <span className="badge badge--bad">{t("design.badge.worse")}</span>
        <span className="badge badge--neutral">{t("design.badge.notRated")}</span>
      </div>

      <h2>{t("design.messages")}</h2>
      <Notice>{t("design.notice.info")}</Notice>
      <Notice tone="success">{t("design.notice.success")}</Notice>
      <Notice tone="warning">{t("design.notice.warning")}</Notice>
      <Notice tone="error">{t("design.notice.error")}</Notice>

      <h2 id="forms">{t("design.forms")}</h2>
      <div className="card grid-form">
        <Field name="example-name" label={t("design.form.name")} hint={t("design.form.nameHint")} />
        <Field name="example-email" label={t("design.form.email")} type="email" defaultValue={t("design.form.notEmail")} error={t("design.form.emailError")} />
        <SelectField
          name="example-cadence"
          label={t("design.form.cadence")}
          options={[
            { value: "weekly", label: t("design.form.weekly") },
            { value: "monthly", label: t("design.form.monthly") },
          ]}
        />
        <label className="checkbox">
          <input type="checkbox" name="example-remind" defaultChecked /> {t("design.form.remind")}
        </label>
      </div>

      <h2>{t("design.tables")}</h2>
      <p>{t("design.tablesText")}</p>
      <TableWrap label={t("design.exampleTable")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("design.table.team")}</th>
              {[...DIMENSIONS.map((d) => d.label), t("design.table.answers"), t("design.table.rate")].map((h) => (
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
                {[5.3 - i, 5.4 - i, 4.7, 4.6 - i, 9, f.percent(0.82)].map((v, j) => (
                  <td key={j} className="num">
                    {typeof v === "number" && j < 4 ? f.score(v) : v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>{t("design.charts")}</h2>
      <p>{t("design.chartsText")}</p>
      <Heatmap title={t("design.chart.heatmap")} mode="score" columns={DIMENSIONS} rows={heatmapRows(fewer)} />
      <ScoreBars
        title={t("design.chart.scoreBars")}
        rows={DIMENSIONS.map((d, i) => ({
          key: d.key,
          label: d.label,
          higherIsBetter: d.higherIsBetter,
          mean: i === 2 ? null : [5.3, 4.9, 0, 4.6][i]!,
          ciLow: i === 2 ? null : [4.8, 4.3, 0, 4.0][i]!,
          ciHigh: i === 2 ? null : [5.8, 5.5, 0, 5.2][i]!,
          n: i === 2 ? null : 9,
          change: i === 0 ? 0.3 : null,
          hidden: i === 2 ? fewer : null,
        }))}
      />
      <TrendChart
        title={t("design.chart.trend")}
        series={DIMENSIONS.slice(0, 2).map((d, i) => ({
          key: d.key,
          label: t("design.withDirection", { name: d.label, direction: direction(d.higherIsBetter) }),
          points: ["2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-07-06", "2026-08-03"].map((p, j) =>
            trendPoint(p, j === 3 && i === 1 ? null : 4.2 + i * 0.5 + j * 0.1),
          ),
        }))}
      />
      <DumbbellChart
        title={t("design.chart.dumbbell")}
        rows={DIMENSIONS.map((d, i) => ({
          key: d.key,
          label: d.label,
          managerScore: [6.1, 5.0, 4.8, 3.1][i]!,
          teamMean: [5.1, 5.1, 4.6, 4.3][i]!,
          ciLow: [4.6, 4.6, 4.1, 3.8][i]!,
          ciHigh: [5.6, 5.6, 5.1, 4.8][i]!,
          direction: direction(d.higherIsBetter),
          reading: [t("design.gap.blindSpot"), t("design.gap.none"), t("design.gap.none"), t("design.gap.blindSpot")][i]!,
          readingInWords: [t("design.gap.ps"), "", "", t("design.gap.fp")][i]!,
        }))}
      />
      <ScatterChart
        title={t("design.chart.scatter")}
        xLabel={t("explorer.axis", { dimension: DIMENSIONS[0]!.label, direction: direction(true) })}
        yLabel={t("explorer.metricName.winRate")}
        formatY={(v) => f.percent(v)}
        points={[4.1, 4.4, 4.6, 4.9, 5.2, 5.5, 5.8].map((x, i) => ({
          id: String(i),
          label: t("design.sampleTeam", { n: i + 1 }),
          x,
          y: 0.18 + (x - 4) * 0.06 + (i % 2 ? 0.02 : -0.02),
        }))}
        band={[4, 4.5, 5, 5.5, 6].map((x) => ({ x, fit: 0.18 + (x - 4) * 0.06, low: 0.14 + (x - 4) * 0.055, high: 0.22 + (x - 4) * 0.065 }))}
      />
      <DriverBars
        title={t("design.chart.drivers")}
        n={64}
        teams={10}
        rowWords={t("drivers.rows.answers")}
        rows={[
          { key: "a", label: t("design.item.a"), share: 0.38, shareLow: 0.22, shareHigh: 0.52 },
          { key: "b", label: t("design.item.b"), share: 0.27, shareLow: 0.12, shareHigh: 0.41 },
          { key: "c", label: t("design.item.c"), share: 0.2, shareLow: 0.08, shareHigh: 0.33 },
        ]}
      />
      <DidChart
        title={t("design.chart.did")}
        rows={DIMENSIONS.slice(0, 2).map((d, i) => ({ key: d.key, label: d.label, trained: [0.45, 0.2][i]!, comparison: [0.05, -0.1][i]! }))}
      />
      <PretrendChart
        title={t("design.chart.pretrend")}
        format={(v) => f.score(v)}
        points={["2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-07-06"].map((label, i) => ({
          label,
          index: i,
          after: i >= 3,
          trained: { n: 3, mean: 4.3 + i * 0.05 + (i >= 3 ? 0.4 : 0), ciLow: null, ciHigh: null },
          control: { n: 4, mean: 4.2 + i * 0.05, ciLow: null, ciHigh: null },
        }))}
      />
      <WonSplitBars
        title={t("design.chart.won")}
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
