import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FormMessage, Notice } from "~/components/forms";
import { PlayForm, PlayFormSchema } from "~/components/play-form";
import { isSignal, PLAY_DIMENSIONS, SIGNAL_LABELS } from "~/domain/playbook";
import { archivePlay, canEditPlays, getPlay, updatePlay } from "~/services/playbook.server";
import { attempt } from "~/http/errors.server";
import { parseForm, readForm } from "~/http/forms.server";
import { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.play.title ?? "Play"} · Candor` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { createdAt: _createdAt, ...play } = await getPlay(context.app, user, params.playId ?? "");
  return { play: { ...play, archivedAt: play.archivedAt?.toISOString().slice(0, 10) ?? null, updatedAt: play.updatedAt.toISOString().slice(0, 10) }, canEdit: canEditPlays(user) };
}

const PlayActionSchema = PlayFormSchema.extend({ intent: z.enum(["save", "archive", "restore"]).default("save") });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const playId = params.playId ?? "";
  const parsed = parseForm(PlayActionSchema, await readForm(request));
  if (!parsed.success) return data({ formError: parsed.errors.formError, fieldErrors: parsed.errors.fieldErrors, values: null }, { status: 400 });
  const { intent, ...values } = parsed.data;
  const result = await attempt(async () => {
    if (intent === "archive" || intent === "restore") {
      await archivePlay(context.app, user, playId, intent === "archive");
      return `/playbook/${playId}?${intent === "archive" ? "archived" : "restored"}=1`;
    }
    await updatePlay(context.app, user, playId, values);
    return `/playbook/${playId}?saved=1`;
  });
  if (!result.ok) return data({ formError: result.formError, fieldErrors: result.fieldErrors, values }, { status: result.status });
  return redirect(result.value);
}

const dimensionName = (key: string) => PLAY_DIMENSIONS.find((d) => d.key === key)?.name ?? key;

export default function PlayPage() {
  const { play, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const success = search.get("saved")
    ? "Play saved."
    : search.get("archived")
      ? "Play archived: it is no longer recommended."
      : search.get("restored")
        ? "Play back in the library."
        : undefined;
  return (
    <div className="page page--narrow">
      <p className="no-print">
        <Link to="/playbook">← Playbook</Link>
      </p>
      <h1>{play.title}</h1>
      {result ? null : <FormMessage success={success} />}
      {play.archivedAt ? <Notice tone="warning">Archived on {play.archivedAt}: this play is not in the library and is not recommended.</Notice> : null}
      <p className="lead">{play.summary}</p>
      <section className="card" aria-labelledby="what">
        <h2 id="what">What the manager does</h2>
        <p>{play.managerDoes}</p>
        <dl className="facts">
          <dt>How often</dt>
          <dd>{play.cadence}</dd>
          <dt>Good result</dt>
          <dd>{play.goodResult}</dd>
          <dt>Dimensions</dt>
          <dd>{play.dimensionKeys.map(dimensionName).join(", ")}</dd>
          <dt>Signals</dt>
          <dd>
            {play.signals
              .filter(isSignal)
              .map((s) => SIGNAL_LABELS[s])
              .join(", ") || "none"}
          </dd>
          <dt>From</dt>
          <dd>
            {play.source === "candor" ? "Candor's default library" : "your organisation"}, last changed {play.updatedAt}
          </dd>
        </dl>
      </section>
      {canEdit ? (
        <>
          <details className="card no-print" open={Boolean(result)}>
            <summary>Edit this play</summary>
            <PlayForm values={result?.values ?? play} formError={result?.formError} fieldErrors={result?.fieldErrors ?? {}} submitLabel="Save the play" />
          </details>
          <Form method="post" className="no-print">
            <button type="submit" name="intent" value={play.archivedAt ? "restore" : "archive"} className={play.archivedAt ? "button" : "button button--secondary"}>
              {play.archivedAt ? "Bring back into the library" : "Archive this play"}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
