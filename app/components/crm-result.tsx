import { Form, Link } from "@remix-run/react";
import type { CrmImportResult } from "~/domain/crm/import-result";
import { FormMessage } from "./forms";
import { useI18n } from "~/i18n/react";
import type { MessageKey } from "~/i18n/translate";
import { formatsFor } from "~/domain/format";
import { TableWrap } from "~/components/table-wrap";
import { PreviewDecision } from "./crm-snapshot-review";

const FIELD_LABELS: Record<string, MessageKey> = {
  crmId: "crm.field.crmId",
  owner: "crm.field.owner",
  amount: "crm.field.amount",
  closeDate: "crm.field.closeDate",
  createdDate: "crm.field.createdDate",
  stage: "crm.field.stage",
  status: "crm.field.status",
  name: "crm.field.name",
  accountName: "crm.field.accountName",
  currency: "crm.field.currency",
  forecastCategory: "crm.field.forecastCategory",
  probability: "crm.field.probability",
  nextStep: "crm.field.nextStep",
  lastActivityDate: "crm.field.lastActivityDate",
};

/** What happened to an upload, in words, with the next step where there is one. */
export function CrmResultView({ result }: { result: CrmImportResult }) {
  const { t, say, locale } = useI18n();
  const f = formatsFor(locale);
  switch (result.status) {
    case "imported":
      return (
        <div>
          <FormMessage
            success={[
              t(result.snapshotStatus === "preview" ? "crm.result.read" : "crm.result.imported", {
                count: result.rows,
                format: result.format,
                encoding: result.encoding,
                asOf: result.asOf,
              }),
              ...(result.skippedCount ? [t("crm.result.skipped", { count: result.skippedCount })] : []),
            ].join(" ")}
          />
          {result.snapshotStatus === "preview" && result.review ? <PreviewDecision review={result.review} /> : null}
          {result.unmatchedOwners.length > 0 ? <p className="notice notice--warning">{t("crm.result.unmatchedOwners", { count: result.unmatchedOwners.length })}</p> : null}
          {result.warnings.map((w) => (
            <p key={w.kind} className="notice notice--warning">
              {say(w.message)}
            </p>
          ))}
          {result.skipped.length > 0 ? <ProblemTable problems={result.skipped} caption={t("crm.result.skippedCaption")} /> : null}
        </div>
      );
    case "unchanged":
      return (
        <div>
          <FormMessage success={result.message} />
          {result.snapshotStatus === "preview" ? (
            <p>
              <Link to={`/admin/crm/snapshots/${result.snapshotId}`}>{t("crm.result.reviewPreview", { asOf: result.asOf })}</Link>
            </p>
          ) : null}
        </div>
      );
    case "rejected":
      return (
        <div>
          <FormMessage error={result.message} />
          <ProblemTable
            problems={result.problems}
            caption={
              result.problemCount > result.problems.length
                ? t("crm.result.problemsListed", { count: f.count(result.problemCount), listed: f.count(result.problems.length) })
                : t("crm.result.problems", { count: f.count(result.problemCount) })
            }
          />
        </div>
      );
    case "needs-date-order":
      return <FormMessage error={`${say(result.message)} ${t("crm.result.dateExamples", { samples: result.samples.join(", ") })}`} />;
    case "needs-mapping":
      return (
        <section className="card" aria-labelledby="mapping-h">
          <h2 id="mapping-h">{t("crm.mapping.heading")}</h2>
          <p>{say(result.message)}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="mapping" />
            <input type="hidden" name="header" value={JSON.stringify(result.header)} />
            {Object.entries(FIELD_LABELS).map(([field, label]) => (
              <div key={field} className="field">
                <label htmlFor={`map-${field}`}>{t(label)}</label>
                <select id={`map-${field}`} name={field} defaultValue="">
                  <option value="">{t("crm.mapping.none")}</option>
                  {result.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit" className="button">
              {t("crm.mapping.submit")}
            </button>
          </Form>
        </section>
      );
    case "invalid-file":
      return <FormMessage error={result.message} />;
  }
}

function ProblemTable({ problems, caption }: { problems: Array<{ line: number | null; column: string | null; reason: string }>; caption: string }) {
  const { t, say } = useI18n();
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("crm.problems.line")}</th>
            <th scope="col">{t("crm.problems.column")}</th>
            <th scope="col">{t("crm.problems.problem")}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.line ?? "—"}</td>
              <td>{p.column ?? "—"}</td>
              <td>{say(p.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
