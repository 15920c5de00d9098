import { scaleLinear } from "@visx/scale";
import { ChartFrame } from "./chart-frame";
import { CATEGORICAL } from "./palette";

export interface DidChartRow {
  key: string;
  label: string;
  /** Mean change after − before of the trained teams, and of the comparison teams. */
  trained: number;
  comparison: number;
}

const W = 640;
const LABEL = 190;
const RIGHT = 24;
const ROW = 56;
const TOP = 28;

const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(2)}`;

/**
 * Before-to-after change per outcome: the trained teams' bar (solid) beside the comparison teams' bar
 * (striped, so the two differ without colour), both from zero.
 */
export function DidChart({ title, rows }: { title: string; rows: DidChartRow[] }) {
  const height = TOP + rows.length * ROW + 24;
  const extent = Math.max(0.5, ...rows.flatMap((r) => [Math.abs(r.trained), Math.abs(r.comparison)])) * 1.15;
  const x = scaleLinear<number>({ domain: [-extent, extent], range: [LABEL, W - RIGHT] });
  return (
    <ChartFrame
      title={title}
      description={rows.map((r) => `${r.label}: trained teams changed ${signed(r.trained)}, similar untrained teams ${signed(r.comparison)}.`).join(" ")}
      width={W}
      height={height}
      columns={[
        { key: "label", label: "Outcome" },
        { key: "trained", label: "Trained teams' change", numeric: true },
        { key: "comparison", label: "Comparison teams' change", numeric: true },
      ]}
      rows={rows.map((r) => ({ label: r.label, trained: signed(r.trained), comparison: signed(r.comparison) }))}
    >
      <defs>
        <pattern id="did-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#fff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke={CATEGORICAL[1]} strokeWidth="3" />
        </pattern>
      </defs>
      <g fontSize={12} fill="#1a1f2b">
        <rect x={LABEL} y={4} width={12} height={12} fill={CATEGORICAL[0]} />
        <text x={LABEL + 18} y={14}>
          Trained teams
        </text>
        <rect x={LABEL + 130} y={4} width={12} height={12} fill="url(#did-stripes)" stroke={CATEGORICAL[1]} />
        <text x={LABEL + 148} y={14}>
          Similar untrained teams
        </text>
      </g>
      <line x1={x(0)} x2={x(0)} y1={TOP - 4} y2={height - 20} stroke="#4a5365" />
      {rows.map((r, i) => {
        const y = TOP + i * ROW;
        const bar = (v: number, dy: number, fill: string) => (
          <rect x={Math.min(x(0), x(v))} y={y + dy} width={Math.max(1, Math.abs(x(v) - x(0)))} height={16} fill={fill} stroke={fill.startsWith("url") ? CATEGORICAL[1] : "none"} />
        );
        return (
          <g key={r.key}>
            <text x={LABEL - 10} y={y + 22} textAnchor="end" fontSize={13} fill="#1a1f2b">
              {r.label}
            </text>
            {bar(r.trained, 4, CATEGORICAL[0]!)}
            {bar(r.comparison, 22, "url(#did-stripes)")}
            <text x={x(r.trained) + (r.trained >= 0 ? 6 : -6)} y={y + 16} textAnchor={r.trained >= 0 ? "start" : "end"} fontSize={11} fill="#1a1f2b">
              {signed(r.trained)}
            </text>
            <text x={x(r.comparison) + (r.comparison >= 0 ? 6 : -6)} y={y + 34} textAnchor={r.comparison >= 0 ? "start" : "end"} fontSize={11} fill="#1a1f2b">
              {signed(r.comparison)}
            </text>
          </g>
        );
      })}
      <text x={x(0)} y={height - 6} textAnchor="middle" fontSize={11} fill="#4a5365">
        no change
      </text>
    </ChartFrame>
  );
}
