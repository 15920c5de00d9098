import { ChartFrame } from "./chart-frame";
import { changeColour, inkOn, scoreColour } from "./palette";
import { dimensionDirection, withDirection } from "~/domain/reading";

export interface HeatmapColumn {
  key: string;
  label: string;
  higherIsBetter: boolean;
}

export interface HeatmapRow {
  id: string;
  label: string;
  depth: number;
  cells: Record<string, { value: number | null; change: number | null; n: number | null; hidden: string | null }>;
}

const CELL_W = 104;
const CELL_H = 34;
const LABEL_W = 200;
const HEAD = 64;

/**
 * Teams (rows, indented by the team tree) × dimensions (columns). Each cell shows its number, coloured by
 * score or by change since the last wave; a hidden cell is hatched and says why, never a number.
 */
export function Heatmap({ title, columns, rows, mode }: { title: string; columns: HeatmapColumn[]; rows: HeatmapRow[]; mode: "score" | "change" }) {
  const width = LABEL_W + columns.length * CELL_W + 8;
  const height = HEAD + rows.length * CELL_H + 8;
  const text = (cell: HeatmapRow["cells"][string] | undefined) => {
    if (!cell || cell.hidden) return "hidden";
    const v = mode === "score" ? cell.value : cell.change;
    if (v === null) return "—";
    return mode === "change" ? `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(2)}` : v.toFixed(2);
  };
  return (
    <ChartFrame
      title={title}
      description={`${rows.length} teams by ${columns.length} dimensions, ${mode === "score" ? "mean scores from 1 to 7" : "change since the previous wave"}. Hidden cells have too few answers or would let someone work out a small group.`}
      width={width}
      height={height}
      columns={[
        { key: "team", label: "Team" },
        ...columns.map((c) => ({ key: c.key, label: withDirection(c.label, c.higherIsBetter), numeric: true })),
        { key: "n", label: "Answers", numeric: true },
      ]}
      rows={rows.map((r) => ({
        team: `${"\u2003".repeat(r.depth)}${r.label}`,
        ...Object.fromEntries(columns.map((c) => [c.key, text(r.cells[c.key])])),
        n: (() => {
          const shown = Object.values(r.cells).filter((c) => !c.hidden && c.n !== null);
          return shown.length ? Math.max(...shown.map((c) => c.n!)) : "hidden";
        })(),
      }))}
    >
      <defs>
        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#f4f6fa" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#b8c0cc" strokeWidth="2" />
        </pattern>
      </defs>
      {columns.map((c, j) => (
        <g key={c.key}>
          <title>{withDirection(c.label, c.higherIsBetter)}</title>
          <text x={LABEL_W + j * CELL_W + CELL_W / 2} y={HEAD - 24} textAnchor="middle" fontSize={11} fill="#1a1f2b" fontWeight={600}>
            {c.label.length > 16 ? `${c.label.slice(0, 15)}…` : c.label}
          </text>
          <text x={LABEL_W + j * CELL_W + CELL_W / 2} y={HEAD - 10} textAnchor="middle" fontSize={11} fill="#4a5365">
            {dimensionDirection(c.higherIsBetter)}
          </text>
        </g>
      ))}
      {rows.map((row, i) => {
        const yTop = HEAD + i * CELL_H;
        return (
          <g key={row.id}>
            <text x={6 + row.depth * 14} y={yTop + CELL_H / 2 + 4} fontSize={12} fill="#1a1f2b" fontWeight={row.depth === 0 ? 600 : 400}>
              {row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label}
            </text>
            {columns.map((c, j) => {
              const cell = row.cells[c.key];
              const hidden = !cell || cell.hidden !== null;
              const v = mode === "score" ? cell?.value : cell?.change;
              const fill = hidden || v === null || v === undefined ? "url(#hatch)" : mode === "score" ? scoreColour(v, c.higherIsBetter) : changeColour(v, c.higherIsBetter);
              const ink = !hidden && mode === "score" && v !== null && v !== undefined ? inkOn(v, c.higherIsBetter) : "#1a1f2b";
              return (
                <g key={c.key}>
                  <title>{`${row.label}, ${withDirection(c.label, c.higherIsBetter)}: ${hidden ? `hidden — ${cell?.hidden ?? "no answers"}` : `${text(cell)} (${cell?.n} answers)`}`}</title>
                  <rect x={LABEL_W + j * CELL_W + 1} y={yTop + 1} width={CELL_W - 2} height={CELL_H - 2} fill={fill} rx={3} />
                  <text x={LABEL_W + j * CELL_W + CELL_W / 2} y={yTop + CELL_H / 2 + 4} textAnchor="middle" fontSize={12} fill={ink}>
                    {text(cell)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartFrame>
  );
}
