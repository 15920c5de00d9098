import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatsFor } from "~/domain/format";
import { NotFoundError } from "~/domain/errors";
import { Field, FormMessage, Notice } from "~/components/forms";
import { ProgramErrorSummary, ProgramFields, programFieldsSchema, type ProgramFormValues } from "~/components/program-form";
import { getItemBank } from "~/services/instrument.server";
import { requestLocale } from "~/services/locale.server";
import { questionsInLanguage } from "~/services/results-language.server";
import { closeWaveNow, getProgramDetail, getProgramFormContext, setProgramPaused, updateProgram } from "~/services/programs.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";
import { TableWrap } from "~/components/table-wrap";
import { FallbackNote } from "~/components/fallback-note";
import { RotationSummary, sayWithDates } from "~/components/program-preview";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${data.program.name} · Candor` }] : titleFrom(matches, "program.list.program", "Program");

const ProgramActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["pause", "resume"]) }),
  z.object({ intent: z.literal("close-wave"), waveId: z.string().uuid() }),
  // Edit: the form's shape only; the service checks every field at once.
  programFieldsSchema.extend({ intent: z.literal("edit") }),
]);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const detail = await getProgramDetail(context.app, user, params.programId ?? "");
  if (!detail) throw new NotFoundError(said("program.notFound"));
  const locale = await requestLocale(context, request);
  const [bank, teams, plan, items] = await Promise.all([
    getItemBank(context.app, user, locale),
    getTeamTree(context.app, user),
    getProgramFormContext(context.app, user),
    // What reps are asked, in the reader's language (the item bank's, or the item's own translation).
    questionsInLanguage(context.app, user.organisationId, detail.items, locale),
  ]);
  return {
    ...detail,
    items,
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
  if (!(await getProgramDetail(context.app, user, params.programId ?? ""))) throw new NotFoundError(said("program.notFound"));
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
  const i18n = useI18n();
  const { t, say, rich, locale } = i18n;
  const format = formatsFor(locale);
  const hidden = (chunks: unknown[]) => (
    <span key="hidden" className="visually-hidden">
      {chunks as string[]}
    </span>
  );
  return (
    <div className="page">
      <p>
        <Link to="/programs">← {t("program.list.title")}</Link>
      </p>
      <h1>{program.name}</h1>
      {search.get("opened") ? <Notice tone="success">{t("program.page.opened")}</Notice> : null}
      {search.get("changed") ? <Notice tone="success">{t("program.page.changed")}</Notice> : null}
      <FormMessage error={otherResult?.formError} />
      <p className="muted">
        {schedule ? sayWithDates(i18n, schedule) : t("program.page.imported")} ·{" "}
        {t("program.page.questions", {
          questions: items.length,
          rotated: rotated ? "yes" : "no",
          sizes: rotated ? rotated.slots.map((s) => s.codes.length).join(t("program.rotation.or")) : "",
          minutes: waveMinutes,
          over: waveMinutes > maxMinutes ? (rotation ? "yes" : "rotate") : "no",
          max: maxMinutes,
        })}{" "}
        · {t("program.page.repsAsked", { reps })} · {program.active ? t("program.page.running") : t("program.page.paused")}
        {nextWaveOn ? ` · ${t("program.page.nextWave", { date: locale === "en" ? nextWaveOn : format.date(nextWaveOn) })}` : ""}
      </p>
      {warnings.length > 0 ? (
        <div className="notice notice--warning">
          <ul>
            {warnings.map((w) => (
              <li key={w}>{say(w)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="card program-edit" id="edit" open={Boolean(editResult) || search.get("edit") === "1"}>
        <summary>{t("program.page.change")}</summary>
        {program.source === "history" ? <p className="field__hint">{t("program.page.importedKeep")}</p> : <p className="field__hint">{t("program.page.changeHint")}</p>}
        <ProgramErrorSummary message={editResult?.formError} errors={editResult?.fieldErrors ?? {}} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="edit" />
          {program.source === "history" ? (
            <Field name="name" label={t("program.form.name")} defaultValue={sent?.name ?? editDefaults.name} error={editResult?.fieldErrors?.name} />
          ) : (
            <ProgramFields bank={form.bank} teams={form.teams} plan={form.plan} values={sent ?? editDefaults} errors={editResult?.fieldErrors ?? {}} />
          )}
          <button type="submit" className="button" disabled={saving}>
            {t("program.page.save")}
          </button>
        </Form>
      </details>
      {program.source === "scheduled" ? (
        <Form method="post">
          <input type="hidden" name="intent" value={program.active ? "pause" : "resume"} />
          <button type="submit" className="button button--secondary">
            {program.active ? t("program.page.pause") : t("program.page.resume")}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="waves-h">
        <h2 id="waves-h">{t("program.list.waves")}</h2>
        {waves.length === 0 ? (
          <p className="muted">{t("program.page.noWave", { date: format.date(program.startsOn) })}</p>
        ) : (
          <TableWrap label={t("program.page.wavesOf", { name: program.name })}>
            <table>
              <caption className="visually-hidden">{t("program.page.wavesOf", { name: program.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("program.page.period")}</th>
                  <th scope="col">{t("program.page.status")}</th>
                  <th scope="col">{t("program.page.closes")}</th>
                  <th scope="col">{t("program.page.questionsAsked")}</th>
                  <th scope="col" className="num">
                    {t("program.page.asked")}
                  </th>
                  <th scope="col" className="num">
                    {t("program.page.answered")}
                  </th>
                  <th scope="col">{t("program.page.selfAssessments")}</th>
                  <th scope="col">{t("program.page.thresholds")}</th>
                </tr>
              </thead>
              <tbody>
                {waves.map((w) => (
                  <tr key={w.id}>
                    <td>{format.date(w.periodStart)}</td>
                    <td>
                      {w.status === "open" ? (
                        <>
                          <span className="badge badge--open">{t("program.page.open")}</span>
                          <Form method="post" className="inline">
                            <input type="hidden" name="intent" value="close-wave" />
                            <input type="hidden" name="waveId" value={w.id} />
                            <button type="submit" className="link-button">
                              {rich("program.page.closeNow", { date: format.date(w.periodStart), hidden })}
                            </button>
                          </Form>
                        </>
                      ) : (
                        t("program.page.closed")
                      )}
                    </td>
                    <td>{format.lastDay(w.closesAt)}</td>
                    <td>
                      <details>
                        <summary>
                          {rich(w.rotationSlot !== null ? "program.page.askedTurn" : "program.page.askedCount", {
                            count: w.askedCodes.length,
                            turn: (w.rotationSlot ?? 0) + 1,
                            date: format.date(w.periodStart),
                            hidden,
                          })}
                        </summary>
                        {w.askedCodes.join(", ")}
                      </details>
                    </td>
                    <td className="num">{w.invited}</td>
                    <td className="num">
                      {w.status === "closed"
                        ? t("program.page.answeredShare", { count: w.answered ?? 0, percent: format.percent(w.responseRate ?? 0) })
                        : w.answeredAtLeast === null
                          ? t("program.page.fewerThan", { min: w.minGroupSize })
                          : t("program.page.atLeast", { count: w.answeredAtLeast, invited: w.invited })}
                    </td>
                    <td>
                      {w.managersAsked === 0
                        ? "—"
                        : t("program.page.managersShare", { count: w.managersAnswered, asked: w.managersAsked, percent: format.percent(w.managersAnswered / w.managersAsked) })}
                    </td>
                    <td>{t("program.page.thresholdValues", { scores: w.minGroupSize, comments: w.minCommentGroupSize })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {waves.some((w) => w.status === "open") ? <p className="muted">{t("program.page.openCounting")}</p> : null}
      </section>
      <section className="card" aria-labelledby="teams-h">
        <h2 id="teams-h">{t("program.page.teamsAsked")}</h2>
        <ul>
          {teams.map((team) => (
            <li key={team.id}>
              {team.includeSubteams ? t("program.page.teamWithSubteams", { name: team.name }) : team.name}{" "}
              <span className="muted">{t("program.page.teamRepsToday", { reps: team.reps })}</span>
            </li>
          ))}
        </ul>
      </section>
      {rotation ? (
        <section className="card" aria-labelledby="rotation-h">
          <h2 id="rotation-h">{t("program.preview.rotation")}</h2>
          <RotationSummary rotation={rotation} fullMinutes={minutes} questions={items.filter((i) => !i.retiredAt).length} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="items-h">
        <h2 id="items-h">{t("program.page.whatRepsAreAsked")}</h2>
        <ol>
          {items.map((i) => (
            <li key={i.id}>
              <span lang={i.lang !== locale ? i.lang : undefined}>{i.text}</span>
              {i.fallback ? <FallbackNote lang={i.lang} /> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
