import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { NotFoundError } from "~/domain/errors";
import { FormMessage, Notice } from "~/components/forms";
import { CADENCE_LABELS } from "~/domain/schedule";
import { closeWaveNow, getProgramDetail, setProgramPaused } from "~/services/programs.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.name ?? "Program"} · Candor` }];

const ProgramActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["pause", "resume"]) }),
  z.object({ intent: z.literal("close-wave"), waveId: z.string().uuid() }),
]);
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const detail = await getProgramDetail(context.app, user, params.programId ?? "");
  if (!detail) throw new NotFoundError("There is no such pulse program.");
  return detail;
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  if (!(await getProgramDetail(context.app, user, params.programId ?? ""))) throw new NotFoundError("There is no such pulse program.");
  const parsed = parseForm(ProgramActionSchema, await readForm(request));
  if (!parsed.success) return data(parsed.errors, { status: 400 });
  const input = parsed.data;
  const result = await attempt(() =>
    input.intent === "close-wave"
      ? closeWaveNow(context.app, user, params.programId!, input.waveId)
      : setProgramPaused(context.app, user, params.programId!, input.intent === "pause"),
  );
  if (!result.ok) return refused(result);
  return { formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function ProgramPage() {
  const { program, items, teams, minutes, maxMinutes, waves } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const result = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/programs">← Pulse programs</Link>
      </p>
      <h1>{program.name}</h1>
      {search.get("opened") ? <Notice tone="success">The first wave is open and the invitations have gone out.</Notice> : null}
      <FormMessage error={result?.formError} />
      <p className="muted">
        {program.source === "history" ? "Imported past results" : `${CADENCE_LABELS[program.cadence]}, from ${program.startsOn}, open ${program.openDays} days`}
        {program.reminderDays.length > 0 ? `, reminders on days ${program.reminderDays.join(", ")}` : ""} · {items.length} questions, about {minutes} minutes
        {minutes > maxMinutes ? ` (over ${maxMinutes}: consider fewer items)` : ""} · {program.active ? "running" : "paused"}
      </p>
      {program.source === "scheduled" ? (
        <Form method="post">
          <input type="hidden" name="intent" value={program.active ? "pause" : "resume"} />
          <button type="submit" className="button button--secondary">
            {program.active ? "Pause the program" : "Resume the program"}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="waves-h">
        <h2 id="waves-h">Waves</h2>
        {waves.length === 0 ? (
          <p className="muted">No wave has opened yet. The first opens on {program.startsOn}.</p>
        ) : (
          <TableWrap label={`Waves of ${program.name}`}>
            <table>
              <caption className="visually-hidden">Waves of {program.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Status</th>
                  <th scope="col">Closes</th>
                  <th scope="col" className="num">
                    Asked
                  </th>
                  <th scope="col" className="num">
                    Answered
                  </th>
                  <th scope="col">Managers&apos; self-assessments</th>
                  <th scope="col">Thresholds (locked)</th>
                </tr>
              </thead>
              <tbody>
                {waves.map((w) => (
                  <tr key={w.id}>
                    <td>{w.periodStart}</td>
                    <td>
                      {w.status === "open" ? (
                        <>
                          <span className="badge badge--open">Open</span>
                          <Form method="post" className="inline">
                            <input type="hidden" name="intent" value="close-wave" />
                            <input type="hidden" name="waveId" value={w.id} />
                            <button type="submit" className="link-button">
                              Close now<span className="visually-hidden"> the wave of {w.periodStart}</span>
                            </button>
                          </Form>
                        </>
                      ) : (
                        "Closed"
                      )}
                    </td>
                    <td>{dateFormat.format(new Date(new Date(w.closesAt).getTime() - 1))}</td>
                    <td className="num">{w.invited}</td>
                    <td className="num">
                      {w.status === "closed"
                        ? `${w.answered ?? 0} (${Math.round((w.responseRate ?? 0) * 100)}%)`
                        : w.answeredAtLeast === null
                          ? `fewer than ${w.minGroupSize} before today`
                          : `at least ${w.answeredAtLeast} of ${w.invited} before today`}
                    </td>
                    <td>{w.managersAsked === 0 ? "—" : `${w.managersAnswered} of ${w.managersAsked} (${Math.round((w.managersAnswered / w.managersAsked) * 100)}%)`}</td>
                    <td>
                      scores {w.minGroupSize}, comments {w.minCommentGroupSize}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {waves.some((w) => w.status === "open") ? (
          <p className="muted">
            While a wave is open, answers are counted up to the start of today and shown in steps of the wave&apos;s minimum group (e.g. &ldquo;at least 10&rdquo; with a minimum of
            5), so that nobody can watch one person&apos;s answer arrive. The exact count appears when the wave closes.
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="teams-h">
        <h2 id="teams-h">Teams asked</h2>
        <ul>
          {teams.map((t) => (
            <li key={t.id}>
              {t.name}
              {t.includeSubteams ? " and the teams inside it" : ""}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="items-h">
        <h2 id="items-h">Questions</h2>
        <ol>
          {items.map((i) => (
            <li key={i.id}>
              <span className="badge">{i.code}</span> {i.text}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
