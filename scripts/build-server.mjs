// Bundles the custom server (server/main.ts and the app code it uses, migrations included) into
// build/server/main.js, so that production runs plain JavaScript from build/ with no TypeScript loader.
import { build } from "esbuild";

await build({
  entryPoints: { main: "server/main.ts", worker: "server/worker.ts", candor: "scripts/candor.ts" },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  tsconfig: "tsconfig.json",
});
console.info("built build/server/main.js, build/server/worker.js and the CLI, build/server/candor.js");
