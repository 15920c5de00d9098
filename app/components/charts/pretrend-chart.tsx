import { scaleLinear } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { axisDateLines, distinctTicks } from "./text";
import { CATEGORICAL, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

interface GroupMean {
  n: number;
  mean: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface PretrendPoint {
  /** The wave's or quarter's start date (ISO); shown as "3 Aug 2026", as the pages write dates. */
  label: string;
  /** Position on an evenly spaced axis (waves in order, quarters counted). */
  index: number;
  after: boolean;
  trained: GroupMean | null;
  control: GroupMean | null;
}

const DESIGN_W = 480;
/** Room an axis label ("13 Aug" over "2026") needs at this chart's text size. */
const PERIOD_LABEL_W = 58;
/** Half a label's drawn width: an end label is moved in by as much as it would run off the chart. */
const PERIOD_LABEL_HALF = 26;
const H = 270;
const M = { top: 34, right: 14, bottom: 44, left: 52 };

/**
 * The trained and the comparison teams' mean in each period before and after a training, as two lines
 * (solid with circles, dashed with squares, so they differ without colour), with the training marked
 * between the last period before and the first after. The numbers, with n teams and a 95% interval per
 * point, are in the table below the chart.
 */
export function PretrendChart({ title, points, format }: { title: string; points: PretrendPoint[]; format: (value: number) => string }) {
  const measure = useChartWidth(DESIGN_W);
  const f = useChartFormats();
  const { t } = f;
  const W = measure.width;
  const values = points.flatMap((p) => [p.trained?.mean, p.control?.mean]).filter((v): v is number => v !== undefined);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.15, Math.abs(high) * 0.02, 0.05);
  const y = scaleLinear<number>({ domain: [low - pad, high + pad], range: [H - M.bottom, M.top], nice: true });
  const first = Math.min(...points.map((p) => p.index));
  const last = Math.max(...points.map((p) => p.index));
  const x = scaleLinear<number>({ domain: [first - 0.3, last + 0.3], range: [M.left, W - M.right] });
  const lastBefore = Math.max(...points.filter((p) => !p.after).map((p) => p.index), -Infinity);
  const firstAfter = Math.min(...points.filter((p) => p.after).map((p) => p.index), Infinity);
  // On a narrow screen, every second (third, …) period is labelled, counted from the last.
  const every = Math.max(1, Math.ceil((points.length * PERIOD_LABEL_W) / (W - M.left - M.right)));
  const trainingX =
    Number.isFinite(lastBefore) && Number.isFinite(firstAfter) ? x((lastBefore + firstAfter) / 2) : Number.isFinite(lastBefore) ? x(lastBefore + 0.5) : x(firstAfter - 0.5);
  const cell = (g: GroupMean | null) =>
    g === null
      ? t("chart.pretrend.hidden")
      : g.ciLow === null
        ? t("chart.pretrend.cell", { mean: format(g.mean), n: g.n })
        : t("chart.pretrend.cellInterval", { mean: format(g.mean), n: g.n, interval: t("chart.interval", { low: format(g.ciLow), high: format(g.ciHigh!) }) });
  const series = [
    { key: "trained", label: t("chart.pretrend.trained"), colour: CATEGORICAL[0], dash: undefined, pick: (p: PretrendPoint) => p.trained },
    { key: "control", label: t("chart.pretrend.control"), colour: CATEGORICAL[1], dash: "6 4", pick: (p: PretrendPoint) => p.control },
  ] as const;
  const describe = (pick: (p: PretrendPoint) => GroupMean | null, after: boolean) =>
    points
      .filter((p) => p.after === after && pick(p) !== null)
      .map((p) => format(pick(p)!.mean))
      .join(", ") || t("chart.pretrend.none");
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.pretrend.description", {
        trainedBefore: describe((p) => p.trained, false),
        controlBefore: describe((p) => p.control, false),
        trainedAfter: describe((p) => p.trained, true),
        controlAfter: describe((p) => p.control, true),
      })}
      width={W}
      height={H}
      columns={[
        { key: "period", label: t("chart.pretrend.col.period") },
        { key: "side", label: t("chart.pretrend.col.side") },
        { key: "trained", label: t("chart.pretrend.col.trained"), numeric: true },
        { key: "control", label: t("chart.pretrend.col.control"), numeric: true },
      ]}
      rows={points.map((p) => ({
        period: f.date(p.label),
        side: p.after ? t("chart.pretrend.after") : t("chart.pretrend.before"),
        trained: cell(p.trained),
        control: cell(p.control),
      }))}
      footer={
        <ChartLegend
          items={[
            ...series.map((s) => ({
              key: s.key,
              swatch: (
                <svg width="28" height="14">
                  <line x1={0} x2={28} y1={7} y2={7} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dash} />
                  {s.key === "trained" ? <circle cx={14} cy={7} r={4} fill={s.colour} /> : <rect x={10} y={3} width={8} height={8} fill={s.colour} />}
                </svg>
              ),
              label: s.label,
            })),
            {
              key: "training",
              swatch: (
                <svg width="14" height="14">
                  <line x1={7} x2={7} y1={0} y2={14} stroke={COLOURS.ink} strokeWidth={2} strokeDasharray="3 3" />
                </svg>
              ),
              label: t("chart.pretrend.training"),
            },
          ]}
        />
      }
    >
      <g fontSize={14} fill={COLOURS.inkMuted}>
        {distinctTicks((n) => y.ticks(n), 5, format).map((tick) => (
          <g key={tick}>
            <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} stroke={COLOURS.grid} />
            <text x={M.left - 8} y={y(tick) + 4} textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {points
          .filter((_, i) => (points.length - 1 - i) % every === 0)
          .map((p) => {
            const lx = Math.min(Math.max(x(p.index), PERIOD_LABEL_HALF), W - PERIOD_LABEL_HALF);
            return (
              <text key={p.index} x={lx} y={H - M.bottom + 20} textAnchor="middle">
                {axisDateLines(p.label, f.locale).map((line, i) => (
                  <tspan key={i} x={lx} dy={i === 0 ? 0 : 16}>
                    {line}
                  </tspan>
                ))}
              </text>
            );
          })}
      </g>
      <line x1={trainingX} x2={trainingX} y1={M.top - 6} y2={H - M.bottom} stroke={COLOURS.ink} strokeWidth={2} strokeDasharray="3 3" />
      <text x={trainingX - 8} y={M.top - 14} textAnchor="end" fontSize={13} fill={COLOURS.ink}>
        {t("chart.pretrend.beforeArrow")}
      </text>
      <text x={trainingX + 8} y={M.top - 14} textAnchor="start" fontSize={13} fill={COLOURS.ink}>
        {t("chart.pretrend.afterArrow")}
      </text>
      {series.map((s) => {
        const shown = points.filter((p) => s.pick(p) !== null);
        // A line joins periods on the same side only: the jump across the training is what the estimate measures.
        const sides = [shown.filter((p) => !p.after), shown.filter((p) => p.after)];
        return (
          <g key={s.key}>
            {sides.map((side, i) =>
              side.length > 1 ? (
                <LinePath key={i} data={side} x={(p) => x(p.index)} y={(p) => y(s.pick(p)!.mean)} stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dash} />
              ) : null,
            )}
            {shown.map((p) => {
              const g = s.pick(p)!;
              const cx = x(p.index);
              const cy = y(g.mean);
              return (
                <g key={p.index}>
                  <title>{t("chart.pretrend.point", { label: s.label, date: f.date(p.label), value: cell(g) })}</title>
                  {s.key === "trained" ? <circle cx={cx} cy={cy} r={5} fill={s.colour} /> : <rect x={cx - 4.5} y={cy - 4.5} width={9} height={9} fill={s.colour} />}
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartFrame>
  );
}
