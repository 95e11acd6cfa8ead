// The routing front door: snapping plus one-to-one (with path), one-to-many, many-to-one,
// many-to-many and multi-source labelling, all for one profile's travel costs (time of day and
// closures are already folded into those costs).

import type { LngLat } from '../../shared/units.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { SegmentIndex } from '../graph/segment-index.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import { SearchSpace, type Seed } from './dijkstra.ts';
import { snapPoint, type SnappedPoint } from './snap.ts';
import { projectX, projectY } from '../geo/projection.ts';
import {
  arrivalFromLabels,
  arrivalSeeds,
  departureFromLabels,
  departureSeeds,
  sameSegmentSeconds,
} from './snapped-seeds.ts';

export interface RouteResult {
  seconds: number;
  meters: number;
  /** directed edges driven in full, in order */
  edges: number[];
  coordinates: LngLat[];
  from: SnappedPoint;
  to: SnappedPoint;
}

export interface Labels {
  /** best seconds to each node from any source (Infinity = not reached) */
  seconds: Float64Array;
  /** index of the source that gives it (-1 = none) */
  source: Int32Array;
}

export type PointLike = LngLat | SnappedPoint;
const isSnapped = (p: PointLike): p is SnappedPoint => !Array.isArray(p);

export class Router {
  private readonly space: SearchSpace;
  private readonly marks: Uint8Array;

  constructor(
    readonly graph: RoadGraph,
    readonly costs: TravelCosts,
    readonly index: SegmentIndex,
    readonly snapMaxMeters = 500,
  ) {
    this.space = new SearchSpace(graph);
    this.marks = new Uint8Array(graph.nodeCount);
  }

  /**
   * The point on the nearest usable road (a snapped point as it is). `nearEdge`, an edge the
   * point is likely near (a unit's previous road), makes the search cheaper, not different.
   */
  snap(point: PointLike, field = 'point', nearEdge = -1): SnappedPoint {
    if (isSnapped(point)) return point;
    return snapPoint(this.graph, this.index, this.costs, point, this.snapMaxMeters, field, nearEdge);
  }

  /** Fastest route between two points with its path, or null when unreachable. */
  route(fromPoint: PointLike, toPoint: PointLike): RouteResult | null {
    const g = this.graph, w = this.costs.edgeSeconds;
    const from = this.snap(fromPoint, 'from');
    const to = this.snap(toPoint, 'to');
    const direct = sameSegmentSeconds(g, w, from, to);
    let best = direct;
    const e = to.edge, r = g.edgeReverse[e];
    const space = this.space;
    // Stop once nothing popped can beat the best arrival found so far.
    const dist = space.dist;
    const bestNow = () => {
      let b = best;
      if (w[e] !== Infinity) b = Math.min(b, dist[g.edgeFrom[e]] + to.t * w[e] + to.offRoadSeconds);
      if (r >= 0 && w[r] !== Infinity) b = Math.min(b, dist[g.edgeTo[e]] + (1 - to.t) * w[r] + to.offRoadSeconds);
      return b;
    };
    // A* towards the destination's road point: nothing is faster than a straight line at the
    // profile's top speed (the margin absorbs the projection's tiny distance error).
    const goal = this.costs.maxMps > 0 ? { x: projectX(g.projection, to.lon), y: projectY(g.projection, to.lat), secondsPerMeter: 0.995 / this.costs.maxMps } : undefined;
    space.run(w, departureSeeds(g, w, from, 0), { stopAbove: bestNow, ...(goal ? { goal } : {}) });
    best = Math.min(direct, arrivalFromLabels(g, w, dist, to));
    if (best === Infinity) return null;

    const coordinates: LngLat[] = [[from.lon, from.lat]];
    const edges: number[] = [];
    let meters = 0;
    if (best === direct) {
      meters = Math.abs(to.t - from.t) * g.edgeLength[e];
    } else {
      const viaE = w[e] !== Infinity ? dist[g.edgeFrom[e]] + to.t * w[e] : Infinity;
      const entry = viaE + to.offRoadSeconds === best ? g.edgeFrom[e] : g.edgeTo[e];
      for (let v = entry; space.predEdge[v] >= 0; v = g.edgeFrom[space.predEdge[v]]) edges.push(space.predEdge[v]);
      edges.reverse();
      const start = edges.length ? g.edgeFrom[edges[0]] : entry;
      // first partial segment: from the snapped point to the first node
      meters += start === g.edgeTo[from.edge] ? (1 - from.t) * g.edgeLength[from.edge] : from.t * g.edgeLength[from.edge];
      coordinates.push([g.lon[start], g.lat[start]]);
      for (const ed of edges) {
        meters += g.edgeLength[ed];
        coordinates.push([g.lon[g.edgeTo[ed]], g.lat[g.edgeTo[ed]]]);
      }
      meters += entry === g.edgeFrom[e] ? to.t * g.edgeLength[e] : (1 - to.t) * g.edgeLength[e];
    }
    coordinates.push([to.lon, to.lat]);
    return { seconds: best, meters, edges, coordinates, from, to };
  }

