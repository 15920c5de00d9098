// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { isSignal, PLAY_DIMENSIONS, SIGNAL_LABELS } from "~/domain/playbook";
import { canEditPlays, listPlays } from "~/services/playbook.server";

export const meta: MetaFunction = () => [{ title: "Playbook · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const url = new URL(request.url);
  const asked = url.searchParams.get("dimension");
  const dimension = PLAY_DIMENSIONS.some((d) => d.key === asked) ? asked : null;
  const canEdit = canEditPlays(user);
  const plays = await listPlays(context.app, user, { dimension, includeArchived: canEdit });
  const card = (p: (typeof plays)[number]) => ({
    id: p.id,
    title: p.title,
    summary: p.summary,
    cadence: p.cadence,
    dimensionKeys: p.dimensionKeys,
    signals: p.signals,
    source: p.source,
  });
  return {
    dimension,
    canEdit,
    plays: plays.filter((p) => !p.archivedAt).map(card),
    archived: plays.filter((p) => p.archivedAt).map(card),
  };
}

const dimensionName = (key: string) => PLAY_DIMENSIONS.find((d) => d.key === key)?.name ?? key;

type Card = ReturnType<typeof useLoaderData<typeof loader>>["plays"][number];

function PlayCard({ play }: { play: Card }) {
  return (
    <li className="card play-card">
      <h2 className="play-card__title">
        <Link to={`/playbook/${play.id}`}>{play.title}</Link>
      </h2>
      <p>{play.summary}</p>
      <p className="muted">
        {play.cadence} · {play.dimensionKeys.map(dimensionName).join(", ")}
        {play.source === "custom" ? " · your organisation's own" : ""}
      </p>
      {play.signals.length > 0 ? (
        <p className="play-card__signals">
          {play.signals.filter(isSignal).map((s) => (
            <span key={s} className="badge badge--neutral">
              {SIGNAL_LABELS[s]}
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

export default function Playbook() {
  const { dimension, canEdit, plays, archived } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Playbook</h1>
      <p>
        Plays a manager can run with their team: what to do, how often, and what a good result looks like. Team pages and coaching priorities recommend plays from the team&apos;s
        own signals.
      </p>
      {canEdit ? (
        <p className="no-print">
          <Link to="/playbook/new" className="button">
            Add a play
          </Link>
        </p>
      ) : null}
      <Form method="get" className="inline-form no-print" aria-label="Filter plays">
        <div className="field">
          <label htmlFor="filter-dimension">Dimension</label>
          <select id="filter-dimension" name="dimension" defaultValue={dimension ?? ""}>
            <option value="">All dimensions</option>
            {PLAY_DIMENSIONS.map((d) => (
              <option key={d.key} value={d.key}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </Form>
      {plays.length === 0 ? (
        <Notice>No play addresses {dimension ? dimensionName(dimension).toLowerCase() : "these dimensions"} yet.</Notice>
      ) : (
        <ul className="play-list">
          {plays.map((p) => (
            <PlayCard key={p.id} play={p} />
          ))}
        </ul>
      )}
      {canEdit && archived.length > 0 ? (
        <details className="card">
          <summary>Archived plays ({archived.length})</summary>
          <ul className="play-list">
            {archived.map((p) => (
              <PlayCard key={p.id} play={p} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
