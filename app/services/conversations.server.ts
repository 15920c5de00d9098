import type { AppContext } from "~/context.server";
import { requireTeamAccess, type SessionUser } from "~/auth/guards.server";
import { BALLOT_PREFIX_BYTES } from "~/auth/blind-rsa.server";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "~/domain/errors";
import { parseMessage, threadOf, type Thread } from "~/domain/conversations";
import { said } from "~/i18n/said";
import { isUuid } from "~/domain/ids";
import { appendMessage, findResponse, findThread, listCommentsWithIds, listMessages } from "#db/queries/conversations";
import { listResultWaves, readGroupResults } from "#db/queries/results";
import { ballotHash } from "./ballots.server";
import { subtreeAtClose } from "./results.server";

/**
 * Anonymous conversations on comments (ADR 054). The team (a manager for the teams in their scope,
 * enablement for every team) replies to a comment it can see, under its own name; the comment's author
 * reads and answers from the browser that sent it, by presenting the ballot's token (never stored: the
 * server hashes it under its own tag into the thread key) in a request without cookies. No author request
 * writes anything but its message, and none names a person.
 */

/** The ballot token the browser keeps: RFC 9474's 32-byte prefix and the 32-byte token. */
const TOKEN_BYTES = BALLOT_PREFIX_BYTES + 32;

export type AuthorResult<T> = { status: "ok"; value: T } | { status: "refused"; httpStatus: 400 | 404 | 409; message: string; fieldErrors?: Record<string, string> };

export interface AuthorThread extends Thread {
  comment: string | null;
  /** The pulse has closed: the team can read the comment (when its group is large enough) and reply. */
  waveClosed: boolean;
}

// The author's refusals are said (ADR 057): the ballot endpoints answer them in English and with their key, and
// the author's page says them in its language. A token of the wrong size only another client can send: English.
const UNKNOWN: AuthorResult<never> = { status: "refused", httpStatus: 404, message: said("myConv.refused.unknown") };
const refuse = (httpStatus: 400 | 409, message: string, fieldErrors?: Record<string, string>): AuthorResult<never> => ({ status: "refused", httpStatus, message, fieldErrors });

async function authorThread(app: AppContext, key: { waveId: string; token: Uint8Array }) {
  if (!isUuid(key.waveId)) return null;
  if (key.token.length !== TOKEN_BYTES) return "bad-token" as const;
  const row = await findThread(app.db, key.waveId, ballotHash("thread", key.token));
  if (!row) return null;
  const thread = threadOf(await listMessages(app.db, [row.responseId]));
  return { row, thread: { ...thread, comment: row.comment, waveClosed: row.status === "closed" && row.sealed } satisfies AuthorThread };
}

const badToken = () => refuse(400, `A ballot token has ${TOKEN_BYTES} bytes.`, { message: `must be ${TOKEN_BYTES} bytes, base64url` });

/**
 * The author's view of their comment's conversation, for the token their browser holds. Reads only:
 * asking is the same request, and writes nothing, whether or not anyone has replied.
 */
export async function readAuthorThread(app: AppContext, key: { waveId: string; token: Uint8Array }): Promise<AuthorResult<AuthorThread>> {
  const found = await authorThread(app, key);
  if (found === "bad-token") return badToken();
  if (!found) return UNKNOWN;
  return { status: "ok", value: found.thread };
}

/** Appends a message, trying again when another took its place at the same moment. */
async function append(app: AppContext, message: Parameters<typeof appendMessage>[1]): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) if (await appendMessage(app.db, message)) return;
  throw new ConflictError("Several messages were sent to this conversation at once. Send yours again.");
}

/**
 * The author answers the team. One statement in a transaction of its own, from a request without identity:
 * the row holds the text and nothing else (no person, no time).
 */
export async function answerAsAuthor(app: AppContext, key: { waveId: string; token: Uint8Array }, text: string | undefined): Promise<AuthorResult<AuthorThread>> {
  const found = await authorThread(app, key);
  if (found === "bad-token") return badToken();
  if (!found) return UNKNOWN;
  const parsed = parseMessage(text);
  if (!parsed.ok) return refuse(400, parsed.error, { body: parsed.error });
  if (found.thread.closed) return refuse(409, said("myConv.refused.closed"));
  if (!found.thread.authorMayWrite) return refuse(409, said("myConv.refused.noReplyYet"));
  await append(app, { responseId: found.row.responseId, writer: "rep", personId: null, body: parsed.text, closes: false });
  return readAuthorThread(app, key);
}

/** The author closes the conversation: no more messages from anyone. Closing it again changes nothing. */
export async function closeAsAuthor(app: AppContext, key: { waveId: string; token: Uint8Array }): Promise<AuthorResult<AuthorThread>> {
  const found = await authorThread(app, key);
  if (found === "bad-token") return badToken();
  if (!found) return UNKNOWN;
  if (found.thread.closed) return { status: "ok", value: found.thread };
  // While the pulse is open the response is not yet sealed (its row is replaced at close): nothing to close.
  if (!found.thread.waveClosed) return refuse(409, said("myConv.refused.notYet"));
  await append(app, { responseId: found.row.responseId, writer: "rep", personId: null, body: null, closes: true });
  return readAuthorThread(app, key);
}

