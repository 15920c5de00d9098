// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { Form, Link } from "@remix-run/react";
import type { SnapshotReview } from "~/domain/crm/snapshot-review";
import { formatDate, formatMoney } from "~/domain/format";
import { plural } from "~/domain/plural";
import { TableWrap } from "./table-wrap";

// A CRM snapshot under review (ADR 051): each team's deals and amounts against the snapshot that counted
// before, the warnings, and what confirming or deleting changes in the metrics.

const signed = (n: number) => (n > 0 ? `+${n.toLocaleString("en")}` : n < 0 ? `−${Math.abs(n).toLocaleString("en")}` : "0");
const signedMoney = (n: number, currency: string) => (Math.round(n) > 0 ? `+${formatMoney(n, currency)}` : formatMoney(n, currency));

/** Each team's deals and amount before and now, with the change. */
export function SnapshotComparison({ review }: { review: SnapshotReview }) {
  const { previous, currency } = review;
  const caption = previous
    ? `Deals per team: the snapshot of ${formatDate(previous.asOf)} (counted) against this file`
    : "Deals per team in this file (no snapshot counted before it)";
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            {(previous ? ["Deals before", "Deals now", "Change", "Amount before", "Amount now", "Change"] : ["Deals now", "Amount now"]).map((label, i) => (
              <th key={i} scope="col" className="num">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {review.teams.map((t) => {
            const before = t.before ?? { deals: 0, amount: 0 };
            const after = t.after ?? { deals: 0, amount: 0 };
            return (
              <tr key={t.team ?? "none"}>
                <th scope="row">{t.name}</th>
                {previous ? <td className="num">{before.deals.toLocaleString("en")}</td> : null}
                <td className="num">{after.deals.toLocaleString("en")}</td>
                {previous ? <td className="num">{signed(after.deals - before.deals)}</td> : null}
                {previous ? <td className="num">{formatMoney(before.amount, currency)}</td> : null}
                <td className="num">{formatMoney(after.amount, currency)}</td>
                {previous ? <td className="num">{signedMoney(after.amount - before.amount, currency)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function SnapshotWarnings({ review }: { review: SnapshotReview }) {
  if (review.warnings.length === 0) return null;
  return (
    <div className="notice notice--warning" role="status">
      <p>
        <strong>Check this file before you confirm it.</strong>
      </p>
      <ul>
        {review.warnings.map((w) => (
          <li key={w.kind}>{w.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** What a change does to the metrics, as a list (or a sentence when nothing changes). */
export function MetricChanges({ lines, none }: { lines: readonly string[]; none: string }) {
  if (lines.length === 0) return <p>{none}</p>;
  return (
    <ul>
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/**
 * An upload waiting as a preview, as the CRM page shows it right after the upload: the comparison, the
 * warnings, what confirming changes, and the two buttons (confirm, cancel). Replacing a counted snapshot
 * is on the snapshot's own page.
 */
export function PreviewDecision({ review }: { review: SnapshotReview }) {
  const { snapshot } = review;
  const action = `/admin/crm/snapshots/${snapshot.id}`;
  return (
    <section className="card stack" aria-labelledby="preview-h">
      <h2 id="preview-h">Check the upload before it counts</h2>
      <p>
        <span className="badge badge--warn">Preview</span> {snapshot.fileName}: {plural(snapshot.deals, "deal")} of {plural(snapshot.owners, "owner")}, as of{" "}
        {formatDate(snapshot.asOf)}. It counts for no metric until you confirm it.
      </p>
      <SnapshotWarnings review={review} />
      <SnapshotComparison review={review} />
      <h3>If you confirm it</h3>
      <MetricChanges lines={review.onConfirm ?? []} none="Nothing the metrics read changes." />
      <div className="button-row">
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="confirm" />
          <button type="submit" className="button">
            Confirm: count the snapshot of {formatDate(snapshot.asOf)}
          </button>
        </Form>
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="button button--secondary">
            Cancel the upload
          </button>
        </Form>
      </div>
      {review.replaceable.length > 0 ? (
        <p>
          <Link to={action}>Replace a counted snapshot with this one instead</Link>
        </p>
      ) : null}
    </section>
  );
}
