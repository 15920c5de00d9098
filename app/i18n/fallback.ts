import type { Messages } from "./translate";

/**
 * The messages of the error page's frame when the root loader itself failed (the database away: no
 * language could be chosen and no catalogue was sent): English, copied from messages/en.json, which the
 * completeness test holds them to. Small on purpose: it is in every page's script.
 */
export const ENGLISH_FALLBACK = {
  "shell.skip": "Skip to content",
  "shell.nav": "Main",
  "shell.home": "Home",
  "shell.teams": "Teams",
  "shell.results": "Results",
  "shell.pulses": "Pulses",
  "shell.training": "Training",
  "shell.playbook": "Playbook",
  "shell.admin": "Admin",
  "shell.signIn": "Sign in",
  "shell.signOut": "Sign out",
  "shell.userDetails": ", {role} at {organisation} (account settings)",
  "language.label": "Language",
  "language.change": "Change",
  "error.title": "Something went wrong",
  "error.message": "Candor hit an unexpected problem. Nothing you sent was lost: try again in a moment.",
  "error.notFoundTitle": "Page not found",
  "error.notFound": "There is no page at this address. It may have moved, or the link may be incomplete.",
  "error.forbiddenTitle": "Not allowed",
  "error.unavailableTitle": "Temporarily unavailable",
  "error.home": "Go to the start page",
} satisfies Partial<Messages>;
