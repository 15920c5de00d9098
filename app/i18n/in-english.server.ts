import { sayInEnglish } from "./catalogues.server";

/**
 * A value with every said message in it (app/i18n/said.ts) in English, at any depth (plain objects and
 * arrays); the rest unchanged. For the command line's lines and --json (ADR 057), and for tests that read
 * a result's words.
 */
export function inEnglish<T>(value: T): T {
  if (typeof value === "string") return sayInEnglish(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => inEnglish(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inEnglish(item)])) as T;
  }
  return value;
}
