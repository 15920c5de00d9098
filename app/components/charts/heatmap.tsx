import { useId } from "react";
import { chartCsv, chartFileName } from "./chart-frame";
import { divergingColours, divergingLegend, divergingStep } from "./palette";
import { TableWrap } from "~/components/table-wrap";
import { useChartFormats } from "./formats";

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

/** Each colour step is this many points wide (scores and changes alike): 0.1 either side is "about the same". */
export const HEATMAP_STEP = 0.2;
/** The middle of the 1–7 scale: the centre where the organisation's own score is hidden. */
const MIDPOINT = 4;

/**
 * Teams (rows, indented by the team tree) × dimensions (columns) as a table whose cells are coloured on a
 * diverging scale: each team's score against the organisation's in the same column (the scale's middle
 * where that is hidden), or each change against no change. "Better" follows the dimension's direction
 * (ADR 033), so worse is always orange and better always blue, forecast pressure included. Headers wrap,
 * never cut; a hidden row keeps its place and says why in words; the answers column gives each row's n.
 * A table rather than a picture: it scrolls sideways on a phone with its team names held in place, and
 * screen readers read it as the table it is.
 */
export function Heatmap({ title, columns, rows, mode }: { title: string; columns: HeatmapColumn[]; rows: HeatmapRow[]; mode: "score" | "change" }) {
  const id = useId();
  const f = useChartFormats();
  const { t, say, stepWords } = f;
  const organisation = rows.find((r) => r.depth === 0) ?? null;
  const centreOf = (key: string) => (mode === "change" ? 0 : (organisation?.cells[key]?.value ?? MIDPOINT));
  const centreIsMidpoint = mode === "score" && columns.some((c) => (organisation?.cells[c.key]?.value ?? null) === null);
  const against = mode === "change" ? t("chart.heatmap.previousWave") : (organisation?.label ?? t("chart.heatmap.organisation"));
  const valueOf = (cell: HeatmapRow["cells"][string] | undefined) => (cell && !cell.hidden ? (mode === "score" ? cell.value : cell.change) : null);
  const text = (cell: HeatmapRow["cells"][string] | undefined) => {
    if (!cell || cell.hidden) return f.hidden;
    const v = valueOf(cell);
    return mode === "change" ? f.scoreChange(v) : f.score(v);
  };
  const answers = (row: HeatmapRow) => {
    const shown = Object.values(row.cells).filter((c) => !c.hidden && c.n !== null);
    return shown.length ? Math.max(...shown.map((c) => c.n!)) : null;
  };
  /** The reason a whole row is hidden, when every cell is hidden for the same one. */
  const rowHidden = (row: HeatmapRow) => {
    const reasons = new Set(columns.map((c) => row.cells[c.key]?.hidden ?? (row.cells[c.key] ? null : t("chart.noAnswers"))));
    const [only] = [...reasons];
    return reasons.size === 1 && only ? only : null;
  };
  const tableColumns = [
    { key: "team", label: t("team.title") },
    ...columns.map((c) => ({ key: c.key, label: f.withDirection(c.label, c.higherIsBetter), numeric: true })),
    { key: "n", label: t("chart.col.answers"), numeric: true },
  ];
  const csv = chartCsv(
    tableColumns,
    rows.map((r) => ({ team: r.label, ...Object.fromEntries(columns.map((c) => [c.key, text(r.cells[c.key])])), n: answers(r) ?? f.hidden })),
  );
  const legend = divergingLegend(HEATMAP_STEP);
  return (
    <figure className="chart heatmap" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <p className="heatmap__key-intro">
        {mode === "score" ? (centreIsMidpoint ? t("chart.heatmap.keyScoreMidpoint", { against }) : t("chart.heatmap.keyScore", { against })) : t("chart.heatmap.keyChange")}{" "}
        {t("chart.heatmap.keyDirection")}
      </p>
      <ul className="heatmap__key" aria-label={t("chart.heatmap.keyLabel")}>
        {legend.map((s) => {
          const { fill, ink } = divergingColours(s.step);
          return (
            <li key={s.step} style={{ background: fill, color: ink }}>
              {stepWords(s.step)}
              <span className="heatmap__range">
                {s.bounds.kind === "within"
                  ? t("chart.heatmap.within", { value: f.number(s.bounds.low, 1) })
                  : s.bounds.kind === "or-more"
                    ? t("chart.heatmap.orMore", { value: f.number(s.bounds.low, 1) })
                    : t("chart.heatmap.between", { low: f.number(s.bounds.low, 1), high: f.number(s.bounds.high, 1) })}
              </span>
            </li>
          );
        })}
        <li className="heatmap__hidden">
          {f.hidden}
          <span className="heatmap__range">{t("chart.heatmap.tooFew")}</span>
        </li>
      </ul>
      <TableWrap label={title}>
        <table className="heatmap__table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("team.title")}</th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className="heatmap__dimension" title={f.withDirection(c.label, c.higherIsBetter)}>
                  <span className="heatmap__name">{c.label}</span> <span className="heatmap__direction">({f.dimensionDirection(c.higherIsBetter)})</span>
                </th>
              ))}
              <th scope="col" className="num">
                {t("chart.col.answers")} <span className="heatmap__direction">(n)</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const hiddenReason = rowHidden(row);
              const n = answers(row);
              return (
                <tr key={row.id} className={row.depth === 0 ? "heatmap__org" : undefined}>
                  <th scope="row" style={{ paddingInlineStart: `${0.75 + row.depth * 0.9}rem` }}>
                    {row.label}
                  </th>
                  {hiddenReason ? (
                    <td colSpan={columns.length} className="heatmap__hidden">
                      {f.locale === "en" && /^hidden\b/i.test(say(hiddenReason)) ? `H${say(hiddenReason).slice(1)}` : t("chart.heatmap.hiddenRow", { reason: say(hiddenReason) })}
                    </td>
                  ) : (
                    columns.map((c) => {
                      const cell = row.cells[c.key];
                      const v = valueOf(cell);
                      if (!cell || cell.hidden || v === null) {
                        const why = say(cell?.hidden ?? (cell ? t("chart.heatmap.noChange") : t("chart.noAnswers")));
                        return (
                          <td key={c.key} className="heatmap__hidden" title={why}>
                            {cell?.hidden || !cell ? f.hidden : "—"}
                            <span className="visually-hidden">: {why}</span>
                          </td>
                        );
                      }
                      const step = divergingStep(v, centreOf(c.key), c.higherIsBetter, HEATMAP_STEP);
                      const { fill, ink } = divergingColours(step);
                      const words =
                        mode === "score" && row === organisation
                          ? t("chart.heatmap.centre")
                          : step === 3
                            ? t("chart.heatmap.sameAs", { against })
                            : t("chart.heatmap.stepThan", { words: stepWords(step), against });
                      return (
                        <td
                          key={c.key}
                          className="heatmap__cell"
                          data-step={step}
                          style={{ background: fill, color: ink }}
                          title={t("chart.heatmap.cellTitle", { row: row.label, column: c.label, value: text(cell), words })}
                        >
                          {text(cell)}
                          <span className="visually-hidden">, {words}</span>
                        </td>
                      );
                    })
                  )}
                  <td className="num">{n === null ? f.hidden : f.count(n)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <p className="chart__downloads no-print">
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`${chartFileName(title)}.csv`}>
          {t("chart.downloadCsv")}
        </a>
      </p>
    </figure>
  );
}
