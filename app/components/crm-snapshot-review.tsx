import { Form, Link } from "@remix-run/react";
import type { SnapshotReview } from "~/domain/crm/snapshot-review";
import { formatsFor, MINUS } from "~/domain/format";
import { useI18n } from "~/i18n/react";
import { TableWrap } from "./table-wrap";

// A CRM snapshot under review (ADR 051): each team's deals and amounts against the snapshot that counted
// before, the warnings, and what confirming or deleting changes in the metrics.

type Formats = ReturnType<typeof formatsFor>;
const signed = (n: number, f: Formats) => (n > 0 ? `+${f.count(n)}` : n < 0 ? `${MINUS}${f.count(Math.abs(n))}` : f.count(0));
const signedMoney = (n: number, currency: string, f: Formats) => (Math.round(n) > 0 ? `+${f.money(n, currency)}` : f.money(n, currency));

/** Each team's deals and amount before and now, with the change. */
export function SnapshotComparison({ review }: { review: SnapshotReview }) {
  const { previous, currency } = review;
  const { t, say, locale } = useI18n();
  const f = formatsFor(locale);
  const caption = previous ? t("crm.review.captionBefore", { date: f.date(previous.asOf) }) : t("crm.review.captionFirst");
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("crm.review.team")}</th>
            {(previous
              ? (["crm.review.dealsBefore", "crm.review.dealsNow", "crm.review.change", "crm.review.amountBefore", "crm.review.amountNow", "crm.review.change"] as const)
              : (["crm.review.dealsNow", "crm.review.amountNow"] as const)
            ).map((label, i) => (
              <th key={i} scope="col" className="num">
                {t(label)}
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
                <th scope="row">{say(t.name)}</th>
                {previous ? <td className="num">{f.count(before.deals)}</td> : null}
                <td className="num">{f.count(after.deals)}</td>
                {previous ? <td className="num">{signed(after.deals - before.deals, f)}</td> : null}
                {previous ? <td className="num">{f.money(before.amount, currency)}</td> : null}
                <td className="num">{f.money(after.amount, currency)}</td>
                {previous ? <td className="num">{signedMoney(after.amount - before.amount, currency, f)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function SnapshotWarnings({ review }: { review: SnapshotReview }) {
  const { t, say } = useI18n();
  if (review.warnings.length === 0) return null;
  return (
    <div className="notice notice--warning" role="status">
      <p>
        <strong>{t("crm.review.checkFirst")}</strong>
      </p>
      <ul>
        {review.warnings.map((w) => (
          <li key={w.kind}>{say(w.message)}</li>
        ))}
      </ul>
    </div>
  );
}

/** What a change does to the metrics, as a list (or a sentence when nothing changes). */
export function MetricChanges({ lines, none }: { lines: readonly string[]; none: string }) {
  const { say } = useI18n();
  if (lines.length === 0) return <p>{none}</p>;
  return (
    <ul>
      {lines.map((l) => (
        <li key={l}>{say(l)}</li>
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
  const { t, locale } = useI18n();
  const date = formatsFor(locale).date(snapshot.asOf);
  return (
    <section className="card stack" aria-labelledby="preview-h">
      <h2 id="preview-h">{t("crm.review.previewHeading")}</h2>
      <p>
        <span className="badge badge--warn">{t("crm.review.previewBadge")}</span>{" "}
        {t("crm.review.previewSummary", { file: snapshot.fileName, deals: snapshot.deals, owners: snapshot.owners, date })}
      </p>
      <SnapshotWarnings review={review} />
      <SnapshotComparison review={review} />
      <h3>{t("crm.review.ifConfirm")}</h3>
      <MetricChanges lines={review.onConfirm ?? []} none={t("crm.review.nothingChanges")} />
      <div className="button-row">
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="confirm" />
          <button type="submit" className="button">
            {t("crm.review.confirm", { date })}
          </button>
        </Form>
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="button button--secondary">
            {t("crm.review.cancelUpload")}
          </button>
        </Form>
      </div>
      {review.replaceable.length > 0 ? (
        <p>
          <Link to={action}>{t("crm.review.replaceInstead")}</Link>
        </p>
      ) : null}
    </section>
  );
}
