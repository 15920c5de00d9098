import { scaleLinear } from "@visx/scale";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { CATEGORICAL, CHART_TEXT, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

/** One quarter of a team's won amount, split by where the deals stood at the quarter's start (ADR 023). */
export interface WonSplitRow {
  period: string;
  wonCount: number;
  wonAmount: number;
  /** Null when the quarter had no forecast snapshot: there is no split to show. */
  knownUpsideShare: number | null;
  newInPeriodShare: number | null;
  commitAccuracy: number | null;
  commitAmount: number | null;
}

const DESIGN_W = 640;
const TOP = 8;

const KNOWN = CATEGORICAL[5];
const NEW = CATEGORICAL[2];
const REST = "#c9d2df"; // a neutral grey-blue: what is neither signal

/**
 * Each quarter's won amount as one bar of 100%: from known deals left out of Commit at the quarter's
 * start (the sandbagging signal, with its 25% line), from deals created in the quarter, and the rest (the
 * Commit call and deals not in the start snapshot). The won amount and deal count stand beside each bar,
 * or, on a narrow screen, above it with the quarter.
 */
export function WonSplitBars({ title, rows, money, sandbagLine }: { title: string; rows: WonSplitRow[]; money: (v: number) => string; sandbagLine: number }) {
  const measure = useChartWidth(DESIGN_W);
  const f = useChartFormats();
  const { t } = f;
  const pct = (v: number) => f.percent(v);
  const W = measure.width;
  const compact = W < 520;
  const LABEL = compact ? 8 : 110;
  const RIGHT = compact ? 12 : 150;
  const ROW = compact ? 52 : 40;
  const ABOVE = compact ? 20 : 0;
  const height = TOP + rows.length * ROW + 26;
  const x = scaleLinear<number>({ domain: [0, 1], range: [LABEL, W - RIGHT] });
  const usable = (r: WonSplitRow) => r.knownUpsideShare !== null && r.newInPeriodShare !== null && r.wonAmount > 0;
  const describe = (r: WonSplitRow) =>
    usable(r)
      ? r.commitAccuracy !== null
        ? t("chart.won.rowWithCommit", {
            date: f.date(r.period),
            won: money(r.wonAmount),
            deals: r.wonCount,
            known: pct(r.knownUpsideShare!),
            fresh: pct(r.newInPeriodShare!),
            commit: pct(r.commitAccuracy),
            committed: money(r.commitAmount!),
          })
        : t("chart.won.row", { date: f.date(r.period), won: money(r.wonAmount), deals: r.wonCount, known: pct(r.knownUpsideShare!), fresh: pct(r.newInPeriodShare!) })
      : t("chart.won.rowEmpty", { date: f.date(r.period), why: r.wonAmount > 0 ? t("chart.won.noSnapshot") : t("chart.won.nothingWon") });
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.won.description", { line: pct(sandbagLine), rows: rows.map(describe).join(". ") })}
      width={W}
      height={height}
      columns={[
        { key: "period", label: t("chart.won.col.period") },
        { key: "won", label: t("chart.won.col.won"), numeric: true },
        { key: "known", label: t("chart.won.col.known"), numeric: true },
        { key: "new", label: t("chart.won.col.new"), numeric: true },
        { key: "commit", label: t("chart.won.col.commit"), numeric: true },
      ]}
      rows={rows.map((r) => ({
        period: f.date(r.period),
        won: `${money(r.wonAmount)} (${f.count(r.wonCount)})`,
        known: r.knownUpsideShare === null ? "—" : pct(r.knownUpsideShare),
        new: r.newInPeriodShare === null ? "—" : pct(r.newInPeriodShare),
        commit: r.commitAccuracy === null ? "—" : t("chart.won.commitOf", { share: pct(r.commitAccuracy), amount: money(r.commitAmount!) }),
      }))}
      footer={
        <ChartLegend
          items={[
            {
              key: "known",
              swatch: (
                <svg width="14" height="14">
                  <rect x={1} y={1} width={12} height={12} fill={KNOWN} />
                </svg>
              ),
              label: t("chart.won.legendKnown"),
            },
            {
              key: "new",
              swatch: (
                <svg width="14" height="14">
                  <rect x={1} y={1} width={12} height={12} fill={NEW} />
                </svg>
              ),
              label: t("chart.won.legendNew"),
            },
            {
              key: "rest",
              swatch: (
                <svg width="14" height="14">
                  <rect x={1} y={1} width={12} height={12} fill={REST} stroke={COLOURS.inkMuted} strokeWidth={0.5} />
                </svg>
              ),
              label: t("chart.won.legendRest"),
            },
            {
              key: "line",
              swatch: (
                <svg width="14" height="14">
                  <line x1={7} x2={7} y1={0} y2={14} stroke={COLOURS.ink} strokeDasharray="4 3" />
                </svg>
              ),
              label: t("chart.won.legendLine", { line: pct(sandbagLine) }),
            },
          ]}
        />
      }
    >
      <g fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
        {[0, sandbagLine, 0.5, 1].map((tick) => (
          <text key={tick} x={x(tick)} y={height - 8} textAnchor={x(tick) - LABEL < 16 ? "start" : x(1) - x(tick) < 16 ? "end" : "middle"}>
            {pct(tick)}
          </text>
        ))}
      </g>
      {rows.map((r, i) => {
        const y = TOP + i * ROW;
        const mid = y + ABOVE + (ROW - ABOVE) / 2;
        const known = r.knownUpsideShare ?? 0;
        const fresh = r.newInPeriodShare ?? 0;
        return (
          <g key={r.period}>
            <title>{describe(r)}</title>
            {compact ? (
              <text x={LABEL} y={y + 14} fontSize={CHART_TEXT.body} fill={COLOURS.ink}>
                <tspan fontWeight={600}>{f.date(r.period)}</tspan>
                {usable(r) ? ` · ${t("chart.won.amountWon", { amount: money(r.wonAmount), deals: f.count(r.wonCount) })}` : ""}
              </text>
            ) : (
              <text x={LABEL - 10} y={mid + 4} textAnchor="end" fontSize={CHART_TEXT.body} fill={COLOURS.ink}>
                {f.date(r.period)}
              </text>
            )}
            {usable(r) ? (
              <>
                <rect x={x(0)} y={mid - 10} width={x(known) - x(0)} height={20} fill={KNOWN} />
                <rect x={x(known)} y={mid - 10} width={x(known + fresh) - x(known)} height={20} fill={NEW} />
                <rect x={x(known + fresh)} y={mid - 10} width={Math.max(0, x(1) - x(known + fresh))} height={20} fill={REST} />
                <rect x={x(0)} y={mid - 10} width={x(1) - x(0)} height={20} fill="none" stroke={COLOURS.inkMuted} strokeWidth={0.5} />
                {compact ? null : (
                  <text x={W - RIGHT + 8} y={mid + 4} fontSize={CHART_TEXT.min} fill={COLOURS.ink}>
                    {t("chart.won.amountWon", { amount: money(r.wonAmount), deals: f.count(r.wonCount) })}
                  </text>
                )}
              </>
            ) : (
              <text x={LABEL + 8} y={mid + 4} fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted} fontStyle="italic">
                {r.wonAmount > 0 ? t("chart.won.noSnapshot") : t("chart.won.nothingWon")}
              </text>
            )}
          </g>
        );
      })}
      {compact ? (
        // Narrow: the line crosses each bar only, not the labels above them.
        rows.map((r, i) => {
          const mid = TOP + i * ROW + ABOVE + (ROW - ABOVE) / 2;
          return <line key={r.period} x1={x(sandbagLine)} x2={x(sandbagLine)} y1={mid - 13} y2={mid + 13} stroke={COLOURS.ink} strokeDasharray="4 3" />;
        })
      ) : (
        <line x1={x(sandbagLine)} x2={x(sandbagLine)} y1={TOP - 2} y2={height - 22} stroke={COLOURS.ink} strokeDasharray="4 3" />
      )}
    </ChartFrame>
  );
}
