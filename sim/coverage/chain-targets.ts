// Patrol zones and lines laid out along the chains (see chains.ts), so `measure` adds the
// reached part of each target while it visits the chains a search reached, instead of walking
// every target's segment list. Each chain lists the stretches of it that belong to some target:
// [x0, x1] metres from the chain's A end and the target's row (zones first, then lines). Runs of
// consecutive slots of the same target are one stretch. Built once per model.

import type { ChainTopology } from './chains.ts';

export interface ChainTargets {
  /** stretches of chain c: first[c] .. first[c+1]-1 */
  readonly first: Uint32Array;
  readonly x0: Float64Array;
  readonly x1: Float64Array;
  readonly row: Uint32Array;
}

/** `lists[r]`: the slots of target row r (any order, no repeats). */
export function buildChainTargets(top: ChainTopology, lists: readonly Uint32Array[]): ChainTargets {
  const slotCount = top.slotEdge.length;
  // Slots of each row ascending: marks per row, then one pass over the slots in chain order.
  const rowsOfSlot: number[][] = [];
  const marked = new Uint8Array(slotCount);
  const touched: number[] = [];
  lists.forEach((slots, r) => {
    for (const s of slots) {
      if (s >= slotCount) throw new RangeError(`Unexpected slot: ${s}.`);
      if (marked[s] === 0) touched.push(s);
      marked[s] = 1;
      (rowsOfSlot[s] ??= []).push(r);
    }
  });
  touched.sort((a, b) => a - b);
  const first = new Uint32Array(top.chainCount + 1);
  const x0: number[] = [], x1: number[] = [], row: number[] = [];
  // open[r]: index of row r's stretch that ends at the previous slot of the same chain, or -1
  const open = new Int32Array(lists.length).fill(-1);
  const openRows: number[] = [];
  let prevSlot = -2, prevChain = -1;
  for (const s of touched) {
    const c = top.slotChain[s];
    if (c !== prevChain || s !== prevSlot + 1) {
      for (const r of openRows) open[r] = -1;
      openRows.length = 0;
    }
    const a = top.boundaryMeters[s + c], b = top.boundaryMeters[s + c + 1];
    const rows = rowsOfSlot[s];
    const still: number[] = [];
    for (const r of rows) {
      if (open[r] >= 0) x1[open[r]] = b;
      else {
        open[r] = x0.length;
        x0.push(a);
        x1.push(b);
        row.push(r);
        first[c + 1]++;
      }
      still.push(r);
    }
    // Rows not on this slot end their stretch here.
    for (const r of openRows) if (!rows.includes(r)) open[r] = -1;
    openRows.length = 0;
    openRows.push(...still);
    prevSlot = s;
    prevChain = c;
  }
  for (let c = 0; c < top.chainCount; c++) first[c + 1] += first[c];
  return { first, x0: Float64Array.from(x0), x1: Float64Array.from(x1), row: Uint32Array.from(row) };
}
