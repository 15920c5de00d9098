/**
 * Which messages a page's browser gets (ADR 055, amended by ADR 057): only the page's language, and of it
 * only what the person can be shown. The whole catalogue of every page of Candor is tens of kilobytes per
 * language; a rep's phone on a slow network needs only the pages reps see.
 *
 * - Server-only messages (emails) never go to a browser.
 * - A rep, or someone signed out (sign-in, a personal pulse link), gets the messages of the rep's pages:
 *   the keys of everything the rep's routes import (tested in scopes.test.ts, which names a key missing here).
 *   An entry names a family of keys ("pulse": every "pulse.…") or, for a staff page's family, single keys.
 * - Managers, enablement and admins get the rest of the catalogue too.
 */
export const SERVER_ONLY_PREFIXES = ["mail"] as const;

export const REP_PAGE_PREFIXES = [
  ...["meta", "shell", "language", "error", "pulse", "receipt", "role", "login", "account", "forgot", "setPassword", "field", "form"],
  // The home page (every role's, a rep's among them), personal conversations, company sign-in and the
  // audience note on the pulse form; the charts and the explorer's words the home page draws; the copy button.
  ...["home", "chart", "myConv", "audience", "sso", "copy"],
  // Single messages of staff pages' families that those pages also use: the company sign-in test's words on
  // its callback page and the company sign-in pages' title, the explorer's directions. (Slack and Teams messages
  // are written on the server only: the account page takes its channel choices from app/domain/chat-choices.ts,
  // not the chat module.)
  ...["adminSso.samlSection", "adminSso.providerSent", "adminSso.value", "explorer.higherIsBetter", "explorer.higherIsWorse"],
  // The admin menu's names, which the frame (app-shell.tsx) holds for every page: the admin pages' titles.
  ...["adminPeople.title", "adminTeams.title", "crm.title", "adminApi.title", "adminScim.title", "adminChat.title", "adminDeliveries.title"],
  ...["adminSettings.title", "adminAudit.title"],
  // A conversation message's refusals, which the comment's author reads too (app/domain/conversations.ts).
  ...["conv.writeFirst", "conv.tooLong"],
] as const;

export type MessageScope = "rep" | "staff";

const serverOnly = new Set<string>(SERVER_ONLY_PREFIXES);
const repPages = new Set<string>(REP_PAGE_PREFIXES);

/** The key and each of its dotted prefixes: "adminChat.dm.open", "adminChat.dm", "adminChat". */
function prefixesOf(key: string): string[] {
  const parts = key.split(".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("."));
}

/** Whether a message goes to a browser of this scope (an entry of a list names a key or a family of keys). */
export function inScope(key: string, scope: MessageScope): boolean {
  const prefixes = prefixesOf(key);
  if (prefixes.some((p) => serverOnly.has(p))) return false;
  return scope === "staff" || prefixes.some((p) => repPages.has(p));
}
