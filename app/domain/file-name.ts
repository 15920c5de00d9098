/** The longest file name kept: more than any real export's name, short enough for a heading. */
export const FILE_NAME_MAX_LENGTH = 200;

/**
 * A file name as the browser sent it, made fit to store and show: control characters (NUL among them,
 * which PostgreSQL text cannot hold) become spaces, runs of white space one space, and the name is cut to
 * FILE_NAME_MAX_LENGTH characters (whole characters: an emoji is never split).
 *
 * @example cleanFileName("Q1\u0000pulses.csv") // "Q1 pulses.csv"
 */
export function cleanFileName(name: string): string {
  const spaced = name
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return [...spaced].slice(0, FILE_NAME_MAX_LENGTH).join("").trim();
}
