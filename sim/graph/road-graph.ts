// The road graph: a directed graph in compressed sparse row form, all typed arrays.
// Edge ids are positions in the out-edge CSR (edges sorted by `from`). Each road segment gives
// one directed edge per direction that some profile may travel; the two are linked by
// `edgeReverse`. Per-profile access after pruning lives in `edgeAccess` as a bit mask.

import type { ProfileName } from '../../shared/roads.ts';
import type { LocalProjection } from '../geo/projection.ts';

/** Edge flag bits in `edgeFlags`. */
export const EDGE_ONEWAY = 1; // the segment is one-way for cars
export const EDGE_BRIDGE = 2;
export const EDGE_ROUNDABOUT = 4;
export const EDGE_AGAINST_WAY = 8; // runs against the source way's drawing order

export interface DroppedPart {
  /** strongly connected components other than the largest */
  components: number;
  /** nodes that the profile could use but that lie outside its largest component */
  nodes: number;
  /** directed edges whose access for the profile was removed */
  edges: number;
}

export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly projection: LocalProjection;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** local projected metres (see projection) */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** external ids (OSM node ids) or -1 */
  readonly nodeSourceId: Float64Array;
  /** CSR: out-edges of node u are ids firstOut[u] .. firstOut[u+1]-1 */
  readonly firstOut: Uint32Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** metres */
  readonly edgeLength: Float32Array;
  /** road class code, see ROAD_CLASSES */
  readonly edgeClass: Uint8Array;
  /** legal limit in km/h, 0 when unknown */
  readonly edgeMaxSpeed: Float32Array;
  /** bit mask of profiles allowed on this directed edge (after largest-SCC pruning) */
  readonly edgeAccess: Uint8Array;
  readonly edgeFlags: Uint8Array;
  /** the opposite directed edge of the same segment, or -1 */
  readonly edgeReverse: Int32Array;
  /** index into `wayNames` of the source way's name, or -1 */
  readonly edgeName: Int32Array;
  readonly wayNames: readonly string[];
  /** reverse CSR: in-edges of node v are inEdge[firstIn[v] .. firstIn[v+1]-1] */
  readonly firstIn: Uint32Array;
  readonly inEdge: Uint32Array;
  /** bit mask of profiles for which the node is in the largest strongly connected part */
  readonly nodeAccess: Uint8Array;
  readonly dropped: Readonly<Record<ProfileName, DroppedPart>>;
}

/** Node ids reachable by an edge leaving u (for tests and simple tools; hot loops use the CSR). */
export function outEdges(g: RoadGraph, u: number): number[] {
  const out: number[] = [];
  for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) out.push(e);
  return out;
}

/** Total length of the road network, counting each segment once. */
export function networkLengthMeters(g: RoadGraph, profileMask = 0xff): number {
  let sum = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.edgeAccess[e] & profileMask) === 0) continue;
    const r = g.edgeReverse[e];
    if (r >= 0 && r < e && (g.edgeAccess[r] & profileMask) !== 0) continue;
    sum += g.edgeLength[e];
  }
  return sum;
}
