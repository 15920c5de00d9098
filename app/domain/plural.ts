/**
 * A count with its noun in the right number: "1 row", "2 rows", "0 rows"; `many` for irregular plurals
 * ("1 person", "3 people"). Numbers of 1,000 and more get the thousands separator.
 *
 * @example plural(1, "valid row") // "1 valid row"
 * @example plural(12, "person", "people") // "12 people"
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}
