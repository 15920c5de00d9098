import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getHomeSummary } from "~/services/home.server";

export async function loader({ context }: LoaderFunctionArgs) {
  return getHomeSummary(context.app);
}

export default function Home() {
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <main className="page page--narrow" id="main">
      <h1>Candor</h1>
      <p>
        Culture and coaching for sales teams. Reps answer short anonymous pulses, managers see how their view of the
        team compares with the team&apos;s own, and results are linked to pipeline and win rate.
      </p>
      {organisations.length === 0 ? (
        <p className="muted">No organisation has been set up yet.</p>
      ) : (
        <section className="card" aria-labelledby="orgs">
          <h2 id="orgs">Organisations on this installation</h2>
          <ul>
            {organisations.map((org) => (
              <li key={org.slug}>{org.name}</li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
