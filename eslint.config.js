// Type-aware lint for the habits STYLE.md asks for: promises are awaited, type imports are
// marked, switches are exhaustive, and no test is focused or skipped.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "web/dist/", "test-output/"] },
  {
    files: ["src/**/*.ts", "bench/**/*.ts", "web/**/*.ts", "web/**/*.tsx"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      // node:test's describe/test return promises that the runner itself awaits.
      "@typescript-eslint/no-floating-promises": ["error", { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "test", "it", "suite"] }] }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "no-restricted-syntax": ["error",
        { selector: "CallExpression[callee.property.name=/^(only|skip|todo)$/][callee.object.name=/^(test|it|describe)$/]", message: "No focused or skipped tests." },
        { selector: "Property[key.name=/^(only|skip|todo)$/][value.value=true]", message: "No focused or skipped tests." }],
    },
  },
);
