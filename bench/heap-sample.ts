// A V8 sampling heap profile summed up: the bytes sampled, by allocating function and by the
// nearest of Accord's own functions on each sample's stack (bench/profile-case.ts in process, and
// bench/p99-probe.ts inside each server it starts, where this module is imported through tsx).
export interface Frame { functionName: string; url: string; lineNumber: number }
export interface HeapNode { callFrame: Frame; selfSize: number; children: HeapNode[] }

export const where = (f: Frame) => `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(src|node_modules)\//, "$1/")}:${f.lineNumber + 1}`;
export const ours = (f: Frame) => f.url.includes("/src/") && !f.url.includes("node_modules");

export function summarise(head: HeapNode): { total: number; self: Map<string, number>; near: Map<string, number> } {
  const self = new Map<string, number>();
  const near = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, stack: Frame[]) => {
    const s = [...stack, node.callFrame];
    if (node.selfSize) {
      total += node.selfSize;
      self.set(where(node.callFrame), (self.get(where(node.callFrame)) ?? 0) + node.selfSize);
      const mine = [...s].reverse().find(ours);
      const k = mine ? where(mine) : "(outside src)";
      near.set(k, (near.get(k) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, s);
  };
  walk(head, []);
  return { total, self, near };
}
