import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { getCoachingPriorities } from "~/services/coaching.server";

export const meta: MetaFunction = () => [{ title: "Coaching priorities · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return { view: await getCoachingPriorities(context.app, user) };
}

const KIND_LABELS = { low: "Low score", falling: "Falling", gap: "Blind spot", crm: "Culture and CRM" } as const;

export default function Coaching() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="no-print">
        <Link to="/results">← Results across the organisation</Link>
      </p>
      <h1>Coaching priorities</h1>
      {!view.wave ? (
        <Notice>No wave has closed yet. Priorities appear when the first pulse closes.</Notice>
      ) : (
        <>
          <p>
            From {view.wave.programName}, wave of {view.wave.periodStart}
            {view.crmPeriod ? `, and CRM results for the quarter starting ${view.crmPeriod}` : " (no CRM data yet, so no culture-and-CRM signals)"}.{" "}
            {view.teamsConsidered} teams had results to consider; teams whose results are hidden give no signals.
          </p>
          {view.priorities.length === 0 ? (
            <Notice>No team stands out: none is in the lowest quarter, falling, or far from its manager&apos;s view.</Notice>
          ) : (
            <ol className="priority-list">
              {view.priorities.map((p) => (
                <li key={p.teamId} className="card">
                  <h2 className="priority-list__team">
                    <Link to={`/teams/${p.teamId}`}>{p.teamName}</Link> <span className="muted">· {p.reasons.length} signal{p.reasons.length === 1 ? "" : "s"}</span>
                  </h2>
                  <ul>
                    {p.reasons.map((r, i) => (
                      <li key={i}>
                        <span className={`badge badge--${r.kind === "falling" || r.kind === "crm" ? "bad" : "warn"}`}>{KIND_LABELS[r.kind]}</span> {r.text}
                      </li>
                    ))}
                  </ul>
                  <p className="no-print">
                    <Link to={`/teams/${p.teamId}/guide`}>Conversation guide and action plan</Link>
                  </p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}
