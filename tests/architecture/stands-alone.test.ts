import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The repository stands alone: what the code relies on is written in docs/design, and no file points at the
// team's notes outside it (a clone would get dangling references). The names are built from pieces so that
// this file does not match itself.
const root = path.resolve(import.meta.dirname, "../..");
const outside = new RegExp(["\\.\\./" + "shared", "DESIGN" + "\\.md", "STYLE" + "\\.md", "STACK" + "\\.md"].join("|"));

describe("the repository stands alone", () => {
  it("no tracked file refers to documents outside the repository", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((file) => {
      const full = path.join(root, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) return [];
      const text = fs.readFileSync(full, "utf8");
      return text.split("\n").flatMap((line, i) => (outside.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : []));
    });
    expect(hits).toEqual([]);
  });

  it("every design page the docs index lists exists", () => {
    const index = fs.readFileSync(path.join(root, "docs/design/README.md"), "utf8");
    const pages = [...index.matchAll(/\]\(([a-z-]+\.md)\)/g)].map((m) => m[1]!);
    expect(pages).toEqual(["roles.md", "instrument.md", "anonymity.md", "crm-metrics.md", "statistics.md", "performance-goals.md"]);
    for (const page of pages) expect(fs.existsSync(path.join(root, "docs/design", page)), page).toBe(true);
  });
});
