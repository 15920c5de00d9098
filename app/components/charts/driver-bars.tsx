import { scaleLinear } from "@visx/scale";
import { ChartFrame } from "./chart-frame";

export interface DriverBarRow {
  key: string;
  label: string;
  /** Share of what the predictors explain together, 0–1. */
  share: number;
  shareLow: number | null;
  shareHigh: number | null;
}

// Narrower than the other charts, with larger type: on a phone the SVG shrinks less, and question
// texts wrap onto two lines above their bar.
const W = 520;
const LEFT = 8;
const RIGHT = 132;
const LINE = 19;
const BAR = 30;
const TOP = 8;
const WRAP = 52;

/** The label in at most two lines of about WRAP characters (the second cut with … when longer). */
function labelLines(label: string): string[] {
  const words = label.split(/\s+/);
  const lines: string[] = [""];
  for (const word of words) {
    const current = lines[lines.length - 1]!;
    if (current === "" || current.length + 1 + word.length <= WRAP) lines[lines.length - 1] = current ? `${current} ${word}` : word;
    else lines.push(word);
  }
  if (lines.length <= 2) return lines;
  const second = lines.slice(1).join(" ");
  return [lines[0]!, `${second.slice(0, WRAP - 1)}…`];
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const interval = (r: DriverBarRow) => (r.shareLow !== null && r.shareHigh !== null ? `${pct(r.shareLow)}–${pct(r.shareHigh)}` : "not available");

/**
 * Relative weights as ranked horizontal bars (share of R², 0–100%) with their 95% bootstrap intervals as
 * whiskers. Each label sits above its bar (two lines at most), so long question texts keep the width on a
 * phone; the table under the chart has the same numbers with n and teams.
 */
export function DriverBars({ title, rows, n, teams, rowWords }: { title: string; rows: DriverBarRow[]; n: number; teams: number; rowWords: string }) {
  const lines = rows.map((r, i) => labelLines(`${i + 1}. ${r.label}`));
  const tops = lines.reduce<number[]>((acc, l, i) => [...acc, (acc[i] ?? TOP) + l.length * LINE + BAR + 8], [TOP]);
  const height = tops[rows.length]! + 26;
  const max = Math.min(1, Math.max(0.25, ...rows.map((r) => r.shareHigh ?? r.share)) + 0.05);
  const x = scaleLinear<number>({ domain: [0, max], range: [LEFT, W - RIGHT] });
  const ticks = x.ticks(4);
  const describe = (r: DriverBarRow) => `${r.label}: ${pct(r.share)} (95% interval ${interval(r)})`;
  return (
    <ChartFrame
      title={title}
      description={`Share of what these explain together, largest first, with 95% intervals, from ${n} ${rowWords} of ${teams} teams. ${rows.map(describe).join(". ")}.`}
      width={W}
      height={height}
      columns={[
        { key: "rank", label: "Rank", numeric: true },
        { key: "label", label: "Driver" },
        { key: "share", label: "Share of R²", numeric: true },
        { key: "interval", label: "95% interval", numeric: true },
        { key: "n", label: `${rowWords[0]!.toUpperCase()}${rowWords.slice(1)} (n)`, numeric: true },
        { key: "teams", label: "Teams", numeric: true },
      ]}
      rows={rows.map((r, i) => ({ rank: i + 1, label: r.label, share: pct(r.share), interval: interval(r), n, teams }))}
    >
      <g fontSize={13} fill="#4a5365">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP} y2={height - 22} stroke="#e3e7ee" />
            <text x={x(t)} y={height - 6} textAnchor="middle">
              {pct(t)}
            </text>
          </g>
        ))}
      </g>
      {rows.map((r, i) => {
        const y = tops[i]!;
        const mid = y + lines[i]!.length * LINE + BAR / 2;
        return (
          <g key={r.key}>
            <title>{describe(r)}</title>
            <text x={LEFT} y={y + 15} fontSize={15} fill="#1a1f2b">
              {lines[i]!.map((line, j) => (
                <tspan key={j} x={LEFT} dy={j === 0 ? 0 : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect x={x(0)} y={mid - 9} width={Math.max(1, x(r.share) - x(0))} height={18} fill="#0072B2" />
            {r.shareLow !== null && r.shareHigh !== null ? (
              <g stroke="#1a1f2b" strokeWidth={1.5}>
                <line x1={x(r.shareLow)} x2={x(r.shareHigh)} y1={mid} y2={mid} />
                <line x1={x(r.shareLow)} x2={x(r.shareLow)} y1={mid - 7} y2={mid + 7} />
                <line x1={x(r.shareHigh)} x2={x(r.shareHigh)} y1={mid - 7} y2={mid + 7} />
              </g>
            ) : null}
            <text x={W - RIGHT + 8} y={mid + 5} fontSize={14} fill="#1a1f2b">
              {pct(r.share)} ({interval(r)})
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
