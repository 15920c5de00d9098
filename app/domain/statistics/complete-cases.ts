/** Respondents × items: one row per respondent, one column per item; null (or NaN) is a missing answer. */
export type ItemMatrix = readonly (readonly (number | null)[])[];

/**
 * The complete cases of a respondents × items matrix: the rows with an answer to every item (listwise
 * deletion, as R's `na.omit`). All rows must have the same number of items.
 * https://en.wikipedia.org/wiki/Listwise_deletion
 *
 * @example completeCases([[1, 2], [3, null], [4, 5]]) // [[1, 2], [4, 5]]
 */
export function completeCases(rows: ItemMatrix): number[][] {
  const items = rows[0]?.length ?? 0;
  const complete: number[][] = [];
  for (const row of rows) {
    if (row.length !== items) throw new Error("completeCases requires every row to have the same number of items");
    if (row.every((value): value is number => value !== null && Number.isFinite(value))) complete.push([...row]);
  }
  return complete;
}
