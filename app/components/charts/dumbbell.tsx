import { scaleLinear } from "@visx/scale";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { charsThatFit } from "./text";
import { CATEGORICAL, CHART_TEXT, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

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

const DESIGN_W = 640;
const TOP = 10;

/**
 * Self vs team, dumbbell style: per row the team's mean (circle, with its 95% interval as a bar) and the
 * manager's score (diamond), joined by a line. Shapes, not only colours, tell them apart. Narrow: the
 * label, direction and reading above each row's line.
 */
export function DumbbellChart({ title, rows }: { title: string; rows: DumbbellRow[] }) {
  const measure = useChartWidth(DESIGN_W);
  const f = useChartFormats();
  const { t } = f;
  const W = measure.width;
  const compact = W < 540;
  const LABEL = compact ? 12 : 210;
  const RIGHT = compact ? 12 : 110;
  const ROW = compact ? 70 : 44;
  const height = TOP + rows.length * ROW + 30;
  const x = scaleLinear<number>({ domain: [1, 7], range: [LABEL, W - RIGHT] });
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.dumbbell.description", {
        rows: rows
          .map((r) =>
            t("chart.dumbbell.row", {
              label: r.label,
              direction: r.direction,
              team: f.score(r.teamMean),
              manager: f.score(r.managerScore),
              reading: r.reading,
              words: r.readingInWords,
            }),
          )
          .join(" "),
      })}
      width={W}
      height={height}
      columns={[
        { key: "label", label: t("chart.col.dimension") },
        { key: "direction", label: t("chart.col.direction") },
        { key: "manager", label: t("chart.dumbbell.col.manager"), numeric: true },
        { key: "team", label: t("chart.dumbbell.col.team"), numeric: true },
        { key: "interval", label: t("chart.col.interval"), numeric: true },
        { key: "reading", label: t("chart.dumbbell.col.reading") },
      ]}
      rows={rows.map((r) => ({
        label: r.label,
        direction: r.direction,
        manager: f.score(r.managerScore),
        team: f.score(r.teamMean),
        interval: f.interval(r.ciLow, r.ciHigh),
        reading: t("chart.dumbbell.reading", { reading: r.reading, words: r.readingInWords }),
      }))}
      footer={
        <ChartLegend
          items={[
            {
              key: "team",
              swatch: (
                <svg width="28" height="14">
                  <rect x={2} y={3} width={24} height={8} fill={CATEGORICAL[0]} opacity={0.25} />
                  <circle cx={14} cy={7} r={6} fill={CATEGORICAL[0]} />
                </svg>
              ),
              label: t("chart.dumbbell.legendTeam"),
            },
            {
              key: "manager",
              swatch: (
                <svg width="14" height="14">
                  <rect x={3} y={3} width={8} height={8} transform="rotate(45 7 7)" fill={CATEGORICAL[1]} />
                </svg>
              ),
              label: t("chart.dumbbell.legendManager"),
            },
          ]}
        />
      }
    >
      <g fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
        {[1, 2, 3, 4, 5, 6, 7].map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={TOP - 8} y2={height - 24} stroke={COLOURS.grid} />
            <text x={x(tick)} y={height - 8} textAnchor="middle">
              {tick}
            </text>
          </g>
        ))}
      </g>
      {rows.map((row, i) => {
        const y = compact ? TOP + i * ROW + 52 : TOP + i * ROW + ROW / 2;
        const top = TOP + i * ROW;
        return (
          <g key={row.key}>
            <title>
              {t("chart.dumbbell.title", {
                label: row.label,
                direction: row.direction,
                team: f.score(row.teamMean),
                manager: f.score(row.managerScore),
                reading: row.reading,
                words: row.readingInWords,
              })}
            </title>
            {compact ? (
              <>
                <text x={LABEL} y={top + 14} fontSize={CHART_TEXT.body} fontWeight={600} fill={COLOURS.ink}>
                  {row.label.length > charsThatFit(W - 24) ? `${row.label.slice(0, charsThatFit(W - 24) - 1)}…` : row.label}
                </text>
                <text x={LABEL} y={top + 30} fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
                  {row.direction} ·{" "}
                  <tspan fill={COLOURS.ink} fontWeight={600}>
                    {row.reading}
                  </tspan>
                </text>
              </>
            ) : (
              <>
                <text x={LABEL - 10} y={y - 2} textAnchor="end" fontSize={CHART_TEXT.body} fill={COLOURS.ink}>
                  {row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label}
                </text>
                <text x={LABEL - 10} y={y + 12} textAnchor="end" fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
                  {row.direction}
                </text>
                <text x={W - RIGHT + 10} y={y + 4} fontSize={CHART_TEXT.min} fill={COLOURS.ink}>
                  {row.reading}
                </text>
              </>
            )}
            {row.ciLow !== null && row.ciHigh !== null ? (
              <rect x={x(row.ciLow)} y={y - 5} width={Math.max(1, x(row.ciHigh) - x(row.ciLow))} height={10} fill={CATEGORICAL[0]} opacity={0.25} />
            ) : null}
            {row.managerScore !== null ? <line x1={x(row.teamMean)} x2={x(row.managerScore)} y1={y} y2={y} stroke={COLOURS.inkMuted} strokeWidth={2} /> : null}
            <circle cx={x(row.teamMean)} cy={y} r={7} fill={CATEGORICAL[0]} />
            {row.managerScore !== null ? (
              <rect x={x(row.managerScore) - 6} y={y - 6} width={12} height={12} transform={`rotate(45 ${x(row.managerScore)} ${y})`} fill={CATEGORICAL[1]} />
            ) : null}
          </g>
        );
      })}
    </ChartFrame>
  );
}
