// The GET routes a server answers, read from fastify's own route tree (printRoutes), so a test can
// hold every route it serves to a check, including any added after the test was written.
import type { FastifyInstance } from "fastify";

/** Full paths of every GET route, e.g. `/api/records/:id/history`. */
export function getRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false, method: "GET" });
  const stack: { depth: number; path: string }[] = [];
  const out: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1]?.path ?? "";
    const segment = m[2]!;
    const path = parent === "/" ? `/${segment}` : `${parent}${segment}`;
    stack.push({ depth, path });
    if (m[3]?.split(", ").includes("GET")) out.push(path);
  }
  return [...new Set(out)].sort();
}
