import { afterEach, beforeEach, expect, vi } from "vitest";

// An unexpected console.error fails the test: errors must be asserted, not scrolled past.
let allowed: RegExp[] = [];
let spy: { mock: { calls: unknown[][] }; mockRestore(): void };

beforeEach(() => {
  allowed = [];
  spy = vi.spyOn(console, "error");
});

afterEach(() => {
  const unexpected = spy.mock.calls
    .map((args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "))
    .filter((line: string) => !allowed.some((pattern) => pattern.test(line)));
  spy.mockRestore();
  expect(unexpected, "unexpected console.error").toEqual([]);
});

/** Declares that the running test expects console.error lines matching `pattern`. */
export function allowConsoleError(pattern: RegExp): void {
  allowed.push(pattern);
}
