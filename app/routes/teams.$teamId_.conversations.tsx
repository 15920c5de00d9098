import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice, TextAreaField } from "~/components/forms";
import { ConversationMessages } from "~/components/my-conversations";
import { MESSAGE_MAX_CHARS } from "~/domain/conversations";
import { formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import type { Messages } from "~/i18n/translate";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { getTeamConversations, replyToComment, type TeamConversations } from "~/services/conversations.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const messages = (matches.find((m) => m.id === "root")?.data as { language?: { messages?: Partial<Messages> } } | undefined)?.language?.messages;
  const page = (messages?.["conv.title"] ?? "Conversations: {team}").replace("{team}", data?.team.name ?? messages?.["team.title"] ?? "Team");
  return [{ title: (messages?.["meta.pageTitle"] ?? "{page} · Candor").replace("{page}", page) }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return getTeamConversations(context.app, user, params.teamId ?? "");
}

const ReplySchema = z.object({ commentId: formText, body: formText });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const teamId = params.teamId ?? "";
  const parsed = parseForm(ReplySchema, await readForm(request));
  if (!parsed.success) throw new Response(said("conv.formUnreadable"), { status: 400 });
  const { commentId, body } = parsed.data;
  const result = await attempt(() => replyToComment(context.app, user, teamId, { commentId, body }));
  if (!result.ok) return data({ commentId, formError: result.formError, fieldErrors: result.fieldErrors, body }, { status: result.status });
  return redirect(`/teams/${teamId}/conversations?replied=${encodeURIComponent(commentId)}#comment-${commentId}`);
}

type Comment = TeamConversations["waves"][number]["comments"][number];

function CommentThread({ comment, mayReply, error }: { comment: Comment; mayReply: boolean; error?: { formError: string; fieldErrors: Record<string, string>; body: string } }) {
  const id = `comment-${comment.id}`;
  const { t } = useI18n();
  return (
    <li id={id} className="conversation" aria-labelledby={`${id}-text`}>
      <blockquote id={`${id}-text`}>{comment.text}</blockquote>
      <ConversationMessages messages={comment.messages} authorLabel={t("conv.authorLabel")} />
      {comment.closed ? (
        <p className="muted">{t("conv.authorClosed")}</p>
      ) : !comment.replyable ? (
        <p className="muted">{t("conv.beforeConversations")}</p>
      ) : mayReply ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="commentId" value={comment.id} />
          <FormMessage error={error && !error.fieldErrors.body ? error.formError : undefined} />
          <TextAreaField
            id={`${id}-reply`}
            name="body"
            label={comment.messages.length > 0 ? t("conv.writeAgain") : t("conv.reply")}
            hint={t("conv.replyHint")}
            error={error?.fieldErrors.body}
            defaultValue={error?.body ?? ""}
            maxLength={MESSAGE_MAX_CHARS}
            rows={3}
          />
          <button type="submit" className="button">
            {t("conv.send")}
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
  const { t, say, locale } = useI18n();
  const f = formatsFor(locale);
  return (
    <div className="page page--narrow">
      <p>
        <Link to={`/teams/${view.team.id}`}>{t("gap.back", { team: view.team.name })}</Link>
      </p>
      <h1>{t("conv.title", { team: view.team.name })}</h1>
      <p>{t("conv.intro")}</p>
      {search.get("replied") ? <Notice tone="success">{t("conv.sent")}</Notice> : null}
      {!view.mayReply ? <Notice>{t("conv.readOnly")}</Notice> : null}
      {view.waves.length === 0 ? <p className="muted">{t("conv.none")}</p> : null}
      {view.waves.map((wave) => (
        <section key={wave.id} className="card" aria-labelledby={`wave-${wave.id}`}>
          <h2 id={`wave-${wave.id}`}>{t("conv.waveClosed", { program: wave.programName, date: f.date(wave.closedOn) })}</h2>
          {wave.comments.length === 0 ? (
            <p className="muted">{t("team.noComments")}</p>
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
          <h2 id="hidden-waves">{t("conv.hiddenHeading")}</h2>
          <ul>
            {view.hidden.map((h) => (
              <li key={`${h.programName}-${h.closedOn}`}>{t("conv.hiddenWave", { program: h.programName, date: f.date(h.closedOn), reason: say(h.reason) })}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
