// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import type { HistoryProblem } from "~/domain/history";
import { plural } from "~/domain/plural";
import { personActor } from "~/services/audit.server";
import { importHistory } from "~/services/history-import.server";
import { readUploadedCsv } from "~/utils/upload.server";
import { HISTORY_FILE_BYTES } from "~/http/body-limits.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Import past results · Candor" }];

type HistoryActionData = { ok: false; formError: string; problems: HistoryProblem[] } | { ok: true; programId: string; programName: string; waves: number; responses: number };

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requireUserWithRole(context, request, "admin");
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "admin");
  const upload = await readUploadedCsv(request, { maxBytes: HISTORY_FILE_BYTES, field: "file" });
  if (!upload.ok) return data<HistoryActionData>({ ok: false, formError: upload.message, problems: [] }, { status: upload.status });
  const result = await importHistory(context.app, user.organisationId, upload.fileName, upload.text, { actor: personActor(user), source: "csv" });
  if (!result.ok) {
    const n = result.problems.length;
    return data<HistoryActionData>({ ok: false, formError: `Nothing was imported: the file has ${n} problem${n === 1 ? "" : "s"}.`, problems: result.problems }, { status: 400 });
  }
  return data<HistoryActionData>(result);
}

export default function HistoryImport() {
  const result = useActionData<typeof action>() as HistoryActionData | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page page--narrow">
      <h1>Import past results</h1>
      <p>
        Bring results from an earlier survey tool. The header is <code>team,period,PS1,…,PS7,CO1,…,CO5,KS1,…,KS5,FP1,…,FP6,ENPS,comment</code> (any of the item columns). Each row
        is one anonymous response with raw answers (1–7, eNPS 0–10; not reverse-coded); leave a cell empty for a skipped question. <code>period</code> is the date the wave opened,
        like 2026-04-01.
      </p>
      <p>The import becomes a pulse program named after the file, with closed waves that follow the same anonymity rules as any other.</p>
      {result?.ok ? (
        <FormMessage success={`Imported ${plural(result.responses, "response")} in ${plural(result.waves, "wave")} as “${result.programName}”.`} />
      ) : (
        <FormMessage error={result?.formError} />
      )}
      {result?.ok ? (
        <p>
          <Link to={`/programs/${result.programId}`}>See the imported program</Link>
        </p>
      ) : null}
      {result && !result.ok && result.problems.length > 0 ? (
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
              {result.problems.slice(0, 500).map((p, i) => (
                <tr key={i}>
                  <td>{p.line ?? "—"}</td>
                  <td>{p.column ?? "—"}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="history-file">Results file (CSV)</label>
          <input id="history-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
      </Form>
    </div>
  );
}
