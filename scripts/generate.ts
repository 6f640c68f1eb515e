// `npm run generate`: writes the web app's constants from the kind registry (src/web-constants.ts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { webKindsSource } from "../src/web-constants.ts";

const target = fileURLToPath(new URL("../web/src/generated/kinds.ts", import.meta.url));
writeFileSync(target, webKindsSource());
console.log(`wrote ${target}`);
