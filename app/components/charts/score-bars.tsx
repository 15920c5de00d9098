import { scaleLinear } from "@visx/scale";
import { ChartFrame } from "./chart-frame";
import { scoreColour } from "./palette";
import { dimensionDirection } from "~/domain/reading";

export interface ScoreBarRow {
  key: string;
  label: string;
  higherIsBetter: boolean;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  change: number | null;
  hidden: string | null;
}

/** Bars from the results engine's dimension scores (team page, rep home). */
export function dimensionBars(
  dimensions: ReadonlyArray<{
    key: string;
    name: string;
    higherIsBetter: boolean;
    score: { mean: number | null; ciLow: number | null; ciHigh: number | null; n: number | null; hidden: string | null };
    change: { diff: number } | null;
  }>,
): ScoreBarRow[] {
  return dimensions.map((d) => ({
    key: d.key,
    label: d.name,
    higherIsBetter: d.higherIsBetter,
    mean: d.score.mean,
    ciLow: d.score.ciLow,
    ciHigh: d.score.ciHigh,
    n: d.score.n,
    change: d.change?.diff ?? null,
    hidden: d.score.hidden,
  }));
}

const W = 640;
const LABEL = 200;
const RIGHT = 120;
const ROW = 44;
const TOP = 10;

const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(2)}`;

/** Scores per dimension as bars on the 1–7 scale with their 95% interval; hidden rows say so in words. */
export function ScoreBars({ title, rows }: { title: string; rows: ScoreBarRow[] }) {
  const height = TOP + rows.length * ROW + 26;
  const x = scaleLinear<number>({ domain: [1, 7], range: [LABEL, W - RIGHT] });
  const describe = (r: ScoreBarRow) =>
    r.hidden || r.mean === null
      ? `${r.label}: hidden (${r.hidden ?? "no answers"})`
      : `${r.label}, ${dimensionDirection(r.higherIsBetter)}: ${r.mean.toFixed(2)} (95% interval ${r.ciLow?.toFixed(2)}–${r.ciHigh?.toFixed(2)}, n ${r.n})${r.change !== null ? `, ${signed(r.change)} since the last wave` : ""}`;
  return (
    <ChartFrame
      title={title}
      description={`Mean scores from 1 to 7 with their 95% intervals. ${rows.map(describe).join(". ")}.`}
      width={W}
      height={height}
      columns={[
        { key: "label", label: "Dimension" },
        { key: "direction", label: "Direction" },
        { key: "mean", label: "Score", numeric: true },
        { key: "interval", label: "95% interval", numeric: true },
        { key: "n", label: "Answers", numeric: true },
        { key: "change", label: "Change since last wave", numeric: true },
      ]}
      rows={rows.map((r) => ({
        label: r.label,
        direction: dimensionDirection(r.higherIsBetter),
        mean: r.hidden ? "hidden" : (r.mean?.toFixed(2) ?? "—"),
        interval: r.ciLow !== null && r.ciHigh !== null ? `${r.ciLow.toFixed(2)}–${r.ciHigh.toFixed(2)}` : "—",
        n: r.n,
        change: r.change !== null ? signed(r.change) : "—",
      }))}
    >
      <g fontSize={11} fill="#4a5365">
        {[1, 2, 3, 4, 5, 6, 7].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP} y2={height - 22} stroke="#e3e7ee" />
            <text x={x(t)} y={height - 8} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
      </g>
      {rows.map((r, i) => {
        const y = TOP + i * ROW;
        const mid = y + ROW / 2;
        return (
          <g key={r.key}>
            <title>{describe(r)}</title>
            <text x={LABEL - 10} y={mid - 2} textAnchor="end" fontSize={13} fill="#1a1f2b">
              {r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label}
            </text>
            <text x={LABEL - 10} y={mid + 12} textAnchor="end" fontSize={11} fill="#4a5365">
              {dimensionDirection(r.higherIsBetter)}
            </text>
            {r.hidden || r.mean === null ? (
              <text x={LABEL + 8} y={mid + 4} fontSize={12} fill="#4a5365" fontStyle="italic">
                hidden — {r.hidden ?? "no answers"}
              </text>
            ) : (
              <>
                <rect x={x(1)} y={mid - 9} width={Math.max(1, x(r.mean) - x(1))} height={18} fill={scoreColour(r.mean, r.higherIsBetter)} stroke="#4a5365" strokeWidth={0.5} />
                {r.ciLow !== null && r.ciHigh !== null ? (
                  <g stroke="#1a1f2b" strokeWidth={1.5}>
                    <line x1={x(r.ciLow)} x2={x(r.ciHigh)} y1={mid} y2={mid} />
                    <line x1={x(r.ciLow)} x2={x(r.ciLow)} y1={mid - 5} y2={mid + 5} />
                    <line x1={x(r.ciHigh)} x2={x(r.ciHigh)} y1={mid - 5} y2={mid + 5} />
                  </g>
                ) : null}
                <text x={W - RIGHT + 8} y={mid + 4} fontSize={12} fill="#1a1f2b">
                  {r.mean.toFixed(2)}
                  {r.change !== null ? ` (${signed(r.change)})` : ""}
                </text>
              </>
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}