  /** Seconds from one point to each target (Infinity when unreachable). */
  oneToMany(fromPoint: PointLike, targets: readonly PointLike[], cutoff?: number): Float64Array {
    const g = this.graph, w = this.costs.edgeSeconds;
    const from = this.snap(fromPoint, 'from');
    const snapped = targets.map((t, i) => this.snap(t, `to[${i}]`));
    const count = this.markEnds(snapped);
    this.space.run(w, departureSeeds(g, w, from, 0), { cutoff, targets: this.marks, targetCount: count });
    this.marks.fill(0);
    const out = new Float64Array(snapped.length);
    snapped.forEach((q, i) => {
      const t = Math.min(arrivalFromLabels(g, w, this.space.dist, q), sameSegmentSeconds(g, w, from, q));
      out[i] = cutoff !== undefined && t > cutoff ? Infinity : t;
    });
    return out;
  }

  /** Seconds from each source to one point: "which units reach this call, and how fast". */
  manyToOne(sources: readonly PointLike[], toPoint: PointLike, cutoff?: number): Float64Array {
    const g = this.graph, w = this.costs.edgeSeconds;
    const to = this.snap(toPoint, 'to');
    const snapped = sources.map((s, i) => this.snap(s, `from[${i}]`));
    const count = this.markEnds(snapped);
    this.space.run(w, arrivalSeeds(g, w, to, 0), { cutoff, reverse: true, targets: this.marks, targetCount: count });
    this.marks.fill(0);
    const out = new Float64Array(snapped.length);
    snapped.forEach((p, i) => {
      const t = Math.min(departureFromLabels(g, w, this.space.dist, p), sameSegmentSeconds(g, w, p, to));
      out[i] = cutoff !== undefined && t > cutoff ? Infinity : t;
    });
    return out;
  }

  /** Many-to-many: rows are sources, columns targets; Infinity = unreachable. */
  matrix(sources: readonly PointLike[], targets: readonly PointLike[]): Float64Array[] {
    const from = sources.map((s, i) => this.snap(s, `from[${i}]`));
    const to = targets.map((t, i) => this.snap(t, `to[${i}]`));
    return from.map((p) => this.oneToMany(p, to));
  }

  /** Multi-source labelling: for every node, the best time from any source and which one. */
  label(sources: readonly PointLike[], cutoff?: number): Labels {
    const g = this.graph, w = this.costs.edgeSeconds;
    const seeds: Seed[] = [];
    sources.forEach((s, i) => departureSeeds(g, w, this.snap(s, `sources[${i}]`), i, seeds));
    this.space.run(w, seeds, { cutoff });
    return { seconds: this.space.dist.slice(), source: this.space.source.slice() };
  }

  /**
   * The same labelling without copying: the router's own arrays, valid until its next query.
   * For callers that use the labels at once (ring building), where copying a city's worth of
   * labels on every refresh is wasted work.
   */
  labelView(sources: readonly PointLike[], cutoff?: number): { seconds: Float64Array; source: Int32Array } {
    const g = this.graph, w = this.costs.edgeSeconds;
    const seeds: Seed[] = [];
    sources.forEach((s, i) => departureSeeds(g, w, this.snap(s, `sources[${i}]`), i, seeds));
    this.space.run(w, seeds, { cutoff });
    return { seconds: this.space.dist, source: this.space.source };
  }

  /** Labels of the most recent search, without copying (valid until the next query). */
  get lastSearch(): SearchSpace {
    return this.space;
  }

  private markEnds(points: readonly SnappedPoint[]): number {
    const g = this.graph, marks = this.marks;
    let count = 0;
    for (const p of points) {
      for (const v of [g.edgeFrom[p.edge], g.edgeTo[p.edge]]) {
        if (marks[v] === 0) {
          marks[v] = 1;
          count++;
        }
      }
    }
    return count;
  }
}
