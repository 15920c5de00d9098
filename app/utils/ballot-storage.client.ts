/**
 * What a browser keeps of its ballots (ADR 021), in localStorage until each pulse closes: small and free of
 * the blind-signature code, so that the pulse page can check it on load without downloading that.
 */

/** What this browser keeps for a wave: the ballot (once signed) and the answers last sent with it. */
export interface StoredBallot {
  teamId: string;
  closesAt: string;
  /** A blinding in progress: the request can be sent again with the same blinded message if its answer was lost. */
  pending?: { message: string; blindedMessage: string; inverse: string };
  message?: string;
  signature?: string;
  answers?: Record<string, string>;
}

const storageKey = (waveId: string) => `candor-ballot:${waveId}`;

/** Whether this browser can make a ballot (Web Crypto needs a secure context: HTTPS or localhost). */
export function canMakeBallots(): boolean {
  return typeof window !== "undefined" && Boolean(window.crypto?.subtle) && storageWorks();
}

function storageWorks(): boolean {
  try {
    const probe = "candor-ballot:probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}

export function readBallot(waveId: string): StoredBallot | null {
  try {
    const raw = window.localStorage.getItem(storageKey(waveId));
    return raw ? (JSON.parse(raw) as StoredBallot) : null;
  } catch {
    return null;
  }
}

export function writeBallot(waveId: string, ballot: StoredBallot): void {
  window.localStorage.setItem(storageKey(waveId), JSON.stringify(ballot));
}

/** The answers this browser sent for the wave, if it holds the wave's ballot. */
export function storedAnswers(waveId: string): Record<string, string> | null {
  const ballot = readBallot(waveId);
  return ballot?.signature && ballot.answers ? ballot.answers : null;
}

/** Forgets ballots of waves that have closed (they can no longer be used, and the answers are private). */
export function forgetClosedBallots(now = Date.now()): void {
  try {
    for (let i = window.localStorage.length - 1; i >= 0; i--) {
      const key = window.localStorage.key(i);
      if (!key?.startsWith("candor-ballot:")) continue;
      const ballot = JSON.parse(window.localStorage.getItem(key) ?? "null") as StoredBallot | null;
      if (!ballot || !(Date.parse(ballot.closesAt) > now)) window.localStorage.removeItem(key);
    }
  } catch {
    // Storage that cannot be read holds nothing of ours.
  }
}

/**
 * What this browser keeps of a comment's conversation (ADR 054), after its pulse closes: the ballot's token
 * (the only key to the conversation; never sent with a cookie) and how many team messages were seen here.
 */
export interface StoredThread {
  waveId: string;
  programName: string;
  closesAt: string;
  message: string;
  seenTeamMessages: number;
}

const threadKey = (waveId: string) => `candor-thread:${waveId}`;

/** Keeps the token of a ballot that was sent, so that its comment's conversation can be reached later from this browser. */
export function keepThread(thread: Omit<StoredThread, "seenTeamMessages">): void {
  const earlier = readThreads().find((t) => t.waveId === thread.waveId && t.message === thread.message);
  window.localStorage.setItem(threadKey(thread.waveId), JSON.stringify({ ...thread, seenTeamMessages: earlier?.seenTeamMessages ?? 0 }));
}

/** Every conversation key this browser holds. */
export function readThreads(): StoredThread[] {
  const threads: StoredThread[] = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (!key?.startsWith("candor-thread:")) continue;
      const thread = JSON.parse(window.localStorage.getItem(key) ?? "null") as StoredThread | null;
      if (thread?.message && thread.waveId) threads.push(thread);
    }
  } catch {
    // Storage that cannot be read holds nothing of ours.
  }
  return threads;
}

/** Records how many team messages this browser has shown (for "you have a reply"); kept here only. */
export function markThreadSeen(waveId: string, teamMessages: number): void {
  const thread = readThreads().find((t) => t.waveId === waveId);
  if (thread) window.localStorage.setItem(threadKey(waveId), JSON.stringify({ ...thread, seenTeamMessages: teamMessages }));
}

/** Forgets a conversation key (its comment is gone, or it had none). */
export function forgetThread(waveId: string): void {
  window.localStorage.removeItem(threadKey(waveId));
}
