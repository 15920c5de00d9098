import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import { inScope, REP_PAGE_PREFIXES, SERVER_ONLY_PREFIXES } from "./scopes";

// A rep's browser gets only the rep pages' messages (scopes.ts): every key that a page a rep or a visitor can
// open uses — through any module it imports that can reach the browser (not *.server.ts: services' refusals to
// reps are said under the rep pages' own prefixes) — must be in that scope, or the page would show a key's name.

const root = resolve(import.meta.dirname, "../..");
const REP_ROUTES = [
  "app/root.tsx",
  "app/routes/_index.tsx",
  "app/routes/$.tsx",
  "app/routes/pulse.$token.tsx",
  "app/routes/pulses.$waveId.tsx",
  "app/routes/account.tsx",
  "app/routes/login.tsx",
  "app/routes/logout.tsx",
  "app/routes/forgot-password.tsx",
  "app/routes/invite.$token.tsx",
  "app/routes/reset-password.$token.tsx",
  "app/routes/language.tsx",
  "app/routes/sso.oidc.callback.tsx",
  "app/routes/sso.oidc.$connectionId.start.tsx",
  "app/routes/sso.saml.$connectionId.start.tsx",
  "app/routes/sso.saml.$connectionId.acs.tsx",
];

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = join(root, "app", spec.slice(2));
  else if (spec.startsWith("#db/")) base = join(root, "db", spec.slice(4));
  else if (spec.startsWith(".")) base = resolve(dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) if (existsSync(candidate) && /\.tsx?$/.test(candidate)) return candidate;
  return null;
}

function reachable(starts: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = starts.map((s) => join(root, s));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:import|export)\s[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const target = resolveImport(file, match[1] ?? match[2]!);
      if (target && !target.includes(".test.") && !target.includes(".server.")) queue.push(target);
    }
  }
  return seen;
}

describe("the messages a rep's browser gets", () => {
  it("holds every key the pages a rep or a visitor can open use", () => {
    const keys = new Set(Object.keys(en));
    const files = reachable(REP_ROUTES);
    expect(files.size).toBeGreaterThan(30);
    const missing = new Map<string, string>();
    for (const file of files) {
      for (const match of readFileSync(file, "utf8").matchAll(/["'`]([a-zA-Z]+\.[\w.-]+)["'`]/g)) {
        const key = match[1]!;
        if (keys.has(key) && !inScope(key, "rep") && !SERVER_ONLY_PREFIXES.some((p) => key.startsWith(`${p}.`))) missing.set(key, file.slice(root.length + 1));
      }
    }
    expect([...missing].map(([key, file]) => `${key} (${file})`)).toEqual([]);
  });

  it("leaves out emails, and gives staff every other message", () => {
    expect(inScope("mail.action", "rep")).toBe(false);
    expect(inScope("mail.action", "staff")).toBe(false);
    expect(inScope("pulse.submit", "rep")).toBe(true);
    for (const key of Object.keys(en)) if (!key.startsWith("mail.")) expect(inScope(key, "staff"), key).toBe(true);
    expect(REP_PAGE_PREFIXES).not.toContain("mail");
  });
});
