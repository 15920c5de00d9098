// Writing CSV, with no dependencies, so that charts in the browser can offer their data for download.

/**
 * A cell as text a spreadsheet will not run: one that begins with =, +, -, @, a tab or a carriage return
 * is prefixed with an apostrophe (OWASP's CSV injection advice), then quoted if it holds a comma, quote
 * or line break. Numbers are written as they are (a negative number is data, not a formula).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = typeof value === "string" ? value : typeof value === "boolean" ? String(value) : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of objects as CSV text with a header line (the keys of the first row, or `columns`), CRLF line ends. */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns?: readonly string[]): string {
  const keys = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const lines = [keys.map(csvCell).join(","), ...rows.map((row) => keys.map((k) => csvCell(row[k])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
