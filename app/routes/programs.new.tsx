import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { estimatedMinutes, MAX_RECOMMENDED_MINUTES, type Scale } from "~/domain/instrument";
import { dateInZone } from "~/domain/organisation-settings";
import { CADENCE_LABELS, type Cadence } from "~/domain/schedule";
import { getItemBank } from "~/services/instrument.server";
import { createProgram } from "~/services/programs.server";
import { getTeamTree } from "~/services/teams.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";

export const meta: MetaFunction = () => [{ title: "New pulse program · Candor" }];

const list = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const CADENCES = Object.keys(CADENCE_LABELS) as [Cadence, ...Cadence[]];

export const ProgramSchema = z.object({
  name: z.string().trim().min(1, "Name the program").max(120, "Use at most 120 characters"),
  dimensionKeys: list,
  itemCodes: list,
  teamIds: list,
  includeSubteams: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
  cadence: z.enum(CADENCES, { error: "Pick how often it runs" }),
  // A plausible range: year 0000 passed as a date and failed in the database.
  startsOn: z.iso.date("Enter a date").refine((d) => d >= "2000-01-01" && d <= "2099-12-31", "Enter a date from 2000 to 2099"),
  openDays: z.coerce.number({ error: "Enter a number of days" }).int("Enter whole days").min(1, "At least 1 day").max(90, "At most 90 days"),
  reminderDays: z
    .string()
    .trim()
    .regex(/^(\d+\s*(,\s*\d+\s*)*)?$/, "List days after opening, such as 2, 5")
    .transform((v) => (v ? v.split(",").map((d) => Number(d.trim())) : [])),
});

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const [bank, teams] = await Promise.all([getItemBank(context.app, user), getTeamTree(context.app, user)]);
  return {
    bank,
    teams: teams.map((t) => ({ id: t.id, name: t.name, depth: t.depth, memberCount: t.memberCount })),
    today: dateInZone(context.app.now(), "UTC"),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const parsed = parseForm(ProgramSchema, await readForm(request));
  if (!parsed.success) return data(parsed.errors, { status: 400 });
  const result = await attempt(() => createProgram(context.app, user, parsed.data));
  if (!result.ok) return refused(result);
  throw redirect(`/programs/${result.value.id}${result.value.openedWave ? "?opened=1" : ""}`);
}

export default function NewProgram() {
  const { bank, teams, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const scaleOf = new Map<string, Scale>([...bank.dimensions.flatMap((d) => d.items), ...bank.otherItems].map((i) => [i.code, i.scale]));
  const active = <T extends { retiredAt: Date | string | null }>(items: T[]) => items.filter((i) => !i.retiredAt);
  const [minutes, setMinutes] = useState(() => estimatedMinutes(active(bank.otherItems).map((i) => i.scale)));
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    const dims = new Set(form.getAll("dimensionKeys").map(String));
    const codes = new Set(form.getAll("itemCodes").map(String));
    for (const d of bank.dimensions) if (dims.has(d.key)) for (const i of active(d.items)) codes.add(i.code);
    setMinutes(estimatedMinutes([...codes].map((c) => scaleOf.get(c) ?? "agree7")));
  };
  return (
    <div className="page page--narrow">
      <h1>New pulse program</h1>
      <FormMessage error={result?.formError} />
      <Form method="post" className="stack" onChange={onChange} noValidate>
        <Field name="name" label="Name" error={result?.fieldErrors?.name} hint="Reps see it, e.g. “Monthly team pulse”." />
        <fieldset>
          <legend>Questions</legend>
          {result?.fieldErrors?.items ? <p className="field__error">{result.fieldErrors.items}</p> : null}
          <p className="field__hint">Whole dimensions, single items, or both.</p>
          {bank.dimensions.map((d) => (
            // The dimension's checkbox sits beside its disclosure, not in the summary: a summary is a button,
            // and a control inside a button is not reachable as itself by keyboard or screen reader.
            <div key={d.key} className="dimension-pick">
              <div className="checkbox">
                <input id={`dim-${d.key}`} type="checkbox" name="dimensionKeys" value={d.key} />
                <label htmlFor={`dim-${d.key}`}>
                  {d.name} (all {active(d.items).length} items)
                </label>
              </div>
              <details>
                <summary className="dimension-pick__summary">Or single items of {d.name}</summary>
                {active(d.items).map((item) => (
                  <div key={item.code} className="checkbox checkbox--nested">
                    <input id={`item-${item.code}`} type="checkbox" name="itemCodes" value={item.code} />
                    <label htmlFor={`item-${item.code}`}>
                      {item.code}: {item.text}
                    </label>
                  </div>
                ))}
              </details>
            </div>
          ))}
          {active(bank.otherItems).map((item) => (
            <div key={item.code} className="checkbox">
              <input id={`item-${item.code}`} type="checkbox" name="itemCodes" value={item.code} defaultChecked />
              <label htmlFor={`item-${item.code}`}>
                {item.scale === "nps11" ? "eNPS: " : "Comment: "}
                {item.text}
              </label>
            </div>
          ))}
          <p aria-live="polite" className={minutes > MAX_RECOMMENDED_MINUTES ? "notice notice--warning" : "field__hint"}>
            About {minutes} minute{minutes === 1 ? "" : "s"} to answer
            {minutes > MAX_RECOMMENDED_MINUTES ? `: over ${MAX_RECOMMENDED_MINUTES} minutes, fewer people finish. Consider fewer items per wave.` : "."}
          </p>
        </fieldset>
        <fieldset>
          <legend>Who is asked</legend>
          {result?.fieldErrors?.teamIds ? <p className="field__error">{result.fieldErrors.teamIds}</p> : null}
          <p className="field__hint">Reps in these teams are asked; each team&apos;s manager answers the self-assessment.</p>
          {teams.map((team) => (
            <div key={team.id} className="checkbox" style={{ paddingInlineStart: `${team.depth * 1.25}rem` }}>
              <input id={`team-${team.id}`} type="checkbox" name="teamIds" value={team.id} />
              <label htmlFor={`team-${team.id}`}>
                {team.name} <span className="muted">({team.memberCount})</span>
              </label>
            </div>
          ))}
          <div className="checkbox">
            <input id="subteams" type="checkbox" name="includeSubteams" defaultChecked />
            <label htmlFor="subteams">Include the teams inside the chosen ones</label>
          </div>
        </fieldset>
        <SelectField
          name="cadence"
          label="How often"
          defaultValue="monthly"
          options={Object.entries(CADENCE_LABELS).map(([value, label]) => ({ value, label }))}
          error={result?.fieldErrors?.cadence}
        />
        <Field
          name="startsOn"
          label="First wave opens on"
          type="date"
          defaultValue={today}
          error={result?.fieldErrors?.startsOn}
          hint="Quarterly waves open on the first day of each fiscal quarter from then on."
        />
        <Field name="openDays" label="Each wave stays open for (days)" type="number" min={1} max={90} defaultValue={7} error={result?.fieldErrors?.openDays} />
        <Field
          name="reminderDays"
          label="Remind those who have not answered, on these days after opening"
          defaultValue="3, 5"
          error={result?.fieldErrors?.reminderDays}
          hint="Comma-separated, e.g. 3, 5. Leave empty for no reminders."
        />
        <button type="submit" className="button">
          Create program
        </button>
      </Form>
    </div>
  );
}
