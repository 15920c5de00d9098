import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import type { HistoryProblem } from "~/domain/history";
import { personActor } from "~/services/audit.server";
import { importHistory } from "~/services/history-import.server";
import { readUploadedCsv } from "~/utils/upload.server";
import { HISTORY_FILE_BYTES } from "~/http/body-limits.server";
import { TableWrap } from "~/components/table-wrap";
import type { ReactNode } from "react";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";
import { said } from "~/i18n/said";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminHistory.title", "Import past results");

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
    return data<HistoryActionData>({ ok: false, formError: said("adminHistory.nothingImported", { count: result.problems.length }), problems: result.problems }, { status: 400 });
  }
  return data<HistoryActionData>(result);
}

export default function HistoryImport() {
  const result = useActionData<typeof action>() as HistoryActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const { t, say, rich } = useI18n();
  const code = (chunks: ReactNode[]) => <code key={String(chunks)}>{chunks}</code>;
  return (
    <div className="page page--narrow">
      <h1>{t("adminHistory.title")}</h1>
      <p>{rich<ReactNode>("adminHistory.intro", { header: "team,period,PS1,…,PS7,CO1,…,CO5,KS1,…,KS5,FP1,…,FP6,ENPS,comment", code })}</p>
      <p>{t("adminHistory.becomesProgram")}</p>
      {result?.ok ? (
        <FormMessage success={t("adminHistory.imported", { responses: result.responses, waves: result.waves, name: result.programName })} />
      ) : (
        <FormMessage error={result?.formError} />
      )}
      {result?.ok ? (
        <p>
          <Link to={`/programs/${result.programId}`}>{t("adminHistory.seeProgram")}</Link>
        </p>
      ) : null}
      {result && !result.ok && result.problems.length > 0 ? (
        <TableWrap label={t("adminRoster.problems")}>
          <table>
            <caption>{t("adminRoster.problems")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("adminRoster.line")}</th>
                <th scope="col">{t("adminRoster.column")}</th>
                <th scope="col">{t("adminRoster.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.slice(0, 500).map((p, i) => (
                <tr key={i}>
                  <td>{p.line ?? "—"}</td>
                  <td>{p.column ?? "—"}</td>
                  <td>{say(p.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="history-file">{t("adminHistory.file")}</label>
          <input id="history-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("adminHistory.importing") : t("adminHistory.import")}
        </button>
      </Form>
    </div>
  );
}
