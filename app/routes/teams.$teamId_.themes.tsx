import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { ThemeChart } from "~/components/charts/theme-chart";
import { FormMessage, Notice, SelectField } from "~/components/forms";
import { formatsFor } from "~/domain/format";
import { SENTIMENTS } from "~/domain/themes/taxonomy";
import { themesIn } from "~/components/theme-names";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import type { MessageKey, Messages } from "~/i18n/translate";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { correctCommentTags, getTeamThemes } from "~/services/themes.server";
import { formText } from "~/utils/form-fields";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const messages = (matches.find((m) => m.id === "root")?.data as { language?: { messages?: Partial<Messages> } } | undefined)?.language?.messages;
  const page = (messages?.["themes.title"] ?? "Comment themes: {team}").replace("{team}", data?.team.name ?? messages?.["team.title"] ?? "Team");
  return [{ title: (messages?.["meta.pageTitle"] ?? "{page} · Candor").replace("{page}", page) }];
};

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
  if (!parsed.success) throw new Response(said("conv.formUnreadable"), { status: 400 });
  const { commentId, sentiment, themes, theme } = parsed.data;
  const result = await attempt(() => correctCommentTags(context.app, user, params.teamId ?? "", commentId, { themes, sentiment }));
  if (!result.ok) return data({ commentId, formError: result.formError, fieldErrors: result.fieldErrors }, { status: result.status });
  const query = new URLSearchParams({ corrected: "1", ...(theme ? { theme } : {}) });
  return redirect(`/teams/${params.teamId}/themes?${query.toString()}`);
}

const SENTIMENT_KEYS: Record<(typeof SENTIMENTS)[number], MessageKey> = {
  positive: "themes.feeling.positive",
  negative: "themes.feeling.negative",
  mixed: "themes.feeling.mixed",
  neutral: "themes.feeling.neutral",
};

export default function TeamThemesPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { team, waves, comments, theme, canCorrect } = page;
  const { t, say, locale } = useI18n();
  const f = formatsFor(locale);
  const themes = themesIn(t, page.themes);
  const latest = waves[waves.length - 1];
  const label = (key: string) => themes.find((th) => th.key === key)?.label ?? key;
  const shownWaves = waves.filter((w) => w.counts !== null);
  return (
    <div className="page">
      <p className="no-print">
        <Link to={`/teams/${team.id}`}>{t("gap.back", { team: team.name })}</Link>
      </p>
      <h1>{t("themes.heading", { team: team.name })}</h1>
      <p className="muted">{t("themes.intro")}</p>
      {page.corrected ? <FormMessage success={t("themes.corrected")} /> : null}
      {!latest ? (
        <Notice>{t("themes.noWave")}</Notice>
      ) : shownWaves.length === 0 ? (
        <Notice>{t("themes.shownOnly", { minimum: page.minimum })}</Notice>
      ) : (
        <ThemeChart
          title={latest.counts ? t("themes.chartTitleWave", { team: team.name, date: f.date(latest.periodStart) }) : t("themes.chartTitle", { team: team.name })}
          comments={latest.counts?.comments ?? 0}
          rows={themes.map((th) => ({
            key: th.key,
            label: th.label,
            latest: latest.counts
              ? ((c) => ({ negative: c.negative, mixed: c.mixed, neutral: c.neutral, positive: c.positive }))(latest.counts.themes.find((x) => x.theme === th.key)!.sentiment)
              : null,
            trend: waves.map((w) => ({
              period: w.periodStart,
              share: w.counts && w.counts.comments > 0 ? w.counts.themes.find((x) => x.theme === th.key)!.comments / w.counts.comments : null,
            })),
          }))}
        />
      )}
      {waves.some((w) => w.counts === null) ? (
        <ul className="muted">
          {waves
            .filter((w) => w.counts === null)
            .map((w) => (
              <li key={w.id}>{t("themes.waveNotShown", { date: f.date(w.periodStart), reason: say(w.hidden ?? "") })}</li>
            ))}
        </ul>
      ) : null}
      {latest?.counts ? (
        <section className="card" aria-labelledby="theme-comments">
          <h2 id="theme-comments">{t("themes.commentsOfWave", { date: f.date(latest.periodStart) })}</h2>
          <Form method="get" className="inline-form no-print">
            <SelectField
              name="theme"
              label={t("themes.theme")}
              defaultValue={theme ?? ""}
              options={[
                { value: "", label: t("themes.everyTheme") },
                ...themes.map((th) => ({ value: th.key, label: t("themes.option", { theme: th.label, count: latest.counts!.themes.find((x) => x.theme === th.key)!.comments }) })),
              ]}
            />
            <button type="submit" className="button button--secondary">
              {t("themes.show")}
            </button>
          </Form>
          <p className="muted">
            {theme
              ? t("themes.countAbout", { count: comments.length, total: latest.counts.comments, theme: locale === "de" ? label(theme) : label(theme).toLowerCase() })
              : t("themes.count", { count: comments.length })}{" "}
            {t("themes.randomOrder")}
          </p>
          <ul className="comments">
            {comments.map((c, i) => (
              <li key={c.id ?? i}>
                <blockquote>{c.text}</blockquote>
                <p className="muted">
                  {c.corrected
                    ? t("themes.tagsCorrected", { themes: c.themes.length > 0 ? c.themes.map(label).join(" · ") : t("themes.noTheme"), feeling: t(SENTIMENT_KEYS[c.sentiment]) })
                    : t("themes.tags", { themes: c.themes.length > 0 ? c.themes.map(label).join(" · ") : t("themes.noTheme"), feeling: t(SENTIMENT_KEYS[c.sentiment]) })}
                </p>
                {canCorrect && c.id ? (
                  <details className="no-print">
                    <summary>{t("themes.correct")}</summary>
                    {actionData?.commentId === c.id ? <FormMessage error={actionData.formError} /> : null}
                    <Form method="post">
                      <input type="hidden" name="commentId" value={c.id} />
                      <input type="hidden" name="theme" value={theme ?? ""} />
                      <fieldset>
                        <legend>{t("themes.themes")}</legend>
                        {themes.map((th) => (
                          <div className="checkbox" key={th.key}>
                            <input id={`${c.id}-${th.key}`} name="themes" type="checkbox" value={th.key} defaultChecked={c.themes.includes(th.key)} />
                            <label htmlFor={`${c.id}-${th.key}`}>{th.label}</label>
                          </div>
                        ))}
                      </fieldset>
                      <SelectField
                        id={`${c.id}-sentiment`}
                        name="sentiment"
                        label={t("themes.feeling")}
                        defaultValue={c.sentiment}
                        options={SENTIMENTS.map((s) => ({ value: s, label: t(SENTIMENT_KEYS[s]) }))}
                      />
                      <button type="submit" className="button button--secondary">
                        {t("themes.saveCorrection")}
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
