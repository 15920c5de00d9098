import fs from "node:fs";

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium; null when neither exists. */
export function findChromium(): string | null {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  return fs.existsSync(candidate) ? candidate : null;
}
