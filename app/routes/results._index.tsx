// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Heatmap } from "~/components/charts/heatmap";
import { SelectField, Notice } from "~/components/forms";
import { getOrgHeatmap } from "~/services/results.server";

export const meta: MetaFunction = () => [{ title: "Results · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const url = new URL(request.url);
  const waveId = url.searchParams.get("wave") || undefined;
  const mode: "score" | "change" = url.searchParams.get("mode") === "change" ? "change" : "score";
  return { heatmap: await getOrgHeatmap(context.app, user, waveId && /^[0-9a-f-]{36}$/i.test(waveId) ? waveId : undefined), mode };
}

export default function Results() {
  const { heatmap, mode } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Results across the organisation</h1>
      <p className="no-print">
        <Link to="/results/explorer">Culture and outcomes explorer</Link> · <Link to="/results/drivers">Drivers</Link> · <Link to="/results/coaching">Coaching priorities</Link> ·{" "}
        <Link to="/results/action-plans">Action plans</Link> · <Link to="/results/themes">Comment themes</Link> · <Link to="/training">Manager training</Link>
      </p>
      {!heatmap.wave ? (
        <Notice>No wave has closed yet. Results appear when the first pulse closes.</Notice>
      ) : (
        <>
          <Form method="get" className="inline-form no-print">
            <SelectField name="wave" label="Wave" defaultValue={heatmap.wave.id} options={heatmap.waves.map((w) => ({ value: w.id, label: w.label }))} />
            <SelectField
              name="mode"
              label="Colour by"
              defaultValue={mode}
              options={[
                { value: "score", label: "Score" },
                { value: "change", label: "Change since the previous wave" },
              ]}
            />
            <button type="submit" className="button button--secondary">
              Show
            </button>
          </Form>
          <Heatmap
            title={`${heatmap.wave.programName}, wave of ${heatmap.wave.periodStart}: ${mode === "score" ? "scores" : `change since ${heatmap.previousWave?.periodStart ?? "the previous wave"}`}`}
            mode={mode}
            columns={heatmap.dimensions.map((d) => ({ key: d.key, label: d.name, higherIsBetter: d.higherIsBetter }))}
            rows={heatmap.rows.map((r) => ({
              id: r.id,
              label: r.label,
              depth: r.depth,
              cells: Object.fromEntries(
                Object.entries(r.cells).map(([k, c]) => [k, { value: c.score.mean, change: c.change?.diff ?? null, n: c.score.n, hidden: c.score.hidden }]),
              ),
            }))}
          />
          <p className="muted">
            Hidden cells and rows keep their place and say why: the group had fewer answers than the minimum reporting group locked on this wave, or showing it would let someone
            work out a smaller group by subtracting it from its parent. Answers (n) is the most answers any dimension of the row had.
          </p>
        </>
      )}
    </div>
  );
}
