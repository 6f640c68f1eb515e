// The web application: built into web/dist, which the API server serves from the same origin.
// In development, `vite web` proxies /api to a running server (web/scripts/dev-server.ts).
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The CSP allows only same-origin scripts: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { "/api": process.env.ACCORD_API ?? "http://127.0.0.1:5199" },
    // The web app imports pure domain code (markings) from the server's src/.
    fs: { allow: [".."] },
  },
});
