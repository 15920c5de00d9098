import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The layers (README, "How the code is laid out", and ADR 032), as lint rules so that they cannot erode. The
// rules are on paths, not on how an import is spelt: `#db/x`, `../../db/x` and `~/services/x` resolve to the
// same file and meet the same rule.
const appAbove = (...layers) => layers.map((l) => `./app/${l}`);
const message = (text) => `${text} (README, "How the code is laid out").`;
const LAYER_ZONES = [
  {
    target: "./app/domain",
    from: [
      ...appAbove("routes", "components", "services", "auth", "http", "utils", "styles"),
      "./app/context.server.ts",
      "./app/config.server.ts",
      "./app/mailer.server.ts",
      "./app/root.tsx",
      "./app/entry.server.tsx",
      "./app/entry.client.tsx",
      "./db",
      "./server",
      "./scripts",
    ],
    message: message("app/domain is pure TypeScript: plain data in, plain data out; it imports no other layer"),
  },
  {
    target: "./db",
    from: "./app",
    except: ["./domain"],
    message: message("db/ is the data layer: it may use app/domain's types and nothing else of the app"),
  },
  {
    target: "./app/components",
    from: [...appAbove("services", "auth", "http", "routes"), "./app/context.server.ts", "./app/mailer.server.ts", "./db"],
    message: message("Components render the data their route gives them: no services, auth, HTTP or database"),
  },
  {
    target: "./app/utils",
    from: [...appAbove("services", "auth", "http", "routes", "components"), "./db"],
    message: message("app/utils holds small helpers any layer may use, so it imports none of the layers"),
  },
  {
    target: "./app/routes",
    from: "./db",
    message: message("Routes call one service; only services (and app/auth, for its own tables) use the database"),
  },
  {
    target: "./app/http",
    from: [...appAbove("routes", "components"), "./db"],
    message: message("app/http is the route edge: it calls services, never the database"),
  },
  {
    target: "./app/services",
    from: appAbove("routes", "http", "components"),
    message: message("Services are use cases below the routes: they never import routes, HTTP or components"),
  },
  {
    target: "./app/auth",
    from: appAbove("services", "http", "routes", "components"),
    message: message("app/auth (sessions, tokens, guards) sits below the services and routes that use it"),
  },
  {
    target: ["./app/context.server.ts", "./app/config.server.ts", "./app/mailer.server.ts", "./app/log.server.ts", "./app/log-redaction.server.ts"],
    from: appAbove("services", "auth", "http", "routes", "components", "utils"),
    message: message("The app's context, config, mailer and log are what every layer stands on: they import no layer"),
  },
];

// The import-cycle rule: a cycle between modules means two layers that cannot be understood (or tested) apart.
const CYCLE_RULES = { "import-x/no-cycle": ["error", { ignoreExternal: true }] };

// Packages that only the data layer (db/, services, auth) may use, and that app/domain may not.
const dbPackages = {
  group: ["kysely", "pg", "pg-*", "@electric-sql/*"],
  message: "Only the data layer (db/, app/services, app/auth) uses the database driver; call a service instead.",
};
const frameworkPackages = {
  group: ["@remix-run/*", "react", "react-dom", "react/*", "react-dom/*", "@visx/*", "node:*"],
  message: "app/domain is pure TypeScript: plain data in, plain data out. No framework, React, I/O or db imports.",
};

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".data/", ".cache/", "coverage/", "public/", "tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "no-console": ["error", { allow: ["info", "warn", "error"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "server/**/*.ts", "scripts/**/*.ts"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })] },
    rules: { "import-x/no-restricted-paths": ["error", { zones: LAYER_ZONES }], ...CYCLE_RULES },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/services/**", "app/auth/**", "app/domain/**", "app/context.server.ts", "app/entry.server.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [dbPackages] }] },
  },
  {
    files: ["app/domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [dbPackages, frameworkPackages] }] },
  },
  {
    // The server's output is the JSON log (app/log.server.ts, ADR 039): a console line would bypass its
    // levels and its redaction. Tests, the CLI and the build scripts print for people and may use it.
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-console": "error" },
  },
  {
    // Migrations are frozen in time: they never import application code or the current schema types.
    files: ["db/migrations/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/*", "\\#db/*", "../schema", "../queries/*", "../../app/*"], message: "Migrations import nothing of the app." }] },
      ],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["scripts/**/*.mjs", "**/*.config.{js,ts}"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["db/migrate.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Type-aware rules (ADR 030): the ones that catch a promise nobody waits for or whose rejection nobody
    // handles, which in the stream code (CSV import, COPY, the server) means a lost error or a half-done write.
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/return-await": ["error", "error-handling-correctness-only"],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
