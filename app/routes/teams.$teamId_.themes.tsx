// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { ThemeChart } from "~/components/charts/theme-chart";
import { FormMessage, Notice, SelectField } from "~/components/forms";
import { formatDate } from "~/domain/format";
import { plural } from "~/domain/plural";
import { SENTIMENTS } from "~/domain/themes/taxonomy";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { correctCommentTags, getTeamThemes } from "~/services/themes.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Comment themes: ${data?.team.name ?? "Team"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const url = new URL(request.url);
  return {
    ...(await getTeamThemes(context.app, user, params.teamId ?? "", { theme: url.searchParams.get("theme") })),
    corrected: url.searchParams.get("corrected") === "1",
  };
}

const CorrectionForm = z.object({
  commentId: formText,
  sentiment: formText,
  themes: z.union([z.string(), z.array(z.string())]).optional(),
  theme: formText,
});

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const parsed = parseForm(CorrectionForm, await readForm(request));
  if (!parsed.success) throw new Response("The form could not be read. Reload the page and send it again.", { status: 400 });
  const { commentId, sentiment, themes, theme } = parsed.data;
  const result = await attempt(() => correctCommentTags(context.app, user, params.teamId ?? "", commentId, { themes, sentiment }));
  if (!result.ok) return data({ commentId, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  const query = new URLSearchParams({ corrected: "1", ...(theme ? { theme } : {}) });
  return redirect(`/teams/${params.teamId}/themes?${query.toString()}`);
}

const SENTIMENT_WORDS: Record<(typeof SENTIMENTS)[number], string> = { positive: "positive", negative: "negative", mixed: "mixed", neutral: "neutral" };

export default function TeamThemesPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { team, themes, waves, comments, theme, canCorrect } = page;
  const latest = waves[waves.length - 1];
  const label = (key: string) => themes.find((t) => t.key === key)?.label ?? key;
  const shownWaves = waves.filter((w) => w.counts !== null);
  return (
    <div className="page">
      <p className="no-print">
        <Link to={`/teams/${team.id}`}>← {team.name}</Link>
      </p>
      <h1>What {team.name}&apos;s comments are about</h1>
      <p className="muted">
        Each comment is tagged with the sales themes it speaks of and how it feels, by rules and word lists that run inside Candor. Sales enablement can correct a tag; a corrected
        tag counts instead of the machine&apos;s.
      </p>
      {page.corrected ? <FormMessage success="The comment's tags are corrected." /> : null}
      {!latest ? (
        <Notice>No wave has closed for this team yet.</Notice>
      ) : shownWaves.length === 0 ? (
        <Notice>
          Themes are shown only where the team&apos;s comments are: when at least {page.minimum} people of the team answered, and no smaller group could be worked out from them.
        </Notice>
      ) : (
        <ThemeChart
          title={`Themes in ${team.name}'s comments${latest.counts ? `, wave of ${formatDate(latest.periodStart)}` : ""}, and their share over the waves`}
          comments={latest.counts?.comments ?? 0}
          rows={themes.map((t) => ({
            key: t.key,
            label: t.label,
            latest: latest.counts
              ? ((c) => ({ negative: c.negative, mixed: c.mixed, neutral: c.neutral, positive: c.positive }))(latest.counts.themes.find((x) => x.theme === t.key)!.sentiment)
              : null,
            trend: waves.map((w) => ({
              period: w.periodStart,
              share: w.counts && w.counts.comments > 0 ? w.counts.themes.find((x) => x.theme === t.key)!.comments / w.counts.comments : null,
            })),
          }))}
        />
      )}
      {waves.some((w) => w.counts === null) ? (
        <ul className="muted">
          {waves
            .filter((w) => w.counts === null)
            .map((w) => (
              <li key={w.id}>
                Wave of {formatDate(w.periodStart)}: not shown ({w.hidden}).
              </li>
            ))}
        </ul>
      ) : null}
      {latest?.counts ? (
        <section className="card" aria-labelledby="theme-comments">
          <h2 id="theme-comments">Comments of the wave of {formatDate(latest.periodStart)}</h2>
          <Form method="get" className="inline-form no-print">
            <SelectField
              name="theme"
              label="Theme"
              defaultValue={theme ?? ""}
              options={[
                { value: "", label: "Every theme" },
                ...themes.map((t) => ({ value: t.key, label: `${t.label} (${latest.counts!.themes.find((x) => x.theme === t.key)!.comments})` })),
              ]}
            />
            <button type="submit" className="button button--secondary">
              Show
            </button>
          </Form>
          <p className="muted">
            {theme
              ? `${comments.length} of ${plural(latest.counts.comments, "comment")} ${comments.length === 1 ? "is" : "are"} about ${label(theme).toLowerCase()}.`
              : `${plural(comments.length, "comment")}.`}{" "}
            Shown in random order.
          </p>
          <ul className="comments">
            {comments.map((c, i) => (
              <li key={c.id ?? i}>
                <blockquote>{c.text}</blockquote>
                <p className="muted">
                  {c.themes.length > 0 ? c.themes.map(label).join(" · ") : "No theme"} — {SENTIMENT_WORDS[c.sentiment]}
                  {c.corrected ? " (corrected by enablement)" : ""}
                </p>
                {canCorrect && c.id ? (
                  <details className="no-print">
                    <summary>Correct the tags</summary>
                    {actionData?.commentId === c.id ? <FormMessage error={actionData.formError} /> : null}
                    <Form method="post">
                      <input type="hidden" name="commentId" value={c.id} />
                      <input type="hidden" name="theme" value={theme ?? ""} />
                      <fieldset>
                        <legend>Themes</legend>
                        {themes.map((t) => (
                          <div className="checkbox" key={t.key}>
                            <input id={`${c.id}-${t.key}`} name="themes" type="checkbox" value={t.key} defaultChecked={c.themes.includes(t.key)} />
                            <label htmlFor={`${c.id}-${t.key}`}>{t.label}</label>
                          </div>
                        ))}
                      </fieldset>
                      <SelectField
                        id={`${c.id}-sentiment`}
                        name="sentiment"
                        label="Feeling"
                        defaultValue={c.sentiment}
                        options={SENTIMENTS.map((s) => ({ value: s, label: SENTIMENT_WORDS[s] }))}
                      />
                      <button type="submit" className="button button--secondary">
                        Save the correction
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
