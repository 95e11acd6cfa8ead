// The result of contraction: node ranks plus the two upward graphs a query searches, all in
// typed arrays. Both upward graphs are indexed by rank rather than node id, so the top of the
// hierarchy (which every search visits) sits together in memory.

export interface ContractionHierarchy {
  readonly nodeCount: number;
  /** rank of each graph node: 0 was contracted first, nodeCount-1 last (the "highest") */
  readonly rank: Uint32Array;
  /** graph node id at each rank */
  readonly nodeAtRank: Uint32Array;

  /** forward upward graph: arcs r → fwdHead[i] (a higher rank) for i in fwdFirst[r] .. fwdFirst[r+1]-1 */
  readonly fwdFirst: Uint32Array;
  readonly fwdHead: Uint32Array;
  /** travel seconds along the arc */
  readonly fwdWeight: Float64Array;
  /** id of the arc (index into the arc arrays below) */
  readonly fwdArc: Uint32Array;

  /** backward upward graph: arcs bwdTail[i] → r with bwdTail[i] ranked higher than r */
  readonly bwdFirst: Uint32Array;
  readonly bwdTail: Uint32Array;
  readonly bwdWeight: Float64Array;
  readonly bwdArc: Uint32Array;

  /** every arc made during contraction, by arc id (graph node ids, not ranks) */
  readonly arcFrom: Uint32Array;
  readonly arcTo: Uint32Array;
  readonly arcWeight: Float64Array;
  /** shortcut children (first half ends at the contracted middle node), -1 for an original edge */
  readonly arcChildA: Int32Array;
  readonly arcChildB: Int32Array;
  /** the graph edge an original arc stands for, -1 for a shortcut */
  readonly arcEdge: Int32Array;

  /** shortcuts in the final upward graphs */
  readonly shortcutCount: number;
  /** the per-edge seconds the hierarchy was built from (a query with other costs would be wrong) */
  readonly edgeSeconds: Float32Array;
}

/** Middle node of a shortcut arc (the node whose contraction made it), or -1 for an original edge. */
export function shortcutMiddle(ch: ContractionHierarchy, arc: number): number {
  const a = ch.arcChildA[arc];
  return a < 0 ? -1 : ch.arcTo[a];
}

/** Appends the graph edges an arc stands for, in driving order. Iterative: shortcuts nest deeply. */
export function unpackArc(ch: ContractionHierarchy, arc: number, out: number[] = []): number[] {
  const stack = [arc];
  while (stack.length > 0) {
    const a = stack.pop()!;
    const first = ch.arcChildA[a];
    if (first < 0) out.push(ch.arcEdge[a]);
    else stack.push(ch.arcChildB[a], first);
  }
  return out;
}
