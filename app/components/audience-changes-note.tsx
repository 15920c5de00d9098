import { describeRecentJoins, type RecentJoins } from "~/domain/audience-changes";
import { Said } from "~/i18n/react";

/**
 * "2 of 8 people joined this team in the 14 days before this pulse.", from recentJoins
 * (app/services/audience-changes.server.ts); nothing when nobody joined recently or there is no wave.
 */
export function AudienceChangesNote({ changes }: { changes: RecentJoins | null | undefined }) {
  const sentence = changes ? describeRecentJoins(changes) : null;
  if (!sentence) return null;
  return (
    <p className="notice notice--info">
      <Said text={sentence} />
    </p>
  );
}
