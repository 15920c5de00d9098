import { said } from "~/i18n/said";

/**
 * Conversations on comments (ADR 054): the rules both sides share, as plain data. A conversation is a
 * comment's messages in order: the team's (a manager or enablement, named) and the author's (named by
 * nobody). The author may answer once the team has written, and may close it; a closed conversation takes
 * no more messages from anyone.
 */

/** The longest message, as long as the longest comment. */
export const MESSAGE_MAX_CHARS = 2000;

export interface StoredMessage {
  writer: "team" | "rep";
  body: string | null;
  closes: boolean;
  writerName: string | null;
}

export interface ThreadMessage {
  /** "team": a manager or enablement, named; "rep": the comment's author. */
  writer: "team" | "rep";
  /** The team writer's name (null for the author's, or for someone since erased). */
  name: string | null;
  body: string;
}

export interface Thread {
  messages: ThreadMessage[];
  /** The author closed it: no more messages. */
  closed: boolean;
  /** Messages from the team: what "you have a reply" counts. */
  teamMessages: number;
  /** Whether the author may write now: the team has written and it is not closed. */
  authorMayWrite: boolean;
}

/**
 * A conversation from its stored messages (in order).
 *
 * @example threadOf([{ writer: "team", body: "Thanks", closes: false, writerName: "Dana" }]).authorMayWrite // true
 */
export function threadOf(stored: readonly StoredMessage[]): Thread {
  const messages = stored.filter((m) => !m.closes && m.body !== null).map((m) => ({ writer: m.writer, name: m.writer === "team" ? m.writerName : null, body: m.body! }));
  const closed = stored.some((m) => m.closes);
  const teamMessages = messages.filter((m) => m.writer === "team").length;
  return { messages, closed, teamMessages, authorMayWrite: !closed && teamMessages > 0 };
}

/**
 * A message's text as sent: trimmed, 1 to MESSAGE_MAX_CHARS characters, or why not (said, ADR 057: the same
 * words for the team and for the comment's author, in each one's language).
 *
 * @example parseMessage("  Thank you  ") // { ok: true, text: "Thank you" }
 */
export function parseMessage(text: string | undefined): { ok: true; text: string } | { ok: false; error: string; reason: "empty" | "too-long"; length: number } {
  const trimmed = (text ?? "").trim();
  if (trimmed.length === 0) return { ok: false, error: said("conv.writeFirst"), reason: "empty", length: 0 };
  if (trimmed.length > MESSAGE_MAX_CHARS)
    return {
      ok: false,
      error: said("conv.tooLong", { max: MESSAGE_MAX_CHARS, length: trimmed.length }),
      reason: "too-long",
      length: trimmed.length,
    };
  return { ok: true, text: trimmed };
}
