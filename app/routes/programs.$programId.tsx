// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatDate, formatLastDay } from "~/domain/format";
import { NotFoundError } from "~/domain/errors";
import { plural } from "~/domain/plural";
import { Field, FormMessage, Notice } from "~/components/forms";
import { ProgramErrorSummary, ProgramFields, programFieldsSchema, type ProgramFormValues } from "~/components/program-form";
import { getItemBank } from "~/services/instrument.server";
import { closeWaveNow, getProgramDetail, getProgramFormContext, setProgramPaused, updateProgram } from "~/services/programs.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { TableWrap } from "~/components/table-wrap";
import { RotationSummary } from "~/components/program-preview";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.name ?? "Program"} · Candor` }];

const ProgramActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["pause", "resume"]) }),
  z.object({ intent: z.literal("close-wave"), waveId: z.string().uuid() }),
  // Edit: the form's shape only; the service checks every field at once.
  programFieldsSchema.extend({ intent: z.literal("edit") }),
]);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const detail = await getProgramDetail(context.app, user, params.programId ?? "");
  if (!detail) throw new NotFoundError("There is no such pulse program.");
  const [bank, teams, plan] = await Promise.all([getItemBank(context.app, user), getTeamTree(context.app, user), getProgramFormContext(context.app, user)]);
  return {
    ...detail,
    form: {
      bank,
      teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth })),
      // This program's own audience is no reason to warn about itself.
      plan: {
        tree: plan.tree,
        minGroupSize: plan.minGroupSize,
        running: plan.running.filter((p) => p.id !== detail.program.id),
        today: plan.today,
        fiscalStartMonth: plan.fiscalStartMonth,
      },
    },
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  if (!(await getProgramDetail(context.app, user, params.programId ?? ""))) throw new NotFoundError("There is no such pulse program.");
  const parsed = parseForm(ProgramActionSchema, await readForm(request));
  if (!parsed.success) return data(parsed.errors, { status: 400 });
  const input = parsed.data;
  // What the edit form sent, shown again when it is refused (without JavaScript the page is drawn anew).
  const values: ProgramFormValues | null =
    input.intent === "edit"
      ? { ...input, dimensionKeys: input.dimensionKeys.slice(0, 100), itemCodes: input.itemCodes.slice(0, 500), teamIds: input.teamIds.slice(0, 2000) }
      : null;
  const result = await attempt(async () => {
    if (input.intent === "edit") {
      const { intent: _edit, ...draft } = input;
      const { openedWave } = await updateProgram(context.app, user, params.programId!, draft);
      return `/programs/${params.programId}?${openedWave ? "opened=1" : "changed=1"}`;
    }
    if (input.intent === "close-wave") await closeWaveNow(context.app, user, params.programId!, input.waveId);
    else await setProgramPaused(context.app, user, params.programId!, input.intent === "pause");
    return null;
  });
  const intent: string = input.intent;
  if (!result.ok) return refused(result, { intent, values });
  if (result.value) throw redirect(result.value);
  return { intent, values: null, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function ProgramPage() {
  const { program, items, teams, minutes, maxMinutes, waves, reps, warnings, schedule, nextWaveOn, editDefaults, form, rotation } = useLoaderData<typeof loader>();
  const rotated = rotation && rotation.cycle > 1 ? rotation : null;
  const waveMinutes = rotated ? Math.max(...rotated.slots.map((s) => s.minutes)) : minutes;
  const [search] = useSearchParams();
  const result = useActionData<typeof action>();
  const editResult = result && "intent" in result && result.intent === "edit" ? result : undefined;
  const otherResult = result && !editResult ? result : undefined;
  // Remix's types keep one branch of the action's data() answers; the refused edit carries what was sent.
  const sent = (editResult as { values?: ProgramFormValues | null } | undefined)?.values ?? null;
  const saving = useNavigation().formData?.get("intent") === "edit";
  return (
    <div className="page">
      <p>
        <Link to="/programs">← Pulse programs</Link>
      </p>
      <h1>{program.name}</h1>
      {search.get("opened") ? <Notice tone="success">The first wave is open and the invitations have gone out.</Notice> : null}
      {search.get("changed") ? (
        <Notice tone="success">Changes saved. They apply to the waves that open from now on; waves already open or closed keep their questions, teams and dates.</Notice>
      ) : null}
      <FormMessage error={otherResult?.formError} />
      <p className="muted">
        {schedule ?? "Imported past results"} · {plural(items.length, "question")}
        {rotated ? `, taking turns: each wave asks ${rotated.slots.map((s) => s.codes.length).join(" or ")}` : ""}, about {plural(waveMinutes, "minute")} a wave
        {waveMinutes > maxMinutes ? ` (over ${maxMinutes}: consider fewer items${rotation ? "" : " or rotating them"})` : ""} · {plural(reps, "rep")} asked ·{" "}
        {program.active ? "running" : "paused"}
        {nextWaveOn ? ` · next wave opens on ${nextWaveOn}` : ""}
      </p>
      {warnings.length > 0 ? (
        <div className="notice notice--warning">
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="card program-edit" id="edit" open={Boolean(editResult) || search.get("edit") === "1"}>
        <summary>Change the program</summary>
        {program.source === "history" ? (
          <p className="field__hint">Imported past results keep their questions, teams and dates; only the name can change.</p>
        ) : (
          <p className="field__hint">
            Changes apply to the waves that open from now on. Waves already open or closed keep their questions, teams, dates and thresholds, so their results stay as they were.
            New reminder days also apply to the wave that is open now.
          </p>
        )}
        <ProgramErrorSummary message={editResult?.formError} errors={editResult?.fieldErrors ?? {}} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="edit" />
          {program.source === "history" ? (
            <Field name="name" label="Name" defaultValue={sent?.name ?? editDefaults.name} error={editResult?.fieldErrors?.name} />
          ) : (
            <ProgramFields bank={form.bank} teams={form.teams} plan={form.plan} values={sent ?? editDefaults} errors={editResult?.fieldErrors ?? {}} />
          )}
          <button type="submit" className="button" disabled={saving}>
            Save changes
          </button>
        </Form>
      </details>
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
          <p className="muted">No wave has opened yet. The first opens on {formatDate(program.startsOn)}.</p>
        ) : (
          <TableWrap label={`Waves of ${program.name}`}>
            <table>
              <caption className="visually-hidden">Waves of {program.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Status</th>
                  <th scope="col">Closes</th>
                  <th scope="col">Questions asked</th>
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
                    <td>{formatDate(w.periodStart)}</td>
                    <td>
                      {w.status === "open" ? (
                        <>
                          <span className="badge badge--open">Open</span>
                          <Form method="post" className="inline">
                            <input type="hidden" name="intent" value="close-wave" />
                            <input type="hidden" name="waveId" value={w.id} />
                            <button type="submit" className="link-button">
                              Close now<span className="visually-hidden"> the wave of {formatDate(w.periodStart)}</span>
                            </button>
                          </Form>
                        </>
                      ) : (
                        "Closed"
                      )}
                    </td>
                    <td>{formatLastDay(w.closesAt)}</td>
                    <td>
                      <details>
                        <summary>
                          {w.askedCodes.length}
                          {w.rotationSlot !== null ? `, turn ${w.rotationSlot + 1}` : ""}
                          <span className="visually-hidden"> questions in the wave of {formatDate(w.periodStart)}</span>
                        </summary>
                        {w.askedCodes.join(", ")}
                      </details>
                    </td>
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
              {t.includeSubteams ? " and the teams inside it" : ""} <span className="muted">({plural(t.reps, "rep")} today)</span>
            </li>
          ))}
        </ul>
      </section>
      {rotation ? (
        <section className="card" aria-labelledby="rotation-h">
          <h2 id="rotation-h">Rotation</h2>
          <RotationSummary rotation={rotation} fullMinutes={minutes} questions={items.filter((i) => !i.retiredAt).length} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="items-h">
        <h2 id="items-h">What reps are asked</h2>
        <ol>
          {items.map((i) => (
            <li key={i.id}>{i.text}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}
