import { useEffect, useState, type FormEvent } from "react";
import { forgetThread, markThreadSeen, readThreads, type StoredThread } from "~/utils/ballot-storage.client";
import { MESSAGE_MAX_CHARS, type Thread } from "~/domain/conversations";
import { FormMessage } from "./forms";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";

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
  // A refusal the author can act on comes said (app/http/ballot-errors.server.ts), for this page to say in its language.
  const json = (await response.json().catch(() => ({}))) as { thread?: LoadedThread; error?: { said?: { message?: string; fields?: Record<string, string> } } };
  if (response.ok && json.thread) return { ok: true, thread: json.thread };
  return { ok: false, status: response.status, message: json.error?.said?.message ?? said("myConv.unreachable"), fields: json.error?.said?.fields ?? {} };
}

/**
 * The conversations about this browser's comments: for every ballot token it keeps, the same request
 * whether or not anyone replied. Shows "you have a reply", the messages, and lets the author answer or
 * close. Without JavaScript there is nothing to show: the key lives in this browser's storage.
 */
export function MyConversations() {
  const [held, setHeld] = useState<Held[]>([]);
  const { t } = useI18n();
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
        <p className="muted">{t("myConv.noScript")}</p>
      </noscript>
    );
  }
  const unseen = held.reduce((n, h) => n + h.unseen, 0);
  return (
    <section className="card conversations" aria-labelledby="my-conversations">
      <h2 id="my-conversations">{t("myConv.heading")}</h2>
      {unseen > 0 ? (
        <div className="notice notice--info" role="status">
          <p>
            <strong>{t("myConv.youHaveReply")}</strong>
          </p>
        </div>
      ) : null}
      <p className="muted">{t("myConv.onlyThisBrowser")}</p>
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
  const { t } = useI18n();
  if (messages.length === 0) return null;
  return (
    <ol className="conversation__messages" aria-label={t("myConv.conversation")}>
      {messages.map((m, i) => (
        <li key={i} className={`conversation__message conversation__message--${m.writer}`}>
          <p className="conversation__writer">{m.writer === "team" ? (m.name ?? t("myConv.someoneGone")) : authorLabel}</p>
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
  const { t, say } = useI18n();
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
      .catch(() => setError({ message: said("myConv.unreachableKept") }))
      .finally(() => setBusy(false));
  };
  const onAnswer = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send("/ballots/thread/answer", { body: String(new FormData(event.currentTarget).get("body") ?? "") }, event.currentTarget);
  };
  return (
    <article className="conversation" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("myConv.yourComment", { program: stored.programName })}</h3>
      {thread.comment ? <blockquote>{thread.comment}</blockquote> : null}
      <ConversationMessages messages={thread.messages} authorLabel={t("myConv.youAnonymous")} />
      {thread.closed ? (
        <p className="muted">{t("myConv.youClosed")}</p>
      ) : (
        <>
          <FormMessage error={error && !error.field ? error.message : undefined} />
          <form onSubmit={onAnswer} noValidate>
            <div className={`field${error?.field ? " field--error" : ""}`}>
              <label htmlFor={`${id}-body`}>{t("myConv.yourAnswer")}</label>
              <p className="field__hint" id={`${id}-hint`}>
                {t("myConv.answerHint")}
              </p>
              {error?.field ? (
                <p className="field__error" id={`${id}-error`}>
                  {say(error.field)}
                </p>
              ) : null}
              <textarea id={`${id}-body`} name="body" rows={3} maxLength={MESSAGE_MAX_CHARS} aria-describedby={error?.field ? `${id}-hint ${id}-error` : `${id}-hint`} />
            </div>
            <div className="conversation__actions">
              <button type="submit" className="button" disabled={busy}>
                {t("myConv.send")}
              </button>
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => send("/ballots/thread/close", {})}>
                {t("myConv.close")}
              </button>
            </div>
          </form>
        </>
      )}
    </article>
  );
}
