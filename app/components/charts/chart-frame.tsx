import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";
import { toCsv } from "~/domain/csv-write";
import { TableWrap } from "~/components/table-wrap";
import { useI18n } from "~/i18n/react";

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

/**
 * The width a chart lays itself out for: the width it has on the page, up to the width it was designed
 * for (from the server, and without JavaScript, the designed width). A chart draws at this width in CSS
 * pixels, so its text is never smaller than the size it asks for: on a phone it reflows (labels above the
 * bars, fewer ticks) instead of shrinking; on a wide screen it may grow.
 */
export function useChartWidth(designWidth: number, minWidth = 280): { ref: RefObject<HTMLDivElement>; width: number; measured: boolean } {
  const ref = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setAvailable(Math.floor(element.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const width = available === null || available <= 0 ? designWidth : Math.max(minWidth, Math.min(designWidth, available));
  return { ref, width, measured: available !== null };
}

/** A legend under a chart, in the page's type: each entry a small drawing and its words. */
export function ChartLegend({ items }: { items: Array<{ key: string; swatch: ReactNode; label: ReactNode }> }) {
  return (
    <ul className="chart__legend">
      {items.map((item) => (
        <li key={item.key}>
          <span className="chart__swatch" aria-hidden="true">
            {item.swatch}
          </span>
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** The legend entry for whiskers: what a 95% interval is, in words. */
export const WHISKER_LEGEND = {
  key: "whisker",
  swatch: (
    <svg width="28" height="14">
      <g stroke="#1a1f2b" strokeWidth={1.5}>
        <line x1={3} x2={25} y1={7} y2={7} />
        <line x1={3} x2={3} y1={2} y2={12} />
        <line x1={25} x2={25} y1={2} y2={12} />
      </g>
    </svg>
  ),
  label: <WhiskerWords />,
};

function WhiskerWords() {
  const { t } = useI18n();
  return <>{t("chart.whiskerLegend")}</>;
}

/**
 * Every chart: a figure with a visible title, a description for screen readers, the SVG (drawn at the
 * width useChartWidth gives), and the same numbers as a table one click away.
 */
export function ChartFrame({
  title,
  description,
  width,
  height,
  columns,
  rows,
  children,
  footer,
  measure,
}: {
  /** The chart's useChartWidth: the box the chart measures, and whether it has. */
  measure?: { ref: RefObject<HTMLDivElement>; measured: boolean };
  title: string;
  description: string;
  width: number;
  height: number;
  columns: TableColumn[];
  rows: Array<Record<string, string | number | null>>;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const id = useId();
  const { t } = useI18n();
  const svgRef = useRef<SVGSVGElement>(null);
  const tableRef = useRef<HTMLDetailsElement>(null);
  // A printed report carries each chart's numbers: open the table while printing, then put it back.
  useEffect(() => {
    let wasOpen = false;
    const before = () => {
      wasOpen = tableRef.current?.open ?? false;
      if (tableRef.current) tableRef.current.open = true;
    };
    const after = () => {
      if (tableRef.current) tableRef.current.open = wasOpen;
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
  const fileName = chartFileName(title);
  const csv = chartCsv(columns, rows);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-measured={measure?.measured ? "true" : undefined}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <div ref={measure?.ref} className="chart__canvas">
        <svg
          ref={svgRef}
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-labelledby={`${id}-svgtitle ${id}-desc`}
          tabIndex={0}
          className="chart__svg"
          preserveAspectRatio="xMinYMin meet"
        >
          <title id={`${id}-svgtitle`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {children}
        </svg>
      </div>
      {footer}
      <p className="chart__downloads no-print">
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`${fileName}.csv`}>
          {t("chart.downloadCsv")}
        </a>
        <button type="button" className="link-button" onClick={() => void downloadPng(svgRef.current, width, height, `${fileName}.png`)}>
          {t("chart.downloadPng")}
        </button>
      </p>
      <details ref={tableRef} className="chart__table no-print-toggle">
        <summary>{t("chart.showNumbers")}</summary>
        <TableWrap label={title}>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c.key} scope="row">
                        {row[c.key] ?? "—"}
                      </th>
                    ) : (
                      <td key={c.key} className={c.numeric ? "num" : undefined}>
                        {row[c.key] ?? "—"}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}

/** A chart's title as a file name: "Scores in NA Enterprise" → "scores-in-na-enterprise" (letters of any language kept). */
export function chartFileName(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-|-$/g, "") || "chart"
  );
}

/** A chart's numbers as CSV, one column per table column, headed by its label. */
export function chartCsv(columns: TableColumn[], rows: Array<Record<string, string | number | null>>): string {
  return toCsv(
    rows.map((row) => Object.fromEntries(columns.map((c) => [c.label, row[c.key] ?? null]))),
    columns.map((c) => c.label),
  );
}

/** Draws the chart's SVG (with the page's computed text style) on a canvas at 2× and saves it as a PNG. */
async function downloadPng(svg: SVGSVGElement | null, width: number, height: number, fileName: string): Promise<void> {
  if (!svg) return;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  const style = getComputedStyle(svg);
  copy.setAttribute("style", `font-family: ${style.fontFamily}; font-size: ${style.fontSize}; background: #fff`);
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the chart could not be drawn"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!png) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(png);
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  } finally {
    URL.revokeObjectURL(url);
  }
}
