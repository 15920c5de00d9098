import { useId, type ReactNode } from "react";

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

/**
 * Every chart: a figure with a visible title, a description for screen readers, the SVG (scaling to the
 * width of its container), and the same numbers as a table one click away.
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
}: {
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
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
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
      {footer}
      <details className="chart__table no-print-toggle">
        <summary>Show the numbers</summary>
        <div className="table-wrap">
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
        </div>
      </details>
    </figure>
  );
}
