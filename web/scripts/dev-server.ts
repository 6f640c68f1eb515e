// A throw-away Accord with the demo data, for developing the web app: `npx tsx web/scripts/dev-server.ts [port]`.
// Its database lives in a temporary folder and is dropped on exit, so ./data is never touched.
import { testEnv } from "../../src/testing/harness.ts";
import { seedDemo } from "../../src/seed/demo.ts";

const env = await testEnv("sqlite", { logLevel: "warn" });
await seedDemo(env.store);
const address = await env.app.listen({ port: Number(process.argv[2] ?? 5199), host: "127.0.0.1" });
console.log(`dev server at ${address}`);
const stop = async () => { await env.close(); process.exit(0); };
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
