// Type-aware lint for the habits STYLE.md asks for: promises are awaited, type imports are
// marked, switches are exhaustive, and no test is focused or skipped. And one for Accord's read
// rule: code serving records reaches the store only through the request's Reader.
import tseslint from "typescript-eslint";

const noFocusedTests = [
  { selector: "CallExpression[callee.property.name=/^(only|skip|todo)$/][callee.object.name=/^(test|it|describe)$/]", message: "No focused or skipped tests." },
  { selector: "Property[key.name=/^(only|skip|todo)$/][value.value=true]", message: "No focused or skipped tests." },
];

const THROUGH_THE_READER = "Resource and ingest code reads records only through the request's Reader (readerOf(req)) and writes through its transaction: no raw connection.";

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
      "no-restricted-syntax": ["error", ...noFocusedTests],
    },
  },
  {
    // Every route that serves records, and the ingestion that reads the registry: the Reader or nothing.
    // Exempt, because they serve no marked record: accounts and sessions (auth, users), the audit
    // log (audit: its targets resolve as references through the read rule), and the registration
    // file's liveness probe. They use systemDb(), which says so at each call.
    files: ["src/resources/**/*.ts", "src/ingest/**/*.ts"],
    ignores: ["src/resources/auth/**", "src/resources/users/**", "src/resources/audit/**", "src/resources/index.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/store/db.ts", "**/store/dialect.ts"], allowTypeImports: true, message: THROUGH_THE_READER },
          { group: ["**/http/system.ts"], message: `${THROUGH_THE_READER} systemDb() is for bookkeeping and the CLI.` },
          { group: ["**/store/refs.ts", "**/store/search.ts", "**/store/plans.ts"], allowTypeImports: true, message: `${THROUGH_THE_READER} (the Reader offers refs, search and plans).` },
          { group: ["**/store/access.ts"], importNames: ["readableBy", "readableMarkings", "readersOfMarking"], message: "The read rule is composed by the Reader; no hand-pasted filter." },
        ],
      }],
      "no-restricted-syntax": ["error", ...noFocusedTests,
        { selector: "MemberExpression[property.name='store'][object.property.name='ctx']", message: THROUGH_THE_READER },
        { selector: "VariableDeclarator[init.property.name='ctx'] > ObjectPattern > Property[key.name='store']", message: THROUGH_THE_READER },
      ],
    },
  },
);
