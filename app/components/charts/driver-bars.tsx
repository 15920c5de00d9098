import { scaleLinear } from "@visx/scale";
import { ChartFrame, ChartLegend, useChartWidth, WHISKER_LEGEND } from "./chart-frame";
import { charsThatFit, wrapLines } from "./text";
import { CATEGORICAL, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

export interface DriverBarRow {
  key: string;
  label: string;
  /** Share of what the predictors explain together, 0–1. */
  share: number;
  shareLow: number | null;
  shareHigh: number | null;
}

// Larger type than the other charts; question texts wrap onto lines above their bar (two, or three on a
// phone), so they keep the width.
const DESIGN_W = 520;
const LEFT = 8;
const RIGHT = 132;
const LINE = 19;
const BAR = 30;
const TOP = 8;
const LABEL_TEXT = 15;

/**
 * Relative weights as ranked horizontal bars (share of R², 0–100%) with their 95% bootstrap intervals as
 * whiskers. Each label sits above its bar (two lines at most), so long question texts keep the width on a
 * phone; the table under the chart has the same numbers with n and teams.
 */
export function DriverBars({ title, rows, n, teams, rowWords }: { title: string; rows: DriverBarRow[]; n: number; teams: number; rowWords: string }) {
  const measure = useChartWidth(DESIGN_W);
  const f = useChartFormats();
  const { t } = f;
  const pct = (v: number) => f.percent(v);
  const interval = (r: DriverBarRow) => (r.shareLow !== null && r.shareHigh !== null ? f.interval(r.shareLow, r.shareHigh, (v) => f.percent(v)) : t("chart.drivers.notAvailable"));
  const W = measure.width;
  const lines = rows.map((r, i) => wrapLines(`${i + 1}. ${r.label}`, charsThatFit(W - 2 * LEFT, LABEL_TEXT), W < 440 ? 3 : 2));
  const tops = lines.reduce<number[]>((acc, l, i) => [...acc, (acc[i] ?? TOP) + l.length * LINE + BAR + 8], [TOP]);
  const height = tops[rows.length]! + 26;
  const max = Math.min(1, Math.max(0.25, ...rows.map((r) => r.shareHigh ?? r.share)) + 0.05);
  const x = scaleLinear<number>({ domain: [0, max], range: [LEFT, W - RIGHT] });
  const ticks = x.ticks(4);
  const describe = (r: DriverBarRow) => t("chart.drivers.row", { label: r.label, share: pct(r.share), interval: interval(r) });
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.drivers.description", {
        n: f.locale === "en" ? String(n) : f.count(n),
        rowWords,
        teams: f.locale === "en" ? String(teams) : f.count(teams),
        rows: rows.map(describe).join(". "),
      })}
      width={W}
      height={height}
      columns={[
        { key: "rank", label: t("chart.drivers.col.rank"), numeric: true },
        { key: "label", label: t("chart.drivers.col.driver") },
        { key: "share", label: t("chart.drivers.col.share"), numeric: true },
        { key: "interval", label: t("chart.col.interval"), numeric: true },
        { key: "n", label: t("chart.drivers.col.n", { rowWords: `${rowWords[0]!.toUpperCase()}${rowWords.slice(1)}` }), numeric: true },
        { key: "teams", label: t("chart.drivers.col.teams"), numeric: true },
      ]}
      rows={rows.map((r, i) => ({ rank: i + 1, label: r.label, share: pct(r.share), interval: interval(r), n, teams }))}
      footer={
        <ChartLegend
          items={[
            {
              key: "bar",
              swatch: (
                <svg width="28" height="14">
                  <rect x={0} y={2} width={28} height={10} fill={CATEGORICAL[0]} />
                </svg>
              ),
              label: t("chart.drivers.legendBar"),
            },
            WHISKER_LEGEND,
          ]}
        />
      }
    >
      <g fontSize={13} fill={COLOURS.inkMuted}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={TOP} y2={height - 22} stroke={COLOURS.grid} />
            <text x={x(tick)} y={height - 6} textAnchor={x(tick) - LEFT < 16 ? "start" : "middle"}>
              {pct(tick)}
            </text>
          </g>
        ))}
      </g>
      {rows.map((r, i) => {
        const y = tops[i]!;
        const mid = y + lines[i]!.length * LINE + BAR / 2;
        return (
          <g key={r.key}>
            <title>{describe(r)}</title>
            <text x={LEFT} y={y + 15} fontSize={LABEL_TEXT} fill={COLOURS.ink}>
              {lines[i]!.map((line, j) => (
                <tspan key={j} x={LEFT} dy={j === 0 ? 0 : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect x={x(0)} y={mid - 9} width={Math.max(1, x(r.share) - x(0))} height={18} fill={CATEGORICAL[0]} />
            {r.shareLow !== null && r.shareHigh !== null ? (
              <g stroke={COLOURS.ink} strokeWidth={1.5}>
                <line x1={x(r.shareLow)} x2={x(r.shareHigh)} y1={mid} y2={mid} />
                <line x1={x(r.shareLow)} x2={x(r.shareLow)} y1={mid - 7} y2={mid + 7} />
                <line x1={x(r.shareHigh)} x2={x(r.shareHigh)} y1={mid - 7} y2={mid + 7} />
              </g>
            ) : null}
            <text x={W - RIGHT + 8} y={mid + 5} fontSize={14} fill={COLOURS.ink}>
              {pct(r.share)} ({interval(r)})
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
