// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { useEffect, useState, type FormEvent } from "react";
import { forgetThread, markThreadSeen, readThreads, type StoredThread } from "~/utils/ballot-storage.client";
import { MESSAGE_MAX_CHARS, type Thread } from "~/domain/conversations";
import { FormMessage } from "./forms";

interface LoadedThread extends Thread {
  comment: string | null;
  waveClosed: boolean;
}

interface Held {
  stored: StoredThread;
  thread: LoadedThread;
  /** Team messages this browser had not shown before this visit. */
  unseen: number;
}

/**
 * One conversation request, as a ballot is sent (ADR 054): no cookie, no referrer, nothing cached. The
 * token is the only thing that says which conversation; nothing says whose.
 */
async function threadRequest(
  path: string,
  body: Record<string, string>,
): Promise<{ ok: true; thread: LoadedThread } | { ok: false; status: number; message: string; fields: Record<string, string> }> {
  const response = await fetch(path, {
    method: "POST",
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as { thread?: LoadedThread; error?: { message?: string; fields?: Record<string, string> } };
  if (response.ok && json.thread) return { ok: true, thread: json.thread };
  return { ok: false, status: response.status, message: json.error?.message ?? "Candor could not be reached. Try again in a moment.", fields: json.error?.fields ?? {} };
}

/**
 * The conversations about this browser's comments: for every ballot token it keeps, the same request
 * whether or not anyone replied. Shows "you have a reply", the messages, and lets the author answer or
 * close. Without JavaScript there is nothing to show: the key lives in this browser's storage.
 */
export function MyConversations() {
  const [held, setHeld] = useState<Held[]>([]);
  useEffect(() => {
    let live = true;
    const stored = readThreads();
    void Promise.all(
      stored.map(async (s) => {
        const result = await threadRequest("/ballots/thread", { waveId: s.waveId, message: s.message }).catch(() => null);
        if (!result) return null;
        if (!result.ok) {
          // After the pulse has closed, an unknown key means no comment (or its answers were deleted): nothing to keep.
          if (result.status === 404 && Date.parse(s.closesAt) < Date.now()) forgetThread(s.waveId);
          return null;
        }
        markThreadSeen(s.waveId, result.thread.teamMessages);
        return { stored: s, thread: result.thread, unseen: Math.max(0, result.thread.teamMessages - s.seenTeamMessages) };
      }),
    ).then((loaded) => {
      if (live) setHeld(loaded.filter((h): h is Held => h !== null && h.thread.messages.length > 0));
    });
    return () => {
      live = false;
    };
  }, []);
  if (held.length === 0) {
    return (
      <noscript>
        <p className="muted">Replies to your comments are shown only with JavaScript: the key to them is kept by the browser you answered in.</p>
      </noscript>
    );
  }
  const unseen = held.reduce((n, h) => n + h.unseen, 0);
  return (
    <section className="card conversations" aria-labelledby="my-conversations">
      <h2 id="my-conversations">Replies to your comments</h2>
      {unseen > 0 ? (
        <div className="notice notice--info" role="status">
          <p>
            <strong>You have a reply.</strong>
          </p>
        </div>
      ) : null}
      <p className="muted">
        Only this browser can open these conversations: it keeps the key your answers were sent with. Nobody, at Candor or in your company, can tell that they are yours. On another
        device or browser they do not appear.
      </p>
      {held.map((h) => (
        <ConversationCard key={h.stored.waveId} held={h} onChange={(thread) => setHeld((all) => all.map((x) => (x.stored.waveId === h.stored.waveId ? { ...x, thread } : x)))} />
      ))}
    </section>
  );
}

/**
 * A conversation's messages in order: the team's with their writer's name, the author's with `authorLabel`
 * (never a name). For both sides: the author's page and the team's conversations page.
 */
export function ConversationMessages({ messages, authorLabel }: { messages: Thread["messages"]; authorLabel: string }) {
  if (messages.length === 0) return null;
  return (
    <ol className="conversation__messages" aria-label="Conversation">
      {messages.map((m, i) => (
        <li key={i} className={`conversation__message conversation__message--${m.writer}`}>
          <p className="conversation__writer">{m.writer === "team" ? (m.name ?? "Someone no longer at Candor") : authorLabel}</p>
          <p>{m.body}</p>
        </li>
      ))}
    </ol>
  );
}

function ConversationCard({ held, onChange }: { held: Held; onChange: (thread: LoadedThread) => void }) {
  const { stored, thread } = held;
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `conversation-${stored.waveId}`;
  const send = (path: string, extra: Record<string, string>, form?: HTMLFormElement) => {
    setBusy(true);
    threadRequest(path, { waveId: stored.waveId, message: stored.message, ...extra })
      .then((result) => {
        if (result.ok) {
          setError(null);
          onChange(result.thread);
          form?.reset();
        } else setError({ message: result.message, field: result.fields.body });
      })
      .catch(() => setError({ message: "Candor could not be reached. Your answer is still here; try again in a moment." }))
      .finally(() => setBusy(false));
  };
  const onAnswer = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send("/ballots/thread/answer", { body: String(new FormData(event.currentTarget).get("body") ?? "") }, event.currentTarget);
  };
  return (
    <article className="conversation" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Your comment in {stored.programName}</h3>
      {thread.comment ? <blockquote>{thread.comment}</blockquote> : null}
      <ConversationMessages messages={thread.messages} authorLabel="You (anonymous)" />
      {thread.closed ? (
        <p className="muted">You closed this conversation.</p>
      ) : (
        <>
          <FormMessage error={error && !error.field ? error.message : undefined} />
          <form onSubmit={onAnswer} noValidate>
            <div className={`field${error?.field ? " field--error" : ""}`}>
              <label htmlFor={`${id}-body`}>Your answer</label>
              <p className="field__hint" id={`${id}-hint`}>
                Sent without your name. Avoid details that would identify you.
              </p>
              {error?.field ? (
                <p className="field__error" id={`${id}-error`}>
                  {error.field}
                </p>
              ) : null}
              <textarea id={`${id}-body`} name="body" rows={3} maxLength={MESSAGE_MAX_CHARS} aria-describedby={error?.field ? `${id}-hint ${id}-error` : `${id}-hint`} />
            </div>
            <div className="conversation__actions">
              <button type="submit" className="button" disabled={busy}>
                Send my answer
              </button>
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => send("/ballots/thread/close", {})}>
                Close this conversation
              </button>
            </div>
          </form>
        </>
      )}
    </article>
  );
}
