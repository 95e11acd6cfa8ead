// Builds the CSR road graph from a RoadInput: splits ways into segments, derives per-profile
// directed access (one-way rules differ by profile), sorts edges by tail node, builds the
// reverse CSR, then keeps only the largest strongly connected part for each profile.

import { PROFILES, profileBit, roadClassCode, type ProfileName } from '../../shared/roads.ts';
import { createProjection, projectX, projectY } from '../geo/projection.ts';
import type { RoadInput } from './road-input.ts';
import {
  EDGE_AGAINST_WAY,
  EDGE_BRIDGE,
  EDGE_ONEWAY,
  EDGE_ROUNDABOUT,
  type DroppedPart,
  type RoadGraph,
} from './road-graph.ts';
import { stronglyConnected } from './scc.ts';

const CAR = profileBit('car');
const EBIKE = profileBit('ebike');
const FOOT = profileBit('foot');

export class RoadInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RoadInputError';
  }
}

export interface BuildGraphOptions {
  /** Skip largest-SCC pruning (tests of the pruning itself). */
  keepAllComponents?: boolean;
}

export function buildRoadGraph(input: RoadInput, options: BuildGraphOptions = {}): RoadGraph {
  const inCount = input.lon.length;
  if (input.lat.length !== inCount) throw new RoadInputError('lat', `length ${input.lat.length} differs from lon length ${inCount}`);

  // Which input nodes are used by some segment; map them to compact ids.
  const used = new Int32Array(inCount).fill(-1);
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  let nodeCount = 0;
  let segCount = 0;
  input.ways.forEach((way, wi) => {
    for (let i = 0; i < way.nodes.length; i++) {
      const id = way.nodes[i];
      if (!Number.isInteger(id) || id < 0 || id >= inCount) {
        throw new RoadInputError(`ways[${wi}].nodes[${i}]`, `node index ${id} is not in 0..${inCount - 1}`);
      }
      if (used[id] === -1) {
        const lon = input.lon[id], lat = input.lat[id];
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          throw new RoadInputError(`nodes[${id}]`, `invalid coordinate (${lon}, ${lat})`);
        }
        used[id] = nodeCount++;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
      if (i > 0 && way.nodes[i - 1] !== id) segCount++;
    }
  });
  if (nodeCount === 0) throw new RoadInputError('ways', 'no road segments');

  const projection = createProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const lon = new Float64Array(nodeCount);
  const lat = new Float64Array(nodeCount);
  const x = new Float64Array(nodeCount);
  const y = new Float64Array(nodeCount);
  const nodeSourceId = new Float64Array(nodeCount).fill(-1);
  for (let i = 0; i < inCount; i++) {
    const n = used[i];
    if (n < 0) continue;
    lon[n] = input.lon[i];
    lat[n] = input.lat[i];
    x[n] = projectX(projection, lon[n]);
    y[n] = projectY(projection, lat[n]);
    if (input.sourceId) nodeSourceId[n] = input.sourceId[i];
  }

  // Directed edges in input order; at most two per segment.
  const maxEdges = segCount * 2;
  const tFrom = new Uint32Array(maxEdges);
  const tTo = new Uint32Array(maxEdges);
  const tClass = new Uint8Array(maxEdges);
  const tSpeed = new Float32Array(maxEdges);
  const tAccess = new Uint8Array(maxEdges);
  const tFlags = new Uint8Array(maxEdges);
  const tPair = new Int32Array(maxEdges).fill(-1);
  const tName = new Int32Array(maxEdges).fill(-1);
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  let m = 0;

  input.ways.forEach((way) => {
    const cls = roadClassCode(way.cls);
    if (cls < 0) throw new RoadInputError('ways.cls', `unknown road class ${String(way.cls)}`);
    let base = 0;
    if (way.access.car) base |= CAR;
    if (way.access.ebike) base |= EBIKE;
    if (way.access.foot) base |= FOOT;
    if (base === 0) return;
    // Forward = along node order. Cars obey oneway; e-bikes too unless contraflow; feet never.
    let fwd = base, bwd = base;
    if (way.oneway === 1) {
      bwd &= ~CAR;
      if (!way.ebikeContraflow) bwd &= ~EBIKE;
    } else if (way.oneway === -1) {
      fwd &= ~CAR;
      if (!way.ebikeContraflow) fwd &= ~EBIKE;
    }
    let flags = 0;
    if (way.oneway !== 0) flags |= EDGE_ONEWAY;
    if (way.bridge) flags |= EDGE_BRIDGE;
    if (way.roundabout) flags |= EDGE_ROUNDABOUT;
    let nameId = -1;
    if (way.name) {
      nameId = nameIndex.get(way.name) ?? -1;
      if (nameId < 0) {
        nameId = names.length;
        names.push(way.name);
        nameIndex.set(way.name, nameId);
      }
    }
    const speed = way.maxSpeedKmh && way.maxSpeedKmh > 0 ? way.maxSpeedKmh : 0;
    for (let i = 1; i < way.nodes.length; i++) {
      const a = used[way.nodes[i - 1]], b = used[way.nodes[i]];
      if (a === b) continue;
      let first = -1;
      if (fwd) {
        first = m;
        tFrom[m] = a; tTo[m] = b; tAccess[m] = fwd; tFlags[m] = flags;
        tClass[m] = cls; tSpeed[m] = speed; tName[m] = nameId;
        m++;
      }
      if (bwd) {
        tFrom[m] = b; tTo[m] = a; tAccess[m] = bwd; tFlags[m] = flags | EDGE_AGAINST_WAY;
        tClass[m] = cls; tSpeed[m] = speed; tName[m] = nameId;
        if (first >= 0) { tPair[m] = first; tPair[first] = m; }
        m++;
      }
    }
  });

  // Counting sort by tail node gives the CSR order.
  const firstOut = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < m; e++) firstOut[tFrom[e] + 1]++;
  for (let u = 0; u < nodeCount; u++) firstOut[u + 1] += firstOut[u];
  const cursor = firstOut.slice(0, nodeCount);
  const perm = new Uint32Array(m); // perm[old] = new
  for (let e = 0; e < m; e++) perm[e] = cursor[tFrom[e]]++;

  const edgeFrom = new Uint32Array(m);
  const edgeTo = new Uint32Array(m);
  const edgeLength = new Float32Array(m);
  const edgeClass = new Uint8Array(m);
  const edgeMaxSpeed = new Float32Array(m);
  const edgeAccess = new Uint8Array(m);
  const edgeFlags = new Uint8Array(m);
  const edgeReverse = new Int32Array(m);
  const edgeName = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const n = perm[e];
    const a = tFrom[e], b = tTo[e];
    edgeFrom[n] = a;
    edgeTo[n] = b;
    edgeLength[n] = Math.hypot(x[b] - x[a], y[b] - y[a]);
    edgeClass[n] = tClass[e];
    edgeMaxSpeed[n] = tSpeed[e];
    edgeAccess[n] = tAccess[e];
    edgeFlags[n] = tFlags[e];
    edgeReverse[n] = tPair[e] >= 0 ? perm[tPair[e]] : -1;
    edgeName[n] = tName[e];
  }

  const dropped = {} as Record<ProfileName, DroppedPart>;
  const nodeAccess = new Uint8Array(nodeCount);
  for (const p of PROFILES) {
    const bit = profileBit(p);
    const touched = new Uint8Array(nodeCount);
    for (let e = 0; e < m; e++) {
      if (edgeAccess[e] & bit) touched[edgeFrom[e]] = touched[edgeTo[e]] = 1;
    }
    const part: DroppedPart = { components: 0, nodes: 0, edges: 0 };
    if (options.keepAllComponents) {
      for (let u = 0; u < nodeCount; u++) if (touched[u]) nodeAccess[u] |= bit;
      dropped[p] = part;
      continue;
    }
    const { component, sizes } = stronglyConnected(nodeCount, firstOut, edgeTo, (e) => (edgeAccess[e] & bit) !== 0, touched);
    let largest = -1;
    for (let c = 0; c < sizes.length; c++) if (largest < 0 || sizes[c] > sizes[largest]) largest = c;
    part.components = Math.max(0, sizes.length - 1);
    for (let u = 0; u < nodeCount; u++) {
      if (!touched[u]) continue;
      if (component[u] === largest) nodeAccess[u] |= bit;
      else part.nodes++;
    }
    for (let e = 0; e < m; e++) {
      if ((edgeAccess[e] & bit) === 0) continue;
      if (component[edgeFrom[e]] !== largest || component[edgeTo[e]] !== largest) {
        edgeAccess[e] &= ~bit;
        part.edges++;
      }
    }
    dropped[p] = part;
  }

  // Reverse CSR (in-edges grouped by head node).
  const firstIn = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < m; e++) firstIn[edgeTo[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) firstIn[v + 1] += firstIn[v];
  const inCursor = firstIn.slice(0, nodeCount);
  const inEdge = new Uint32Array(m);
  for (let e = 0; e < m; e++) inEdge[inCursor[edgeTo[e]]++] = e;

  return {
    nodeCount,
    edgeCount: m,
    projection,
    lon,
    lat,
    x,
    y,
    nodeSourceId,
    firstOut,
    edgeFrom,
    edgeTo,
    edgeLength,
    edgeClass,
    edgeMaxSpeed,
    edgeAccess,
    edgeFlags,
    edgeReverse,
    edgeName,
    wayNames: names,
    firstIn,
    inEdge,
    nodeAccess,
    dropped,
  };
}
