// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice, TextAreaField } from "~/components/forms";
import { ConversationMessages } from "~/components/my-conversations";
import { MESSAGE_MAX_CHARS } from "~/domain/conversations";
import { formatDate } from "~/domain/format";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { getTeamConversations, replyToComment, type TeamConversations } from "~/services/conversations.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Conversations: ${data?.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getTeamConversations(context.app, user, params.teamId ?? "");
}

const ReplySchema = z.object({ commentId: formText, body: formText });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const teamId = params.teamId ?? "";
  const parsed = parseForm(ReplySchema, await readForm(request));
  if (!parsed.success) throw new Response("The form could not be read. Reload the page and send it again.", { status: 400 });
  const { commentId, body } = parsed.data;
  const result = await attempt(() => replyToComment(context.app, user, teamId, { commentId, body }));
  if (!result.ok) return data({ commentId, formError: result.formError, fieldErrors: result.fieldErrors, body }, { status: result.status });
  return redirect(`/teams/${teamId}/conversations?replied=${encodeURIComponent(commentId)}#comment-${commentId}`);
}

type Comment = TeamConversations["waves"][number]["comments"][number];

function CommentThread({ comment, mayReply, error }: { comment: Comment; mayReply: boolean; error?: { formError: string; fieldErrors: Record<string, string>; body: string } }) {
  const id = `comment-${comment.id}`;
  return (
    <li id={id} className="conversation" aria-labelledby={`${id}-text`}>
      <blockquote id={`${id}-text`}>{comment.text}</blockquote>
      <ConversationMessages messages={comment.messages} authorLabel="The comment's author (anonymous)" />
      {comment.closed ? (
        <p className="muted">The author closed this conversation.</p>
      ) : !comment.replyable ? (
        <p className="muted">This comment is from before conversations existed: its author cannot read a reply.</p>
      ) : mayReply ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="commentId" value={comment.id} />
          <FormMessage error={error && !error.fieldErrors.body ? error.formError : undefined} />
          <TextAreaField
            id={`${id}-reply`}
            name="body"
            label={comment.messages.length > 0 ? "Write again" : "Reply to this comment"}
            hint="Your name is shown with your reply. The author reads it only if they open Candor in the browser they answered in."
            error={error?.fieldErrors.body}
            defaultValue={error?.body ?? ""}
            maxLength={MESSAGE_MAX_CHARS}
            rows={3}
          />
          <button type="submit" className="button">
            Send reply
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export default function TeamConversationsPage() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  return (
    <div className="page page--narrow">
      <p>
        <Link to={`/teams/${view.team.id}`}>← {view.team.name}</Link>
      </p>
      <h1>Conversations: {view.team.name}</h1>
      <p>
        Reply to a comment to thank its author, ask what would help, or say what you will do. The author stays anonymous: nobody, you and Candor&apos;s administrators included, can
        learn who wrote it or who answers. Your replies carry your name. A conversation is shown only while the team&apos;s comments are, and its author can close it.
      </p>
      {search.get("replied") ? (
        <Notice tone="success">Reply sent. Its author sees &ldquo;you have a reply&rdquo; the next time they open Candor in the browser they answered in.</Notice>
      ) : null}
      {!view.mayReply ? <Notice>You can read these conversations; managers and sales enablement reply.</Notice> : null}
      {view.waves.length === 0 ? <p className="muted">No comments to show: none of the team&apos;s recent closed pulses has comments it may see.</p> : null}
      {view.waves.map((wave) => (
        <section key={wave.id} className="card" aria-labelledby={`wave-${wave.id}`}>
          <h2 id={`wave-${wave.id}`}>
            {wave.programName}, closed {formatDate(wave.closedOn)}
          </h2>
          {wave.comments.length === 0 ? (
            <p className="muted">No comments this wave.</p>
          ) : (
            <ul className="comments">
              {wave.comments.map((c) => (
                <CommentThread key={c.id} comment={c} mayReply={view.mayReply} error={result && result.commentId === c.id ? result : undefined} />
              ))}
            </ul>
          )}
        </section>
      ))}
      {view.hidden.length > 0 ? (
        <section className="card" aria-labelledby="hidden-waves">
          <h2 id="hidden-waves">Pulses without comments to show</h2>
          <ul>
            {view.hidden.map((h) => (
              <li key={`${h.programName}-${h.closedOn}`}>
                {h.programName}, closed {formatDate(h.closedOn)}: {h.reason}.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
