import { sayInEnglish } from "~/i18n/catalogues.server";
import { parseSaid, said } from "~/i18n/said";

/**
 * The refusals of the ballot endpoints (server/ballots.ts) that the rep's pages show a person: their
 * browser's pulse page and its conversations (said, ADR 057, under the rep pages' own keys). The services'
 * refusals (app/services/ballots.server.ts, conversations.server.ts) are said where they are made.
 */
export const BALLOT_REFUSALS = {
  signIn: said("pulse.refused.signIn"),
  linkInvalid: said("pulse.refused.linkInvalid"),
  ballotWithCookies: said("pulse.refused.ballotWithCookies"),
  threadWithCookies: said("myConv.refused.withCookies"),
  tooManyThreadRequests: said("myConv.refused.tooMany"),
  databaseAway: said("pulse.refused.databaseAway"),
  failed: said("pulse.refused.failed"),
} as const;

export interface BallotErrorBody {
  error: { status: number; message: string; fields?: Record<string, string>; said?: { message: string; fields?: Record<string, string> } };
}

/**
 * A ballot endpoint's error: `message` and `fields` in English, for any client (these requests carry no
 * cookie and no language, ADR 021). A refusal the page shows a person is said: then `said` holds the same
 * message and fields as said messages (their keys and values), which the page says in its own language. So
 * nothing about the reader travels with a ballot, and the rep still reads the refusal in their language.
 * A refusal only another client than Candor's page can cause (a body that is not JSON) is English only.
 */
export function ballotErrorBody(status: number, message: string, fields?: Record<string, string>): BallotErrorBody {
  const hasFields = fields !== undefined && Object.keys(fields).length > 0;
  const english = hasFields ? Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, sayInEnglish(text)])) : undefined;
  return {
    error: {
      status,
      message: sayInEnglish(message),
      ...(english ? { fields: english } : {}),
      ...(parseSaid(message) ? { said: { message, ...(hasFields ? { fields } : {}) } } : {}),
    },
  };
}
