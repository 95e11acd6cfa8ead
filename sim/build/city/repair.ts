// Car connectivity repair. Removed block edges, pedestrian streets and one-way pairs can leave a
// few nodes that cars can enter but not leave (or the reverse). Rather than let the graph
// builder prune them, one-way ways touching such nodes are made two-way again.

import type { RoadWay } from '../../graph/road-input.ts';
import { stronglyConnected } from '../../graph/scc.ts';

export interface CarComponents {
  /** 1 if the node is in the largest strongly connected part for cars */
  inMain: Uint8Array;
  /** car nodes outside it */
  outside: number;
  /** one-way ways turned two-way */
  repaired: number;
}

function carScc(nodeCount: number, ways: readonly RoadWay[]): { inMain: Uint8Array; outside: number } {
  const deg = new Uint32Array(nodeCount + 1);
  const touched = new Uint8Array(nodeCount);
  for (const w of ways) {
    if (!w.access.car) continue;
    for (let k = 1; k < w.nodes.length; k++) {
      const a = w.nodes[k - 1], b = w.nodes[k];
      touched[a] = touched[b] = 1;
      if (w.oneway !== -1) deg[a + 1]++;
      if (w.oneway !== 1) deg[b + 1]++;
    }
  }
  for (let i = 0; i < nodeCount; i++) deg[i + 1] += deg[i];
  const firstOut = deg;
  const cursor = firstOut.slice(0, nodeCount);
  const edgeTo = new Uint32Array(firstOut[nodeCount]);
  for (const w of ways) {
    if (!w.access.car) continue;
    for (let k = 1; k < w.nodes.length; k++) {
      const a = w.nodes[k - 1], b = w.nodes[k];
      if (w.oneway !== -1) edgeTo[cursor[a]++] = b;
      if (w.oneway !== 1) edgeTo[cursor[b]++] = a;
    }
  }
  const { component, sizes } = stronglyConnected(nodeCount, firstOut, edgeTo, () => true, touched);
  let largest = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c] > sizes[largest]) largest = c;
  const inMain = new Uint8Array(nodeCount);
  let outside = 0;
  for (let i = 0; i < nodeCount; i++) {
    if (!touched[i]) continue;
    if (component[i] === largest) inMain[i] = 1;
    else outside++;
  }
  return { inMain, outside };
}

export function repairCarConnectivity(nodeCount: number, ways: RoadWay[], maxRounds = 4): CarComponents {
  let repaired = 0;
  let res = carScc(nodeCount, ways);
  for (let round = 0; round < maxRounds && res.outside > 0; round++) {
    let changed = 0;
    for (const w of ways) {
      if (w.oneway === 0 || !w.access.car) continue;
      if (w.nodes.some((n) => !res.inMain[n])) {
        w.oneway = 0;
        delete w.ebikeContraflow;
        changed++;
      }
    }
    if (changed === 0) break;
    repaired += changed;
    res = carScc(nodeCount, ways);
  }
  return { ...res, repaired };
}
