import { scaleLinear, scalePoint } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { CHART_TEXT, COLOURS, DIVERGING } from "./tokens";
import { useChartFormats } from "./formats";

export interface ThemeChartRow {
  key: string;
  label: string;
  /** The latest shown wave's comments with this theme, by feeling. */
  latest: { negative: number; mixed: number; neutral: number; positive: number } | null;
  /** Per wave (oldest first), the share of the wave's comments with this theme; null where hidden. */
  trend: Array<{ period: string; share: number | null }>;
}

const DESIGN_W = 640;
const ROW_H = 46;
const TOP = 8;
const SPARK_W = 150;
const GAP = 16;
/** Worse in orange, better in blue (ADR 035), neither in grey. */
const FEELINGS = [
  { key: "negative", colour: DIVERGING[0] },
  { key: "mixed", colour: DIVERGING[2] },
  { key: "neutral", colour: COLOURS.hatch },
  { key: "positive", colour: DIVERGING[5] },
] as const;

/**
 * Comment themes at a glance: per theme, a bar of the latest wave's comments split by feeling (orange
 * for negative, blue for positive), and beside it a small line of the theme's share of comments over the
 * waves. Each theme's label sits above its bar, so nothing shrinks on a phone.
 */
export function ThemeChart({ title, rows, comments }: { title: string; rows: ThemeChartRow[]; comments: number }) {
  const measure = useChartWidth(DESIGN_W);
  const W = measure.width;
  const H = TOP + rows.length * ROW_H + 8;
  const barRight = W - SPARK_W - GAP;
  const max = Math.max(1, ...rows.map((r) => (r.latest ? r.latest.negative + r.latest.mixed + r.latest.neutral + r.latest.positive : 0)));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, barRight - 40] });
  const periods = [...new Set(rows.flatMap((r) => r.trend.map((p) => p.period)))].sort();
  const sx = scalePoint<string>({ domain: periods, range: [barRight + GAP + 4, W - 6] });
  const maxShare = Math.max(0.05, ...rows.flatMap((r) => r.trend.map((p) => p.share ?? 0)));
  const total = (r: ThemeChartRow) => (r.latest ? r.latest.negative + r.latest.mixed + r.latest.neutral + r.latest.positive : 0);
  const f = useChartFormats();
  const { t } = f;
  const feeling = (key: (typeof FEELINGS)[number]["key"]) =>
    key === "negative"
      ? t("themes.feeling.negative")
      : key === "mixed"
        ? t("themes.feeling.mixed")
        : key === "neutral"
          ? t("themes.feeling.neutral")
          : t("themes.feeling.positive");
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.themes.description", {
        comments,
        rows: rows.map((r) => t("chart.themes.row", { label: r.label, total: total(r), negative: r.latest?.negative ?? 0, positive: r.latest?.positive ?? 0 })).join("; "),
      })}
      width={W}
      height={H}
      columns={[
        { key: "theme", label: t("themes.theme") },
        { key: "total", label: t("chart.themes.col.total"), numeric: true },
        ...FEELINGS.map((fe) => ({ key: fe.key, label: feeling(fe.key), numeric: true })),
        ...periods.map((p) => ({ key: p, label: t("chart.themes.col.share", { date: f.date(p) }), numeric: true })),
      ]}
      rows={rows.map((r) => ({
        theme: r.label,
        total: r.latest ? total(r) : f.hidden,
        ...Object.fromEntries(FEELINGS.map((fe) => [fe.key, r.latest ? r.latest[fe.key] : f.hidden])),
        ...Object.fromEntries(periods.map((p) => [p, ((s) => (s === null || s === undefined ? f.hidden : f.percent(s)))(r.trend.find((q) => q.period === p)?.share)])),
      }))}
      footer={
        <ChartLegend
          items={[
            ...FEELINGS.map((fe) => ({
              key: fe.key,
              swatch: (
                <svg width="14" height="14">
                  <rect width="14" height="14" fill={fe.colour} />
                </svg>
              ),
              label: t("chart.themes.legendFeeling", { feeling: feeling(fe.key) }),
            })),
            {
              key: "trend",
              swatch: (
                <svg width="28" height="14">
                  <line x1={0} x2={28} y1={10} y2={4} stroke={COLOURS.ink} strokeWidth={2} />
                </svg>
              ),
              label: t("chart.themes.legendTrend"),
            },
          ]}
        />
      }
    >
      {rows.map((r, i) => {
        const y = TOP + i * ROW_H;
        let at = 0;
        const spark = scaleLinear<number>({ domain: [0, maxShare], range: [y + ROW_H - 8, y + 18] });
        const shown = r.trend.filter((p) => p.share !== null);
        return (
          <g key={r.key}>
            <text x={0} y={y + 12} fontSize={CHART_TEXT.body} fill={COLOURS.ink}>
              {r.label}
            </text>
            {FEELINGS.map((fe) => {
              const n = r.latest?.[fe.key] ?? 0;
              const w = x(n);
              const rect = n > 0 ? <rect key={fe.key} x={x(at)} y={y + 18} width={Math.max(w, 1)} height={18} fill={fe.colour} stroke={COLOURS.surface} /> : null;
              at += n;
              return rect;
            })}
            <text x={x(at) + 6} y={y + 32} fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
              {r.latest ? total(r) : f.hidden}
            </text>
            <line x1={barRight + GAP} x2={W - 2} y1={y + ROW_H - 8} y2={y + ROW_H - 8} stroke={COLOURS.grid} />
            <LinePath data={shown} x={(p) => sx(p.period) ?? 0} y={(p) => spark(p.share!)} stroke={COLOURS.ink} strokeWidth={1.5} />
            {shown.map((p) => (
              <circle key={p.period} cx={sx(p.period) ?? 0} cy={spark(p.share!)} r={2.5} fill={COLOURS.ink}>
                <title>{t("chart.themes.point", { label: r.label, date: f.date(p.period), share: f.percent(p.share!) })}</title>
              </circle>
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
