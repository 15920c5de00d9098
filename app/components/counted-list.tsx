import { plural } from "~/domain/plural";

/** One line of what a destructive step removes or keeps: how many, and of what. */
export interface CountedLine {
  count: number;
  /** Singular and plural nouns, e.g. ["session", "sessions"]. */
  noun: readonly [string, string];
  /** What happens to them, in plain words. */
  detail: string;
}

/** A list of counted lines, numbers first, that reads the same on a phone and a laptop. */
export function CountedList({ lines, label }: { lines: readonly CountedLine[]; label: string }) {
  return (
    <ul className="counted-list" aria-label={label}>
      {lines.map((line) => (
        <li key={line.noun[1]}>
          <strong>{plural(line.count, line.noun[0], line.noun[1])}</strong>: {line.detail}
        </li>
      ))}
    </ul>
  );
}
