// Ids: every row id is a UUID, and text from a request or a file is checked with this one rule before it
// reaches a query (a malformed id would otherwise be a database error, not a clear 4xx).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether `value` is a UUID in its 8-4-4-4-12 hexadecimal form (either case); `lowerCase` asks for the
 * lower-case form PostgreSQL prints (for ids written into COPY data as text).
 *
 * @example isUuid("0b5e1a5c-6a37-4c43-9f7e-1f7a2a51c0de") // true
 */
export function isUuid(value: string, options: { lowerCase?: boolean } = {}): boolean {
  return (options.lowerCase ? LOWER_CASE_UUID : UUID).test(value);
}
