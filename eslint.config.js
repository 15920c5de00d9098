import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The import boundaries (README, "How the code is laid out"), as lint rules so that the layering cannot erode:
// only *.server.ts files (services, auth, the server) may reach the database layer, and app/domain
// stays pure TypeScript.
const dbImports = {
  group: ["\\#db/*", "\\#db", "**/db/*", "kysely", "pg", "@electric-sql/*"],
  message: "Only *.server.ts files may use the database; call a service instead.",
};
const frameworkImports = {
  group: ["@remix-run/*", "react", "react-dom", "react/*", "react-dom/*", "@visx/*", "~/services/*", "~/auth/*", "~/routes/*", "~/components/*", "node:*"],
  message: "app/domain is pure TypeScript: plain data in, plain data out. No framework, React, I/O or db imports.",
};

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".data/", ".cache/", "coverage/", "public/"] },
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
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx", "app/domain/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [dbImports] }] },
  },
  {
    files: ["app/domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [dbImports, frameworkImports] }] },
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
