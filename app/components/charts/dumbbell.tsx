import { scaleLinear } from "@visx/scale";
import { ChartFrame } from "./chart-frame";
import { CATEGORICAL } from "./palette";

export interface DumbbellRow {
  key: string;
  label: string;
  managerScore: number | null;
  teamMean: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Under the label: which way the row's score is good ("higher is worse"). */
  direction: string;
  /** Shown next to the row: "Blind spot", "Hidden strength", … */
  reading: string;
  /** What the reading means in words ("You see less pressure than your team feels."): in the title, description and table. */
  readingInWords: string;
}

const W = 640;
const LABEL = 210;
const RIGHT = 110;
const ROW = 44;
const TOP = 34;

/**
 * Self vs team, dumbbell style: per row the team's mean (circle, with its 95% interval as a bar) and the
 * manager's score (diamond), joined by a line. Shapes, not only colours, tell them apart.
 */
export function DumbbellChart({ title, rows }: { title: string; rows: DumbbellRow[] }) {
  const height = TOP + rows.length * ROW + 30;
  const x = scaleLinear<number>({ domain: [1, 7], range: [LABEL, W - RIGHT] });
  const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(1));
  return (
    <ChartFrame
      title={title}
      description={`For each row, the team's mean score with its 95% interval and the manager's own score, on a 1 to 7 scale. ${rows
        .map((r) => `${r.label} (${r.direction}): team ${fmt(r.teamMean)}, manager ${fmt(r.managerScore)}, ${r.reading}: ${r.readingInWords}`)
        .join(" ")}`}
      width={W}
      height={height}
      columns={[
        { key: "label", label: "Dimension" },
        { key: "direction", label: "Direction" },
        { key: "manager", label: "Manager", numeric: true },
        { key: "team", label: "Team mean", numeric: true },
        { key: "interval", label: "95% interval", numeric: true },
        { key: "reading", label: "Reading" },
      ]}
      rows={rows.map((r) => ({
        label: r.label,
        direction: r.direction,
        manager: fmt(r.managerScore),
        team: fmt(r.teamMean),
        interval: `${fmt(r.ciLow)}–${fmt(r.ciHigh)}`,
        reading: `${r.reading}: ${r.readingInWords}`,
      }))}
    >
      <g fontSize={12} fill="#4a5365">
        {[1, 2, 3, 4, 5, 6, 7].map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={TOP - 8} y2={height - 24} stroke="#e3e7ee" />
            <text x={x(tick)} y={height - 8} textAnchor="middle">
              {tick}
            </text>
          </g>
        ))}
        <g transform={`translate(${LABEL}, 14)`}>
          <circle cx={6} cy={0} r={6} fill={CATEGORICAL[0]} />
          <text x={16} y={4}>
            Team mean (bar: 95% interval)
          </text>
          <rect x={220} y={-6} width={12} height={12} transform="rotate(45 226 0)" fill={CATEGORICAL[1]} />
          <text x={240} y={4}>
            Manager
          </text>
        </g>
      </g>
      {rows.map((row, i) => {
        const y = TOP + i * ROW + ROW / 2;
        return (
          <g key={row.key}>
            <title>{`${row.label} (${row.direction}): team ${fmt(row.teamMean)}, manager ${fmt(row.managerScore)}. ${row.reading}: ${row.readingInWords}`}</title>
            <text x={LABEL - 10} y={y - 2} textAnchor="end" fontSize={13} fill="#1a1f2b">
              {row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label}
            </text>
            <text x={LABEL - 10} y={y + 12} textAnchor="end" fontSize={11} fill="#4a5365">
              {row.direction}
            </text>
            {row.ciLow !== null && row.ciHigh !== null ? (
              <rect x={x(row.ciLow)} y={y - 5} width={Math.max(1, x(row.ciHigh) - x(row.ciLow))} height={10} fill={CATEGORICAL[0]} opacity={0.25} />
            ) : null}
            {row.managerScore !== null ? <line x1={x(row.teamMean)} x2={x(row.managerScore)} y1={y} y2={y} stroke="#4a5365" strokeWidth={2} /> : null}
            <circle cx={x(row.teamMean)} cy={y} r={7} fill={CATEGORICAL[0]} />
            {row.managerScore !== null ? (
              <rect x={x(row.managerScore) - 6} y={y - 6} width={12} height={12} transform={`rotate(45 ${x(row.managerScore)} ${y})`} fill={CATEGORICAL[1]} />
            ) : null}
            <text x={W - RIGHT + 10} y={y + 4} fontSize={12} fill="#1a1f2b">
              {row.reading}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
