/**
 * What a reader of the WAL (or of the live tables' transaction ids) could pair by timing alone, if every
 * signature issuance (who, which team, when) and every ballot (which team, when) were visible to them —
 * as they are to someone who has the server's secret key besides the WAL (ADR 021). Pure functions, used
 * by `npm run anonymity:timing`.
 */
import { normal, seededRandom } from "~/services/demo/random";

export interface TimedEvent {
  team: string;
  /** Seconds since the wave opened. */
  at: number;
}

export interface Issuance extends TimedEvent {
  person: string;
}

export interface PairingReport {
  ballots: number;
  /** Ballots for which exactly one unpaired issuance of their team came before them: named outright. */
  uniquelyPaired: number;
  /** Ballots whose window since the team's previous ballot holds a single issuance. */
  singleIssuanceWindows: number;
  /** Mean number of people a ballot could be from, for the greedy attacker below. */
  meanCandidates: number;
}

/**
 * The attacker's best simple strategy: take the ballots of a team in time order; each could be from any
 * person of the team who got a signature before it and has not been paired with an earlier ballot; when
 * that leaves one person, the ballot is theirs (and that person is used up).
 */
export function pairByTiming(issuances: readonly Issuance[], ballots: readonly TimedEvent[]): PairingReport {
  const teams = new Set([...issuances.map((i) => i.team), ...ballots.map((b) => b.team)]);
  let uniquelyPaired = 0;
  let singleIssuanceWindows = 0;
  let candidates = 0;
  for (const team of teams) {
    const issued = issuances.filter((i) => i.team === team).sort((a, b) => a.at - b.at);
    const cast = ballots.filter((b) => b.team === team).sort((a, b) => a.at - b.at);
    const used = new Set<string>();
    let previous = -Infinity;
    for (const ballot of cast) {
      const before = issued.filter((i) => i.at <= ballot.at && !used.has(i.person));
      candidates += before.length;
      if (before.length === 1) {
        uniquelyPaired++;
        used.add(before[0]!.person);
      }
      if (issued.filter((i) => i.at > previous && i.at <= ballot.at).length === 1) singleIssuanceWindows++;
      previous = ballot.at;
    }
  }
  return { ballots: ballots.length, uniquelyPaired, singleIssuanceWindows, meanCandidates: ballots.length ? candidates / ballots.length : 0 };
}

/** The demo's seeded generator (mulberry32), so that figures are the same on every run. */
export const seeded = seededRandom;

export type IssueWhen = "at-send" | "at-show";

export interface WaveModel {
  /** Reps asked, per team. */
  teams: Record<string, number>;
  openDays: number;
  /** Days (after opening) on which a reminder goes out. */
  reminderDays: number[];
  answerRate: number;
  /** Of those who open the form with JavaScript, how many leave without sending (only matters at-show). */
  abandonRate: number;
}

/**
 * One simulated wave: each rep who answers comes after the invitation or a reminder (half on the day of
 * the invitation), a few hours later on average, takes a couple of minutes to answer (log-normal, median
 * 150 s), and sends. The signature is issued when they send (at-send: the ballot follows 0.1–0.4 s
 * later) or when the form is shown (at-show: the ballot follows after the answering time; some leave
 * without sending, holding a signature they never use).
 */
export function simulateWave(model: WaveModel, when: IssueWhen, random: () => number): { issuances: Issuance[]; ballots: TimedEvent[] } {
  const issuances: Issuance[] = [];
  const ballots: TimedEvent[] = [];
  const nudges = [0, ...model.reminderDays];
  const weights = nudges.map((_, i) => (i === 0 ? 0.5 : 0.5 / model.reminderDays.length));
  for (const [team, size] of Object.entries(model.teams)) {
    for (let r = 0; r < size; r++) {
      const person = `${team}#${r}`;
      const comes = random() < model.answerRate;
      const abandons = when === "at-show" && random() < model.abandonRate;
      if (!comes && !abandons) continue;
      let pick = random();
      let nudge = 0;
      for (let i = 0; i < nudges.length; i++) {
        pick -= weights[i]!;
        if (pick <= 0) {
          nudge = nudges[i]!;
          break;
        }
      }
      const arrival = Math.min(nudge * 86_400 + -Math.log(1 - random()) * 4 * 3600, model.openDays * 86_400 - 600);
      const answering = 150 * Math.exp(normal(random, 0, 0.6));
      if (when === "at-send") {
        if (!comes) continue;
        issuances.push({ person, team, at: arrival + answering });
        ballots.push({ team, at: arrival + answering + 0.1 + random() * 0.3 });
      } else {
        issuances.push({ person, team, at: arrival });
        if (comes && !abandons) ballots.push({ team, at: arrival + answering });
      }
    }
  }
  return { issuances, ballots };
}
