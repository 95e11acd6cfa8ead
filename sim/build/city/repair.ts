// Car connectivity repair. Removed block edges, pedestrian streets and one-way pairs can leave a
// few nodes that cars can enter but not leave (or the reverse). Rather than let the graph
// builder prune them, one-way ways touching such nodes are made two-way again.
//
// The city's main part is the strongly connected part around a known arterial node (`root`),
// found by one forward and one backward search: cheaper at load time than a full Tarjan pass.

import type { RoadWay } from '../../graph/road-input.ts';

export interface CarComponents {
  /** 1 if cars can get from the root to the node and back */
  inMain: Uint8Array;
  /** car nodes outside the main part */
  outside: number;
  /** one-way ways turned two-way */
  repaired: number;
}

function reach(first: Uint32Array, adj: Uint32Array, root: number, seen: Uint8Array, queue: Uint32Array): void {
  let head = 0, tail = 0;
  queue[tail++] = root;
  seen[root] = 1;
  while (head < tail) {
    const a = queue[head++];
    for (let e = first[a]; e < first[a + 1]; e++) {
      const b = adj[e];
      if (!seen[b]) {
        seen[b] = 1;
        queue[tail++] = b;
      }
    }
  }
}

function mainPart(nodeCount: number, ways: readonly RoadWay[], root: number): { inMain: Uint8Array; outside: number } {
  const outFirst = new Uint32Array(nodeCount + 1);
  const inFirst = new Uint32Array(nodeCount + 1);
  const touched = new Uint8Array(nodeCount);
  for (const w of ways) {
    if (!w.access.car) continue;
    const ns = w.nodes;
    for (let k = 1; k < ns.length; k++) {
      const a = ns[k - 1], b = ns[k];
      touched[a] = touched[b] = 1;
      if (w.oneway !== -1) { outFirst[a + 1]++; inFirst[b + 1]++; }
      if (w.oneway !== 1) { outFirst[b + 1]++; inFirst[a + 1]++; }
    }
  }
  for (let i = 0; i < nodeCount; i++) {
    outFirst[i + 1] += outFirst[i];
    inFirst[i + 1] += inFirst[i];
  }
  const outAdj = new Uint32Array(outFirst[nodeCount]);
  const inAdj = new Uint32Array(inFirst[nodeCount]);
  const oc = outFirst.slice(0, nodeCount), ic = inFirst.slice(0, nodeCount);
  for (const w of ways) {
    if (!w.access.car) continue;
    const ns = w.nodes;
    for (let k = 1; k < ns.length; k++) {
      const a = ns[k - 1], b = ns[k];
      if (w.oneway !== -1) { outAdj[oc[a]++] = b; inAdj[ic[b]++] = a; }
      if (w.oneway !== 1) { outAdj[oc[b]++] = a; inAdj[ic[a]++] = b; }
    }
  }
  const fwd = new Uint8Array(nodeCount), bwd = new Uint8Array(nodeCount);
  const queue = new Uint32Array(nodeCount);
  reach(outFirst, outAdj, root, fwd, queue);
  reach(inFirst, inAdj, root, bwd, queue);
  const inMain = new Uint8Array(nodeCount);
  let outside = 0;
  for (let i = 0; i < nodeCount; i++) {
    if (!touched[i]) continue;
    if (fwd[i] && bwd[i]) inMain[i] = 1;
    else outside++;
  }
  return { inMain, outside };
}

export function repairCarConnectivity(nodeCount: number, ways: RoadWay[], root: number, maxRounds = 4): CarComponents {
  let repaired = 0;
  let res = mainPart(nodeCount, ways, root);
  for (let round = 0; round < maxRounds && res.outside > 0; round++) {
    let changed = 0;
    for (const w of ways) {
      if (w.oneway === 0 || !w.access.car) continue;
      const ns = w.nodes;
      let out = false;
      for (let k = 0; k < ns.length && !out; k++) out = !res.inMain[ns[k]];
      if (!out) continue;
      w.oneway = 0;
      delete w.ebikeContraflow;
      changed++;
    }
    if (changed === 0) break;
    repaired += changed;
    res = mainPart(nodeCount, ways, root);
  }
  return { inMain: res.inMain, outside: res.outside, repaired };
}
