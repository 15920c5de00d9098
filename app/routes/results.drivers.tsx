import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { DriverBars } from "~/components/charts/driver-bars";
import { FormMessage, Notice, SelectField } from "~/components/forms";
import { getDrivers, parseDriversQuery, type DriverSection, type DriversQuery, type DriversView } from "~/services/drivers.server";
import { InputError } from "~/domain/errors";
import { formatsFor } from "~/domain/format";
import type { Locale } from "~/domain/locales";
import { requestLocale } from "~/services/locale.server";
import { dimensionNamesIn, itemTextsIn } from "~/services/dimension-names.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { parseSaid, said } from "~/i18n/said";
import type { Translator } from "~/i18n/translate";
import { LAGS, metricInSentence, metricLabel, PERIOD_KEYS } from "~/components/results-words";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "drivers.title", "Drivers");

type Section = DriverSection | { title: string; empty: string };

/** The view with its predictors in the page's language: Candor's items and dimensions from the item bank (results stay pooled). */
function inLanguage(view: DriversView, locale: Locale): DriversView {
  const names = dimensionNamesIn(locale);
  const texts = itemTextsIn(locale);
  const section = (part: Section, level: "items" | "dimensions"): Section => {
    if ("empty" in part) return part;
    const label = (key: string, stored: string) => (level === "items" ? texts(key, stored) : names(key, stored));
    const a = part.analysis;
    if (a.ok) return { ...part, analysis: { ...a, weights: a.weights.map((w) => ({ ...w, label: label(w.key, w.label) })) } };
    // The predictor that does not vary, named in the reason: its words in the page's language too.
    const found = a.predictor ? parseSaid(a.said) : null;
    return found && a.predictor ? { ...part, analysis: { ...a, said: said(found.key, { ...found.values, label: label(a.predictor.key, a.predictor.label) }) } } : part;
  };
  return { ...view, enps: section(view.enps, view.selection.level), outcome: section(view.outcome, "dimensions") };
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const params = new URL(request.url).searchParams;
  const locale = await requestLocale(context, request);
  const show = async (query: DriversQuery) => inLanguage(await getDrivers(context.app, user, query), locale);
  try {
    return { view: await show(parseDriversQuery(params)), error: null, fieldErrors: {} as Record<string, string> };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // A bad option: the page with the default in its place, the option marked at its field (said: the form
    // components write it in the page's language) and the refusal above the forms.
    const kept = new URLSearchParams([...params].filter(([name]) => !(name in error.fieldErrors)));
    let view: DriversView | null = null;
    try {
      view = await show(parseDriversQuery(kept));
    } catch (again) {
      if (!(again instanceof InputError)) throw again;
    }
    return data({ view, error: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
  }
}

/** The reading of an analysis in the page's language: what the predictors explain together and which carries the most. */
function reading(section: DriverSection, words: { predictors: string; criterion: string; rows: string }, { t, locale }: Translator): string {
  const a = section.analysis;
  if (!a.ok) return section.reading;
  const f = formatsFor(locale);
  const top = a.weights[0]!;
  const pct = (v: number | null) => f.percent(v);
  const interval = top.shareLow !== null && top.shareHigh !== null ? ` ${t("drivers.interval", { low: pct(top.shareLow), high: pct(top.shareHigh) })}` : "";
  // English writes the counts as the reading always did (no thousands separator).
  const count = (v: number) => (locale === "en" ? String(v) : f.count(v));
  const values = { ...words, label: top.label, r2: f.number(a.rSquared, 2), n: count(a.n), teams: count(a.teams) };
  return a.weights.length === 1 ? t("drivers.readingOne", { ...values, share: pct(a.rSquared) }) : t("drivers.readingMany", { ...values, share: pct(top.share), interval });
}

function SectionView({
  section,
  headingId,
  title,
  rows,
  words,
}: {
  section: Section;
  headingId: string;
  title: string;
  rows: string;
  words: { predictors: string; criterion: string };
}) {
  const i18n = useI18n();
  const { t, say, locale } = i18n;
  const f = formatsFor(locale);
  const stat = (v: number | null) => f.number(v, 2);
  if ("empty" in section) {
    return (
      <>
        <h2 id={headingId}>{title}</h2>
        <Notice>{say(section.empty)}</Notice>
      </>
    );
  }
  const a = section.analysis;
  return (
    <>
      <h2 id={headingId}>{title}</h2>
      <p className="lead">{a.ok ? reading(section, { ...words, rows }, i18n) : say(a.said)}</p>
      {a.ok ? (
        <>
          <DriverBars title={t("drivers.barsTitle", { title })} rows={a.weights} n={a.n} teams={a.teams} rowWords={rows} />
          <dl className="stats">
            <div>
              <dt>{t("drivers.explained")}</dt>
              <dd>
                {stat(a.rSquared)}
                {a.rSquaredLow !== null && a.rSquaredHigh !== null ? ` ${t("drivers.r2Interval", { low: stat(a.rSquaredLow), high: stat(a.rSquaredHigh) })}` : ""}
              </dd>
            </div>
            <div>
              <dt>{t("drivers.complete", { rows })}</dt>
              <dd>{f.count(a.n)}</dd>
            </div>
            <div>
              <dt>{t("drivers.teams")}</dt>
              <dd>{a.teams}</dd>
            </div>
            <div>
              <dt>{t("drivers.resamples")}</dt>
              <dd>{t("drivers.resamplesUsed", { used: f.count(a.bootstrap.used), of: f.count(a.bootstrap.replicates) })}</dd>
            </div>
          </dl>
        </>
      ) : null}
    </>
  );
}

function Method({ view }: { view: DriversView }) {
  const { t, locale } = useI18n();
  return (
    <p className="muted">
      {t("drivers.method", { replicates: formatsFor(locale).count(view.bootstrap.replicates), seed: String(view.bootstrap.seed), minTeams: view.bootstrap.minTeams })}
    </p>
  );
}

export default function Drivers() {
  const { view, error, fieldErrors } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const lags = LAGS.map((lag) => ({ value: lag.value, label: t(lag.key) }));
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">{t("results.back")}</Link>
      </p>
      <h1>{t("drivers.title")}</h1>
      <p>{t("drivers.intro")}</p>
      {error ? (
        <>
          <FormMessage error={error} />
          <p className="no-print">
            <Link to="/results/drivers">{t("drivers.startAgain")}</Link>
          </p>
        </>
      ) : null}
      {view ? (
        <>
          <section className="card" aria-labelledby="enps-drivers">
            <Form method="get" className="inline-form no-print">
              <SelectField
                name="wave"
                label={t("results.wave")}
                defaultValue={view.selection.wave ?? ""}
                options={view.waves.map((w) => ({ value: w.id, label: w.label }))}
                error={fieldErrors.wave}
              />
              <SelectField
                name="level"
                label={t("drivers.weigh")}
                defaultValue={view.selection.level}
                error={fieldErrors.level}
                options={[
                  { value: "items", label: t("drivers.level.items") },
                  { value: "dimensions", label: t("drivers.level.dimensions") },
                ]}
              />
              <input type="hidden" name="metric" value={view.selection.metric} />
              <input type="hidden" name="lag" value={String(view.selection.lag)} />
              <input type="hidden" name="period" value={view.selection.period} />
              <button type="submit" className="button button--secondary">
                {t("results.show")}
              </button>
            </Form>
            <SectionView
              section={view.enps}
              headingId="enps-drivers"
              title={view.selection.level === "items" ? t("drivers.enpsItems") : t("drivers.enpsDimensions")}
              rows={t("drivers.rows.answers")}
              words={{ predictors: view.selection.level === "items" ? t("drivers.words.questions") : t("drivers.words.dimensions"), criterion: "eNPS" }}
            />
          </section>
          <section className="card" aria-labelledby="metric-drivers">
            <Form method="get" className="inline-form no-print">
              {view.selection.wave ? <input type="hidden" name="wave" value={view.selection.wave} /> : null}
              <input type="hidden" name="level" value={view.selection.level} />
              <SelectField
                name="metric"
                label={t("explorer.metric")}
                defaultValue={view.selection.metric}
                options={view.metrics.map((m) => ({ value: m.key, label: metricLabel(t, m.key, m.label) }))}
                error={fieldErrors.metric}
              />
              <SelectField name="lag" label={t("explorer.measured")} defaultValue={String(view.selection.lag)} options={lags} error={fieldErrors.lag} />
              <SelectField
                name="period"
                label={t("explorer.periods")}
                defaultValue={view.selection.period}
                error={fieldErrors.period}
                options={view.periods.map((p) => ({ value: p.key, label: PERIOD_KEYS[p.key] ? t(PERIOD_KEYS[p.key]!) : p.label }))}
              />
              <button type="submit" className="button button--secondary">
                {t("results.show")}
              </button>
            </Form>
            <SectionView
              section={view.outcome}
              headingId="metric-drivers"
              title={t("drivers.outcomeTitle", { metric: metricInSentence(t, locale, view.selection.metric) })}
              rows={t("drivers.rows.teamPeriods")}
              words={{ predictors: t("drivers.words.dimensions"), criterion: metricInSentence(t, locale, view.selection.metric) }}
            />
          </section>
          <Method view={view} />
        </>
      ) : null}
    </div>
  );
}
