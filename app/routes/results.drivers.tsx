// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { DriverBars } from "~/components/charts/driver-bars";
import { Notice, SelectField } from "~/components/forms";
import { getDrivers, parseDriversQuery, type DriverSection, type DriversView } from "~/services/drivers.server";
import { InputError } from "~/domain/errors";
import { formatCount, formatInterval, formatStatistic } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Drivers · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  try {
    const query = parseDriversQuery(new URL(request.url).searchParams);
    return { view: await getDrivers(context.app, user, query), error: null };
  } catch (error) {
    if (error instanceof InputError) return data({ view: null, error: error.message }, { status: 400 });
    throw error;
  }
}

const LAGS = [
  { value: "0", label: "Same period" },
  { value: "1", label: "One period later" },
  { value: "2", label: "Two periods later" },
  { value: "3", label: "Three periods later" },
];

function Section({ section, headingId }: { section: DriverSection | { title: string; empty: string }; headingId: string }) {
  if ("empty" in section) {
    return (
      <>
        <h2 id={headingId}>{section.title}</h2>
        <Notice>{section.empty}</Notice>
      </>
    );
  }
  const a = section.analysis;
  return (
    <>
      <h2 id={headingId}>{section.title}</h2>
      <p className="lead">{section.reading}</p>
      {a.ok ? (
        <>
          <DriverBars title={`${section.title}: shares of R²`} rows={a.weights} n={a.n} teams={a.teams} rowWords={section.rows} />
          <dl className="stats">
            <div>
              <dt>Explained together (R²)</dt>
              <dd>
                {formatStatistic(a.rSquared)}
                {a.rSquaredLow !== null && a.rSquaredHigh !== null ? ` (95% interval ${formatInterval(a.rSquaredLow, a.rSquaredHigh, formatStatistic)})` : ""}
              </dd>
            </div>
            <div>
              <dt>Complete {section.rows} (n)</dt>
              <dd>{formatCount(a.n)}</dd>
            </div>
            <div>
              <dt>Teams</dt>
              <dd>{a.teams}</dd>
            </div>
            <div>
              <dt>Resamples used</dt>
              <dd>
                {formatCount(a.bootstrap.used)} of {formatCount(a.bootstrap.replicates)}
              </dd>
            </div>
          </dl>
        </>
      ) : null}
    </>
  );
}

function Method({ view }: { view: DriversView }) {
  return (
    <p className="muted">
      Relative weights (Johnson, 2000) split what the questions or dimensions explain together (R²) into one share each, even when they move together. Intervals are 95% percentile
      intervals from {formatCount(view.bootstrap.replicates)} resamples of whole teams (seed {view.bootstrap.seed}), so the same data always give the same figures. Only teams whose
      results passed the anonymity rules enter, and only answers (or team-periods) with every question answered; at least {view.bootstrap.minTeams} teams are needed. A large share
      is a place to look, not a cause.
    </p>
  );
}

export default function Drivers() {
  const { view, error } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">← Results across the organisation</Link>
      </p>
      <h1>Drivers</h1>
      <p>Which questions go with eNPS, and which culture dimensions go with each sales metric: of what they explain together, how much each carries.</p>
      {error || !view ? (
        <Notice tone="error">
          {error} <Link to="/results/drivers">Start again with the defaults</Link>.
        </Notice>
      ) : (
        <>
          <section className="card" aria-labelledby="enps-drivers">
            <Form method="get" className="inline-form no-print">
              <SelectField name="wave" label="Wave" defaultValue={view.selection.wave ?? ""} options={view.waves.map((w) => ({ value: w.id, label: w.label }))} />
              <SelectField
                name="level"
                label="Weigh"
                defaultValue={view.selection.level}
                options={[
                  { value: "items", label: "Each question" },
                  { value: "dimensions", label: "Each dimension" },
                ]}
              />
              <input type="hidden" name="metric" value={view.selection.metric} />
              <input type="hidden" name="lag" value={String(view.selection.lag)} />
              <input type="hidden" name="period" value={view.selection.period} />
              <button type="submit" className="button button--secondary">
                Show
              </button>
            </Form>
            <Section section={view.enps} headingId="enps-drivers" />
          </section>
          <section className="card" aria-labelledby="metric-drivers">
            <Form method="get" className="inline-form no-print">
              {view.selection.wave ? <input type="hidden" name="wave" value={view.selection.wave} /> : null}
              <input type="hidden" name="level" value={view.selection.level} />
              <SelectField name="metric" label="CRM metric" defaultValue={view.selection.metric} options={view.metrics.map((m) => ({ value: m.key, label: m.label }))} />
              <SelectField name="lag" label="Metric measured" defaultValue={String(view.selection.lag)} options={LAGS} />
              <SelectField name="period" label="Periods" defaultValue={view.selection.period} options={view.periods.map((p) => ({ value: p.key, label: p.label }))} />
              <button type="submit" className="button button--secondary">
                Show
              </button>
            </Form>
            <Section section={view.outcome} headingId="metric-drivers" />
          </section>
          <Method view={view} />
        </>
      )}
    </div>
  );
}
