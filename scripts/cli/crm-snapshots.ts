// The command line's CRM snapshots (ADR 051): `import-crm` counts a file at once (automation keeps working)
// but prints the same team-by-team comparison and warnings as the CRM page, or leaves it waiting with
// --preview; `crm-snapshots` lists them and confirms, replaces or deletes one, audited as the command line.
import type { SnapshotReview } from "~/domain/crm";
import { isServiceError } from "~/domain/errors";
import { formatMoney } from "~/domain/format";
import { plural } from "~/domain/plural";
import { requireOrganisationBySlug } from "~/services/organisations.server";
import { confirmSnapshot, deleteSnapshot, listCrmSnapshots, reviewSnapshot, snapshotFeedsByRow, type SnapshotManager } from "~/services/crm-snapshots.server";
import { UsageError, withAppContext } from "./context";
import { inEnglish } from "~/i18n/in-english.server";

type Values = Record<string, string | boolean | string[] | undefined>;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** A snapshot's review as lines for a terminal: the comparison per team, the warnings, what changes. */
export function reviewLines(said: SnapshotReview): string[] {
  const review = inEnglish(said);
  const { previous, currency } = review;
  const lines = [
    previous
      ? `  compared with the counted snapshot of ${previous.asOf} (${plural(previous.deals, "deal")}, ${plural(previous.owners, "owner")}):`
      : "  the first counted snapshot:",
  ];
  for (const t of review.teams) {
    const before = t.before ?? { deals: 0, amount: 0 };
    const after = t.after ?? { deals: 0, amount: 0 };
    lines.push(
      previous
        ? `    ${t.name}: ${before.deals} → ${after.deals} deals (${signed(after.deals - before.deals)}), ${formatMoney(before.amount, currency)} → ${formatMoney(after.amount, currency)}`
        : `    ${t.name}: ${after.deals} deals, ${formatMoney(after.amount, currency)}`,
    );
  }
  for (const w of review.warnings) lines.push(`  warning: ${w.message}`);
  return lines;
}

async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isServiceError(error) && error.kind !== "forbidden") throw new UsageError(error.message);
    throw error;
  }
}

/** `crm-snapshots --org <slug> [--confirm <id> [--replaces <id>] | --delete <id>] [--json]`. */
export async function crmSnapshotsCommand(values: Values): Promise<void> {
  const slug = values.org;
  if (typeof slug !== "string" || !slug) throw new UsageError("--org is required.");
  const confirm = typeof values.confirm === "string" ? values.confirm : null;
  const remove = typeof values.delete === "string" ? values.delete : null;
  const replaces = typeof values.replaces === "string" ? values.replaces : null;
  if (confirm && remove) throw new UsageError("Give --confirm or --delete, not both.");
  if (replaces && !confirm) throw new UsageError("--replaces goes with --confirm <id of the preview>.");
  const json = values.json === true;
  await withAppContext(async (app) => {
    const org = await asUsage(() => requireOrganisationBySlug(app, slug));
    const by: SnapshotManager = { organisationId: org.id, personId: null, actor: { kind: "system", name: "cli" }, source: "cli" };
    if (confirm) {
      const review = inEnglish(await reviewSnapshot(app, org.id, confirm));
      const done = await asUsage(() => confirmSnapshot(app, by, confirm, replaces));
      if (json) console.info(JSON.stringify({ confirmed: confirm, ...done }, null, 2));
      else {
        console.info(`The snapshot of ${done.asOf} counts now${done.replaced ? `, in place of the snapshot of ${done.replaced} (deleted)` : ""}.`);
        for (const line of (replaces ? review?.replaceable.find((r) => r.id === replaces)?.changes : review?.onConfirm) ?? []) console.info(`  ${line}`);
      }
      return;
    }
    if (remove) {
      const review = inEnglish(await reviewSnapshot(app, org.id, remove));
      const done = await asUsage(() => deleteSnapshot(app, by, remove));
      if (json) console.info(JSON.stringify({ deleted: remove, ...done }, null, 2));
      else {
        console.info(`The ${done.status === "preview" ? "preview" : "snapshot"} of ${done.asOf} was deleted with its deals.`);
        for (const line of review?.onDelete ?? []) console.info(`  ${line}`);
      }
      return;
    }
    const [snapshots, feeds] = inEnglish(await Promise.all([listCrmSnapshots(app, org.id), snapshotFeedsByRow(app, org.id)]));
    if (json) {
      console.info(
        JSON.stringify(
          snapshots.map((s) => ({ ...s, feeds: feeds[s.id] ?? [] })),
          null,
          2,
        ),
      );
      return;
    }
    if (snapshots.length === 0) console.info(`${org.name} has no CRM snapshot.`);
    for (const s of snapshots) {
      console.info(`${s.id}  ${s.asOf}  ${s.status.padEnd(7)}  ${plural(s.rowCount, "deal").padStart(12)}  ${s.fileName}`);
      for (const line of s.status === "preview" ? ["Nothing until confirmed (crm-snapshots --confirm <id>)."] : (feeds[s.id] ?? [])) console.info(`    ${line}`);
    }
  });
}
