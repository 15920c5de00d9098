import { parseAnswers, type AnswerableItem, type SubmittedAnswer } from "./answers";
import { CsvFormatError, parseCsvTable } from "./csv";
import { said } from "~/i18n/said";

export interface HistoryRow {
  line: number;
  teamName: string;
  period: string;
  answers: SubmittedAnswer[];
}

export interface HistoryProblem {
  line: number | null;
  column?: string;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  // JavaScript reads year 0000, which does not exist and which PostgreSQL refuses.
  if (!ISO_DATE.test(value) || value.startsWith("0000")) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Reads a history file: `team,period,<item codes…>,comment`, one anonymous response per row, raw
 * answers (not reverse-coded), blanks for skipped items, `period` the ISO date the wave opened. Every
 * row is checked; any problem means nothing is imported.
 */
export function readHistory(
  text: string,
  context: { items: readonly AnswerableItem[]; teamNames: readonly string[]; today: string },
): { rows: HistoryRow[]; problems: HistoryProblem[]; itemCodes: string[] } {
  let table;
  try {
    table = parseCsvTable(text);
  } catch (error) {
    if (error instanceof CsvFormatError) return { rows: [], problems: [{ line: error.line, message: error.message }], itemCodes: [] };
    throw error;
  }
  const byCode = new Map(context.items.map((i) => [i.code.toLowerCase(), i]));
  const problems: HistoryProblem[] = [];
  for (const column of ["team", "period"]) {
    if (!table.header.includes(column)) problems.push({ line: 1, message: said("adminHistory.needsColumn", { column }) });
  }
  const itemColumns = table.header.filter((h) => h !== "team" && h !== "period" && h !== "");
  const unknown = itemColumns.filter((h) => !byCode.has(h));
  if (unknown.length > 0) problems.push({ line: 1, message: said("adminHistory.unknownColumns", { count: unknown.length, columns: unknown.join(", ") }) });
  // Two columns for one item would give a response two answers to it.
  const repeated = [...new Set(itemColumns.filter((h, i) => itemColumns.indexOf(h) !== i && byCode.has(h)))].map((h) => byCode.get(h)!.code);
  if (repeated.length > 0) problems.push({ line: 1, message: said("adminHistory.repeatedColumns", { columns: repeated.join(", ") }) });
  if (itemColumns.length === 0 && problems.length === 0) problems.push({ line: 1, message: said("adminHistory.noItems") });
  if (problems.length > 0) return { rows: [], problems, itemCodes: [] };
  if (table.records.length === 0) return { rows: [], problems: [{ line: null, message: said("adminHistory.noResponses") }], itemCodes: [] };

  const items = itemColumns.map((h) => byCode.get(h)!);
  const teams = new Set(context.teamNames.map((t) => t.toLowerCase()));
  const rows: HistoryRow[] = [];
  for (const { line, values } of table.records) {
    const rowProblems: HistoryProblem[] = [];
    if (values.__extra) rowProblems.push({ line, message: said("adminRoster.extraValues") });
    const teamName = values.team ?? "";
    if (!teamName) rowProblems.push({ line, column: "team", message: said("adminRoster.empty") });
    else if (!teams.has(teamName.toLowerCase())) rowProblems.push({ line, column: "team", message: said("adminHistory.notTeam", { value: teamName }) });
    const period = values.period ?? "";
    if (!isRealDate(period)) rowProblems.push({ line, column: "period", message: said("adminHistory.notDate", { value: period }) });
    else if (period > context.today) rowProblems.push({ line, column: "period", message: said("adminHistory.future", { value: period }) });
    const fields = Object.fromEntries(items.map((item) => [`a.${item.code}`, values[item.code.toLowerCase()]]));
    const parsed = parseAnswers(items, fields);
    if (!parsed.ok) {
      for (const [field, message] of Object.entries(parsed.fieldErrors)) rowProblems.push({ line, column: field.slice(2), message });
      if (Object.keys(parsed.fieldErrors).length === 0) rowProblems.push({ line, message: said("adminHistory.noAnswers") });
    }
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else if (parsed.ok) rows.push({ line, teamName, period, answers: parsed.answers });
  }
  return { rows: problems.length ? [] : rows, problems, itemCodes: items.map((i) => i.code) };
}