export interface TeamConversations {
  team: { id: string; name: string };
  /** Whether this person may reply (managers and enablement; admins read only). */
  mayReply: boolean;
  waves: Array<{
    id: string;
    programName: string;
    closedOn: string;
    comments: Array<{ id: string; text: string; replyable: boolean } & Thread>;
  }>;
  /** Closed waves whose comments this team cannot see, and why. */
  hidden: Array<{ programName: string; closedOn: string; reason: string }>;
}

const WAVES_SHOWN = 4;
const mayReply = (user: SessionUser) => user.role === "manager" || user.role === "enablement";
const closedOn = (w: { closesAt: Date }) => new Date(w.closesAt.getTime() - 1).toISOString().slice(0, 10);

type ResultWave = Awaited<ReturnType<typeof listResultWaves>>[number];

/**
 * Whether a wave's comments are shown for a team (the team and the teams below it at close), by the same
 * rules as the team page: the comments cell passed the anonymity rules, the team has at least the comment
 * minimum of responses, and retention has not deleted the raw answers. A conversation is seen only then.
 */
const NO_ANSWERS = said("conv.hidden.noAnswers");

async function commentsVisibility(app: AppContext, wave: ResultWave, teamId: string): Promise<{ visible: true } | { visible: false; reason: string }> {
  const cells = await readGroupResults(app.db, { waveIds: [wave.id], groupIds: [teamId], kinds: ["comments", "responses"] });
  const responses = cells.find((c) => c.kind === "responses")?.n ?? 0;
  if (responses === 0) return { visible: false, reason: NO_ANSWERS };
  if (wave.rawDeletedAt) return { visible: false, reason: said("conv.hidden.deleted") };
  if (!cells.find((c) => c.kind === "comments")?.shown || responses < wave.minCommentGroupSize) {
    return { visible: false, reason: said("conv.hidden.minimum", { minimum: wave.minCommentGroupSize }) };
  }
  return { visible: true };
}

/**
 * A team's comments of its latest closed waves with their conversations, for the team's managers,
 * enablement and admins; only the waves whose comments the team page would show.
 */
export async function getTeamConversations(app: AppContext, user: SessionUser, teamId: string): Promise<TeamConversations> {
  const team = await requireTeamAccess(app, user, teamId);
  const waves = (await listResultWaves(app.db, user.organisationId)).reverse();
  const result: TeamConversations = { team, mayReply: mayReply(user), waves: [], hidden: [] };
  for (const wave of waves) {
    if (result.waves.length + result.hidden.length >= WAVES_SHOWN) break;
    const visibility = await commentsVisibility(app, wave, team.id);
    if (!visibility.visible) {
      if (visibility.reason !== NO_ANSWERS) result.hidden.push({ programName: wave.programName, closedOn: closedOn(wave), reason: visibility.reason });
      continue;
    }
    const comments = await listCommentsWithIds(app.db, wave.id, await subtreeAtClose(app, user.organisationId, wave.id, team.id));
    const messages = await listMessages(
      app.db,
      comments.map((c) => c.responseId),
    );
    const threads = comments.map((c) => ({
      id: c.responseId,
      text: c.comment!,
      replyable: c.threaded,
      ...threadOf(messages.filter((m) => m.responseId === c.responseId)),
    }));
    // Conversations first; then the rest in the responses' random order (their ids are random since the seal).
    threads.sort((a, b) => Number(b.messages.length > 0) - Number(a.messages.length > 0));
    result.waves.push({ id: wave.id, programName: wave.programName, closedOn: closedOn(wave), comments: threads });
  }
  return result;
}

/**
 * A manager or enablement replies to a comment, under their own name: the comment must be one the team
 * page shows them now (their scope, a closed wave, the comment rules), and its author must not have
 * closed the conversation.
 */
export async function replyToComment(app: AppContext, user: SessionUser, teamId: string, reply: { commentId: string; body: string | undefined }): Promise<void> {
  const team = await requireTeamAccess(app, user, teamId);
  if (!mayReply(user)) throw new ForbiddenError(said("conv.onlyManagers"));
  const parsed = parseMessage(reply.body);
  if (!parsed.ok) throw new InputError(parsed.error, { body: parsed.error });
  const target = isUuid(reply.commentId) ? await findResponse(app.db, reply.commentId) : undefined;
  const wave = target ? (await listResultWaves(app.db, user.organisationId)).find((w) => w.id === target.waveId) : undefined;
  // A comment outside the person's view looks exactly like one that does not exist.
  const notFound = new NotFoundError(said("conv.noSuchComment"));
  if (!target || !wave || !(await commentsVisibility(app, wave, team.id)).visible) throw notFound;
  if (!(await subtreeAtClose(app, user.organisationId, wave.id, team.id)).includes(target.teamId)) throw notFound;
  const comments = await listCommentsWithIds(app.db, wave.id, [target.teamId]);
  const comment = comments.find((c) => c.responseId === target.id);
  if (!comment) throw notFound;
  if (!comment.threaded) throw new ConflictError(said("conv.beforeConversations"));
  if (threadOf(await listMessages(app.db, [target.id])).closed) throw new ConflictError(said("conv.closedNoMore"));
  await append(app, { responseId: target.id, writer: "team", personId: user.personId, body: parsed.text, closes: false });
}
