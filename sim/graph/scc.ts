// Strongly connected components (iterative Tarjan) over the edges a predicate allows.
// Returns the component id of every node (-1 for nodes with no allowed edge) and the sizes.

export interface SccResult {
  component: Int32Array;
  sizes: number[];
}

export function stronglyConnected(
  nodeCount: number,
  firstOut: Uint32Array,
  edgeTo: Uint32Array,
  allowed: (edge: number) => boolean,
  touched: Uint8Array,
): SccResult {
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const component = new Int32Array(nodeCount).fill(-1);
  const stack = new Int32Array(nodeCount);
  const callNode = new Int32Array(nodeCount);
  const callEdge = new Uint32Array(nodeCount);
  const sizes: number[] = [];
  let sp = 0;
  let counter = 0;

  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1 || !touched[root]) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = firstOut[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const u = callNode[depth];
      const end = firstOut[u + 1];
      let e = callEdge[depth];
      let descended = false;
      for (; e < end; e++) {
        if (!allowed(e)) continue;
        const v = edgeTo[e];
        if (index[v] === -1) {
          callEdge[depth] = e + 1;
          depth++;
          callNode[depth] = v;
          callEdge[depth] = firstOut[v];
          index[v] = low[v] = counter++;
          stack[sp++] = v;
          onStack[v] = 1;
          descended = true;
          break;
        } else if (onStack[v] && index[v] < low[u]) {
          low[u] = index[v];
        }
      }
      if (descended) continue;
      callEdge[depth] = e;
      if (low[u] === index[u]) {
        const id = sizes.length;
        let size = 0;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          component[w] = id;
          size++;
        } while (w !== u);
        sizes.push(size);
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[u] < low[parent]) low[parent] = low[u];
      }
    }
  }
  return { component, sizes };
}
