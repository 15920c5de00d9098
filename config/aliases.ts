import { fileURLToPath } from "node:url";

/** Import aliases shared by Vite, Vitest and the esbuild server bundle (tsconfig `paths` mirrors them). */
export const aliases = {
  "~": fileURLToPath(new URL("../app", import.meta.url)),
  "#db": fileURLToPath(new URL("../db", import.meta.url)),
};
