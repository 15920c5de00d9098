import type { RecentJoins } from "./audience-changes";
import type { Scale } from "./instrument";

// What a rep's pulse page shows, as the answering service builds it and the page renders it.

export interface PulseItem {
  code: string;
  text: string;
  scale: Scale;
  dimensionName: string | null;
  /** The language of the text (ADR 055), and whether it is the organisation's instead of the rep's. */
  lang: string;
  fallback: boolean;
}

export type PulseForm =
  | { kind: "unavailable"; reason: "unknown" | "not-invited" }
  | {
      kind: "form" | "closed";
      waveId: string;
      programName: string;
      teamName: string;
      closesAt: Date;
      minGroupSize: number;
      minCommentGroupSize: number;
      items: PulseItem[];
      /** The rep's current answers, when this browser sent them as a form and holds its token (cookie). */
      answers: Record<string, string> | null;
      /**
       * They answered (or asked for a ballot), but not with a form from this browser: unless this browser
       * holds the ballot (the page checks its storage), the answers cannot be shown here.
       */
      answeredElsewhere: boolean;
      /** The team's ballot key for this wave, for the browser to blind its token (null for a wave without keys). */
      /** personId: whom the page is for, sent back with the signature request (ADR 045). */
      ballot: { teamId: string; publicKey: string; personId: string } | null;
      /** How many of the team's audience joined it shortly before the wave opened (said on the form). */
      audienceChanges: RecentJoins;
      /** The answer scales' words in the page's language. */
      anchors: { agree7: string[]; nps11: [string, string] };
    };
