/**
 * Which messages a page's browser gets (ADR 055, amended by ADR 057): only the page's language, and of it
 * only what the person can be shown. The whole catalogue of every page of Candor is tens of kilobytes per
 * language; a rep's phone on a slow network needs only the pages reps see.
 *
 * - Server-only messages (emails) never go to a browser.
 * - A rep, or someone signed out (sign-in, a personal pulse link), gets the messages of the rep's pages:
 *   the keys of everything the rep's routes import (tested in scopes.test.ts, which names a prefix missing here).
 * - Managers, enablement and admins get the rest of the catalogue too.
 */
export const SERVER_ONLY_PREFIXES = ["mail"] as const;

export const REP_PAGE_PREFIXES = ["meta", "shell", "language", "error", "pulse", "receipt", "role", "login", "account", "forgot", "setPassword", "field", "form"] as const;

export type MessageScope = "rep" | "staff";

const prefixOf = (key: string) => key.slice(0, key.indexOf("."));
const serverOnly = new Set<string>(SERVER_ONLY_PREFIXES);
const repPages = new Set<string>(REP_PAGE_PREFIXES);

/** Whether a message goes to a browser of this scope. */
export function inScope(key: string, scope: MessageScope): boolean {
  const prefix = prefixOf(key);
  if (serverOnly.has(prefix)) return false;
  return scope === "staff" || repPages.has(prefix);
}
