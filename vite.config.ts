import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { aliases } from "./config/aliases";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: { alias: aliases },
  build: { target: "es2022" },
  // Bundle visx into the server build so that only the chart code Candor uses is loaded at start-up:
  // importing the whole @visx/visx package costs about 0.7 s of module loading on every start.
  ssr: { noExternal: [/^@visx\//] },
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
});
