// Test helper: what a recorded graph is made of. Used to show that composites (softmax,
// variance, BatchNorm, …) have no vjp of their own: their graphs hold only primitives.
import type { Node, Tensor } from "@tsgrad/autograd";

/**
 * Every node of the graph that produced `v`, each once (empty for a leaf or a Tensor
 * computed without grad). Walks iteratively, so graphs of any depth work.
 */
export function recordedNodes(v: Tensor): Node[] {
  const seen = new Set<Node>();
  const stack: Node[] = v.node ? [v.node] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const input of node.peekInputs()) if (input.node && !seen.has(input.node)) stack.push(input.node);
  }
  return [...seen];
}

/** The names of the primitives recorded in the graph that produced `v`. */
export function recordedOps(v: Tensor): Set<string> {
  return new Set(recordedNodes(v).map((n) => n.primitive.name));
}
