// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { getActionPlanRollup } from "~/services/action-plan-rollup.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Action plans · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return { rollup: await getActionPlanRollup(context.app, user) };
}

const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(2)}`;

export default function ActionPlans() {
  const { rollup } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">← Results across the organisation</Link>
      </p>
      <h1>Action plans</h1>
      {rollup.plans.length === 0 ? (
        <Notice>No team has made an action plan yet. Managers make them from their team&apos;s conversation guide.</Notice>
      ) : (
        <>
          <p>
            {rollup.committedTeams} team{rollup.committedTeams === 1 ? "" : "s"} committed to {rollup.plans.length} action{rollup.plans.length === 1 ? "" : "s"}. &quot;Moved&quot;
            is the targeted score in the latest wave since the plan against the wave that prompted it (hidden scores stay hidden).
          </p>
          <TableWrap label="Action plans of every team">
            <table>
              <caption className="visually-hidden">Action plans of every team</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Dimension</th>
                  <th scope="col">What they will try</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Review</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Score then
                  </th>
                  <th scope="col" className="num">
                    Moved
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
                    <td>{p.status}</td>
                    <td className="num">{p.scoreThen === null ? "hidden" : p.scoreThen.toFixed(2)}</td>
                    <td className="num">{p.moved === null ? (p.scoresSince.length === 0 ? "no wave since" : "—") : signed(p.moved)}</td>
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
