/** One line of what a destructive step removes or keeps: how many, and of what, in the page's language. */
export interface CountedLine {
  /** The count with its noun, e.g. "3 sessions" (a plural message of the catalogue). */
  counted: string;
  /** What happens to them, in plain words. */
  detail: string;
}

/** A list of counted lines, numbers first, that reads the same on a phone and a laptop. */
export function CountedList({ lines, label }: { lines: readonly CountedLine[]; label: string }) {
  return (
    <ul className="counted-list" aria-label={label}>
      {lines.map((line) => (
        <li key={line.detail}>
          <strong>{line.counted}</strong>: {line.detail}
        </li>
      ))}
    </ul>
  );
}
