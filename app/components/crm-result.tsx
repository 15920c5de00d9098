// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { Form, Link } from "@remix-run/react";
import type { CrmImportResult } from "~/domain/crm/import-result";
import { FormMessage } from "./forms";
import { plural } from "~/domain/plural";
import { TableWrap } from "~/components/table-wrap";
import { PreviewDecision } from "./crm-snapshot-review";

const FIELD_LABELS: Record<string, string> = {
  crmId: "Deal ID (required)",
  owner: "Owner: email or name (required)",
  amount: "Amount (required)",
  closeDate: "Close date (required)",
  createdDate: "Created date (required)",
  stage: "Stage (required unless a status column)",
  status: "Status: open / won / lost",
  name: "Deal name",
  accountName: "Account",
  currency: "Currency",
  forecastCategory: "Forecast category",
  probability: "Probability",
  nextStep: "Next step",
  lastActivityDate: "Last activity date",
};

/** What happened to an upload, in words, with the next step where there is one. */
export function CrmResultView({ result }: { result: CrmImportResult }) {
  switch (result.status) {
    case "imported":
      return (
        <div>
          <FormMessage
            success={`${result.snapshotStatus === "preview" ? "Read" : "Imported"} ${plural(result.rows, "deal")} (${result.format}, ${result.encoding}) as the snapshot of ${result.asOf}${result.snapshotStatus === "preview" ? ", waiting for you to confirm it" : ""}.${result.skippedCount ? ` ${plural(result.skippedCount, "row")} ${result.skippedCount === 1 ? "was" : "were"} left out, as you chose.` : ""}`}
          />
          {result.snapshotStatus === "preview" && result.review ? <PreviewDecision review={result.review} /> : null}
          {result.unmatchedOwners.length > 0 ? (
            <p className="notice notice--warning">
              {result.unmatchedOwners.length} owner{result.unmatchedOwners.length === 1 ? " matches" : "s match"} nobody in Candor; their deals count for no team until you map them
              below.
            </p>
          ) : null}
          {result.warnings.map((w) => (
            <p key={w.kind} className="notice notice--warning">
              {w.message}
            </p>
          ))}
          {result.skipped.length > 0 ? <ProblemTable problems={result.skipped} caption="Rows left out" /> : null}
        </div>
      );
    case "unchanged":
      return (
        <div>
          <FormMessage success={result.message} />
          {result.snapshotStatus === "preview" ? (
            <p>
              <Link to={`/admin/crm/snapshots/${result.snapshotId}`}>Review the preview of {result.asOf}</Link>
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
            caption={`Problems (${result.problemCount}${result.problemCount > result.problems.length ? `, the first ${result.problems.length} listed` : ""})`}
          />
        </div>
      );
    case "needs-date-order":
      return <FormMessage error={`${result.message} Examples from the file: ${result.samples.join(", ")}. Choose "Month first" or "Day first" under "Dates like 3/4/2026 are".`} />;
    case "needs-mapping":
      return (
        <section className="card" aria-labelledby="mapping-h">
          <h2 id="mapping-h">Which column holds what?</h2>
          <p>{result.message}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="mapping" />
            <input type="hidden" name="header" value={JSON.stringify(result.header)} />
            {Object.entries(FIELD_LABELS).map(([field, label]) => (
              <div key={field} className="field">
                <label htmlFor={`map-${field}`}>{label}</label>
                <select id={`map-${field}`} name={field} defaultValue="">
                  <option value="">(none)</option>
                  {result.header.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit" className="button">
              Save the columns, then upload the file again
            </button>
          </Form>
        </section>
      );
    case "invalid-file":
      return <FormMessage error={result.message} />;
  }
}

function ProblemTable({ problems, caption }: { problems: Array<{ line: number | null; column: string | null; reason: string }>; caption: string }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.line ?? "—"}</td>
              <td>{p.column ?? "—"}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
