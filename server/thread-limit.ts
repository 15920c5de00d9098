/**
 * The limit on a comment author's conversation requests (ADR 054): at most THREAD_REQUESTS_PER_MINUTE from
 * one client address in a minute, per process, counted in memory only. A table of attempts (as sign-in has)
 * would write the address in the request that reads or answers a conversation; this writes nothing. The
 * token is 32 random bytes, so the limit is against load, not guessing.
 */
export const THREAD_REQUESTS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

// One count per server (per AppContext): a process that serves several (the tests) keeps them apart.
const byServer = new WeakMap<object, Map<string, { start: number; count: number }>>();

/** Counts a request from `address` at `now` (ms) to `server`; false when the address has used up its minute. */
export function takeThreadRequest(server: object, address: string, now: number): boolean {
  let windows = byServer.get(server);
  if (!windows) byServer.set(server, (windows = new Map()));
  let window = windows.get(address);
  if (!window || now - window.start >= WINDOW_MS) {
    if (!window && windows.size >= MAX_ADDRESSES) windows.clear();
    window = { start: now, count: 0 };
    windows.set(address, window);
  }
  window.count++;
  return window.count <= THREAD_REQUESTS_PER_MINUTE;
}
