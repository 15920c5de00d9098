// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { RosterPlanView } from "~/components/roster-plan";
import { requireUserWithRole } from "~/auth/guards.server";
import { ROSTER_COLUMNS, type RosterPlan, type RosterProblem } from "~/domain/roster";
import { applyRoster, previewRoster } from "~/services/roster.server";
import { readUploadedCsv } from "~/utils/upload.server";
import { ROSTER_FILE_BYTES } from "~/http/body-limits.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Import a roster · Candor" }];

type RosterActionData =
  | { step: "upload"; formError: string; problems: RosterProblem[] }
  | { step: "preview"; plan: RosterPlan; csv: string; deactivateMissing: boolean; invite: boolean }
  | { step: "done"; plan: RosterPlan; invited: number; applied: boolean };

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requireUserWithRole(context, request, "admin");
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const upload = await readUploadedCsv(request, { maxBytes: ROSTER_FILE_BYTES, field: "file", fallback: "csv" });
  if (!upload.ok) return data<RosterActionData>({ step: "upload", formError: upload.message, problems: [] }, { status: upload.status });
  const { form, text: csv } = upload;
  const options = {
    deactivateMissing: form.get("deactivateMissing") === "on",
    invite: form.get("invite") === "on",
    actorEmail: user.email,
    recordAs: { actorId: user.personId, source: "roster-import" as const },
  };
  const outcome =
    form.get("intent") === "apply" ? await applyRoster(context.app, user.organisationId, csv, options) : await previewRoster(context.app, user.organisationId, csv, options);
  if (!outcome.ok) {
    const count = outcome.problems.length;
    return data<RosterActionData>(
      {
        step: "upload",
        formError: `Nothing was imported: the file has ${count} problem${count === 1 ? "" : "s"}. Fix ${count === 1 ? "it" : "them"} and upload it again.`,
        problems: outcome.problems,
      },
      { status: 400 },
    );
  }
  if (form.get("intent") === "apply") return data<RosterActionData>({ step: "done", plan: outcome.plan, invited: outcome.invited, applied: outcome.applied });
  return data<RosterActionData>({ step: "preview", plan: outcome.plan, csv, deactivateMissing: options.deactivateMissing, invite: options.invite });
}

export default function Roster() {
  const result = useActionData<typeof action>() as RosterActionData | undefined;
  const busy = useNavigation().state === "submitting";
  if (result?.step === "done") {
    return (
      <div className="page">
        <h1>Roster imported</h1>
        <FormMessage
          success={
            result.applied
              ? `The roster was applied.${result.invited ? ` ${result.invited} invitation${result.invited === 1 ? "" : "s"} sent.` : ""}`
              : "The roster matched the organisation already: nothing changed."
          }
        />
        <RosterPlanView plan={result.plan} past />
        <p>
          <Link to="/admin/people">See everyone</Link>
        </p>
      </div>
    );
  }
  if (result?.step === "preview") {
    return (
      <div className="page">
        <h1>Check the changes</h1>
        <p>Nothing has changed yet. This is what applying the file will do, all at once:</p>
        <RosterPlanView plan={result.plan} />
        <Form method="post" encType="multipart/form-data" className="inline-form">
          <input type="hidden" name="intent" value="apply" />
          <textarea name="csv" defaultValue={result.csv} hidden readOnly aria-hidden="true" tabIndex={-1} />
          {result.deactivateMissing ? <input type="hidden" name="deactivateMissing" value="on" /> : null}
          {result.invite ? <input type="hidden" name="invite" value="on" /> : null}
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Applying…" : "Apply these changes"}
          </button>
          <Link to="/admin/roster" className="button button--secondary">
            Cancel
          </Link>
        </Form>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>Import a roster</h1>
      <p>
        Upload a CSV file with the header <code>{ROSTER_COLUMNS.join(",")}</code>, one person per line. Roles are rep, manager, enablement or admin. Write nested teams as{" "}
        <code>Region &gt; Team</code>; missing teams are created. <code>manager_email</code> is the manager of that row&apos;s team.
      </p>
      <p>Every row is checked first: if any is wrong, nothing is imported and each problem is listed with its line number.</p>
      <FormMessage error={result?.formError} />
      {result?.problems && result.problems.length > 0 ? (
        <TableWrap label="Problems in the file">
          <table>
            <caption>Problems in the file</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line ?? "—"}</td>
                  <td>{p.column || "—"}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="roster-file">Roster file (CSV)</label>
          <input id="roster-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div className="checkbox">
          <input id="deactivate" name="deactivateMissing" type="checkbox" />
          <label htmlFor="deactivate">Deactivate people who are not in the file</label>
        </div>
        <div className="checkbox">
          <input id="invite" name="invite" type="checkbox" defaultChecked />
          <label htmlFor="invite">Email an invitation to each new person</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Checking…" : "Check the file"}
        </button>
      </Form>
    </div>
  );
}
