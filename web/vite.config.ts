// The web application: built into web/dist, which the API server serves from the same origin.
// In development, `vite web` proxies /api to a running server (web/scripts/dev-server.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { compression } from "vite-plugin-compression2";
import { stringsPart } from "./src/i18n/sections.ts";

/**
 * `import("virtual:strings/<language>/<first|rest>")`: a part of a language file (see
 * src/i18n/sections.ts), so the first screen downloads only the strings it shows.
 */
function languageParts(): Plugin {
  const PREFIX = "virtual:strings/";
  return {
    name: "accord-language-parts",
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const [lng, part] = id.slice(PREFIX.length + 1).split("/");
      if (!/^[a-z]{2}$/.test(lng ?? "") || (part !== "first" && part !== "rest")) throw new Error(`no such strings module: ${id}`);
      const file = join(import.meta.dirname, "src", "i18n", `${lng}.json`);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(stringsPart(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>, part))};`;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    react(),
    languageParts(),
    // Every text file is also written as .br and .gz at the highest levels, once, here: the server
    // sends those as they are (src/http/delivery.ts) instead of compressing on each request.
    compression({ algorithms: ["brotliCompress", "gzip"], logLevel: "silent" }),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The CSP allows only same-origin scripts: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    // Read by the size-budget test and `npm run bench`: which files the first screen needs.
    manifest: true,
    rolldownOptions: {
      // The banner logic comes from the server's src/domain/markings.ts, which also declares the
      // API's zod schemas at its top level (from z and the two code schemas). Building a schema
      // has no effect beyond its value, so the ones the app never uses (all of them) are dropped,
      // and zod with them: 20 KB of compressed script. web/e2e/delivery.test.ts checks it stays so.
      treeshake: { manualPureFunctions: ["z", "countryCode", "compartmentCode"] },
      output: {
        // The parts of the language files are named for what they hold.
        chunkFileNames: (chunk) => {
          const strings = /virtual:strings\/(\w+)\/(\w+)$/.exec(chunk.facadeModuleId ?? "");
          return strings ? `assets/strings-${strings[1]}-${strings[2]}-[hash].js` : "assets/[name]-[hash].js";
        },
        // Each page is its own chunk (App.tsx loads them lazily). The libraries every page needs
        // (React, the router, i18next) go in one chunk that changes only when they do, so a new
        // release of Accord leaves it in the browser's cache; one file compresses better than three.
        codeSplitting: {
          groups: [
            { name: "vendor", test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": process.env.ACCORD_API ?? "http://127.0.0.1:5199" },
    // The web app imports pure domain code (markings) from the server's src/.
    fs: { allow: [".."] },
  },
});
