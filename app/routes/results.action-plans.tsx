import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { getActionPlanRollup } from "~/services/action-plan-rollup.server";
import { TableWrap } from "~/components/table-wrap";
import { requestLocale } from "~/services/locale.server";
import { dimensionNamesIn } from "~/services/dimension-names.server";
import { formatsFor } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import type { MessageKey } from "~/i18n/translate";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "actionPlan.title", "Action plans");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const [rollup, locale] = await Promise.all([getActionPlanRollup(context.app, user), requestLocale(context, request)]);
  const names = dimensionNamesIn(locale);
  return { rollup: { ...rollup, plans: rollup.plans.map((p) => ({ ...p, dimension: names(p.dimensionKey, p.dimension) })) } };
}

const STATUS: Record<string, MessageKey> = { open: "actionPlan.status.open", done: "actionPlan.status.done", dropped: "actionPlan.status.dropped" };

export default function ActionPlans() {
  const { rollup } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const f = formatsFor(locale);
  const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${f.number(Math.abs(v), 2)}`;
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">{t("results.back")}</Link>
      </p>
      <h1>{t("actionPlan.title")}</h1>
      {rollup.plans.length === 0 ? (
        <Notice>{t("actionPlan.rollup.none")}</Notice>
      ) : (
        <>
          <p>{t("actionPlan.rollup.intro", { teams: rollup.committedTeams, actions: rollup.plans.length })}</p>
          <TableWrap label={t("actionPlan.rollup.table")}>
            <table>
              <caption className="visually-hidden">{t("actionPlan.rollup.table")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("actionPlan.rollup.team")}</th>
                  <th scope="col">{t("actionPlan.rollup.dimension")}</th>
                  <th scope="col">{t("actionPlan.rollup.action")}</th>
                  <th scope="col">{t("actionPlan.rollup.owner")}</th>
                  <th scope="col">{t("actionPlan.rollup.review")}</th>
                  <th scope="col">{t("actionPlan.rollup.status")}</th>
                  <th scope="col" className="num">
                    {t("actionPlan.rollup.scoreThen")}
                  </th>
                  <th scope="col" className="num">
                    {t("actionPlan.rollup.moved")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rollup.plans.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/teams/${p.team.id}/guide`}>{p.team.name}</Link>
                    </th>
                    <td>{p.dimension}</td>
                    <td>{p.action}</td>
                    <td>{p.owner}</td>
                    <td>{p.reviewOn}</td>
                    <td>{STATUS[p.status] ? t(STATUS[p.status]!) : p.status}</td>
                    <td className="num">{p.scoreThen === null ? t("actionPlan.rollup.hidden") : f.number(p.scoreThen, 2)}</td>
                    <td className="num">{p.moved === null ? (p.scoresSince.length === 0 ? t("actionPlan.rollup.noWaveSince") : "—") : signed(p.moved)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </div>
  );
}
