import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { RosterPlanView } from "~/components/roster-plan";
import { requireUserWithRole } from "~/auth/guards.server";
import { ROSTER_COLUMNS, type RosterPlan, type RosterProblem } from "~/domain/roster";
import { LOCALES } from "~/domain/locales";
import { applyRoster, previewRoster } from "~/services/roster.server";
import { readUploadedCsv } from "~/utils/upload.server";
import { ROSTER_FILE_BYTES } from "~/http/body-limits.server";
import { TableWrap } from "~/components/table-wrap";
import { said } from "~/i18n/said";
import { useI18n } from "~/i18n/react";
import type { ReactNode } from "react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "adminRoster.title", "Import a roster");

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
    return data<RosterActionData>(
      {
        step: "upload",
        formError: said("adminRoster.nothingImported", { count: outcome.problems.length }),
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
  const { t, say, rich } = useI18n();
  const code = (chunks: ReactNode[]) => <code key={String(chunks)}>{chunks}</code>;
  if (result?.step === "done") {
    return (
      <div className="page">
        <h1>{t("adminRoster.imported")}</h1>
        <FormMessage success={result.applied ? t("adminRoster.applied", { invited: result.invited }) : t("adminRoster.nothingChanged")} />
        <RosterPlanView plan={result.plan} past />
        <p>
          <Link to="/admin/people">{t("adminRoster.seeEveryone")}</Link>
        </p>
      </div>
    );
  }
  if (result?.step === "preview") {
    return (
      <div className="page">
        <h1>{t("adminRoster.checkTitle")}</h1>
        <p>{t("adminRoster.checkIntro")}</p>
        <RosterPlanView plan={result.plan} />
        <Form method="post" encType="multipart/form-data" className="inline-form">
          <input type="hidden" name="intent" value="apply" />
          <textarea name="csv" defaultValue={result.csv} hidden readOnly aria-hidden="true" tabIndex={-1} />
          {result.deactivateMissing ? <input type="hidden" name="deactivateMissing" value="on" /> : null}
          {result.invite ? <input type="hidden" name="invite" value="on" /> : null}
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("adminRoster.applying") : t("adminRoster.apply")}
          </button>
          <Link to="/admin/roster" className="button button--secondary">
            {t("adminRoster.cancel")}
          </Link>
        </Form>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t("adminRoster.title")}</h1>
      <p>{rich<ReactNode>("adminRoster.intro", { header: ROSTER_COLUMNS.join(","), code })}</p>
      <p>{rich<ReactNode>("adminRoster.languageColumn", { list: LOCALES.join(", "), code })}</p>
      <p>{t("adminRoster.checkedFirst")}</p>
      <FormMessage error={result?.formError} />
      {result?.problems && result.problems.length > 0 ? (
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
              {result.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line ?? "—"}</td>
                  <td>{p.column || "—"}</td>
                  <td>{say(p.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="roster-file">{t("adminRoster.file")}</label>
          <input id="roster-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div className="checkbox">
          <input id="deactivate" name="deactivateMissing" type="checkbox" />
          <label htmlFor="deactivate">{t("adminRoster.deactivateMissing")}</label>
        </div>
        <div className="checkbox">
          <input id="invite" name="invite" type="checkbox" defaultChecked />
          <label htmlFor="invite">{t("adminRoster.invite")}</label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("adminRoster.checking") : t("adminRoster.check")}
        </button>
      </Form>
    </div>
  );
}
