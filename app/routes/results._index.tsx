import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Heatmap } from "~/components/charts/heatmap";
import { SelectField, Notice } from "~/components/forms";
import { getOrgHeatmap } from "~/services/results.server";
import { requestLocale } from "~/services/locale.server";
import { dimensionNamesIn } from "~/services/dimension-names.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "results.title", "Results");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const url = new URL(request.url);
  const waveId = url.searchParams.get("wave") || undefined;
  const mode: "score" | "change" = url.searchParams.get("mode") === "change" ? "change" : "score";
  const [heatmap, locale] = await Promise.all([getOrgHeatmap(context.app, user, waveId && /^[0-9a-f-]{36}$/i.test(waveId) ? waveId : undefined), requestLocale(context, request)]);
  const names = dimensionNamesIn(locale);
  return { heatmap: { ...heatmap, dimensions: heatmap.dimensions.map((d) => ({ ...d, name: names(d.key, d.name) })) }, mode };
}

export default function Results() {
  const { heatmap, mode } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("results.heading")}</h1>
      <p className="no-print">
        <Link to="/results/explorer">{t("results.nav.explorer")}</Link> · <Link to="/results/drivers">{t("results.nav.drivers")}</Link> ·{" "}
        <Link to="/results/coaching">{t("results.nav.coaching")}</Link> · <Link to="/results/action-plans">{t("results.nav.actionPlans")}</Link> ·{" "}
        <Link to="/results/themes">{t("results.nav.themes")}</Link> · <Link to="/training">{t("results.nav.training")}</Link>
      </p>
      {!heatmap.wave ? (
        <Notice>{t("results.noWave")}</Notice>
      ) : (
        <>
          <Form method="get" className="inline-form no-print">
            <SelectField name="wave" label={t("results.wave")} defaultValue={heatmap.wave.id} options={heatmap.waves.map((w) => ({ value: w.id, label: w.label }))} />
            <SelectField
              name="mode"
              label={t("results.colourBy")}
              defaultValue={mode}
              options={[
                { value: "score", label: t("results.mode.score") },
                { value: "change", label: t("results.mode.change") },
              ]}
            />
            <button type="submit" className="button button--secondary">
              {t("results.show")}
            </button>
          </Form>
          <Heatmap
            title={
              mode === "score"
                ? t("results.heatmapScores", { program: heatmap.wave.programName, period: heatmap.wave.periodStart })
                : heatmap.previousWave
                  ? t("results.heatmapChangeSince", { program: heatmap.wave.programName, period: heatmap.wave.periodStart, previous: heatmap.previousWave.periodStart })
                  : t("results.heatmapChange", { program: heatmap.wave.programName, period: heatmap.wave.periodStart })
            }
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
          <p className="muted">{t("results.hiddenNote")}</p>
        </>
      )}
    </div>
  );
}
