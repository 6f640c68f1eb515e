// A pool worker's entry point. Worker threads start without the parent's TypeScript loader on
// Node 20 (and with it only through --import on newer ones), so the tasks module is loaded through
// tsx's namespaced import, which works the same whether or not tsx is already registered.
import { tsImport } from "tsx/esm/api";

const { runTask } = await tsImport("./tasks.ts", import.meta.url);

export default runTask;
