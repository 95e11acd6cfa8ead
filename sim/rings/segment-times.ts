// The per-road-segment time field the client colours roads with: for every drivable segment the
// time at both ends, plus its lowest and highest time along the way (an origin on the segment, or
// the meeting point of the two directions, can lie in between).

import type { RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { round6, type FeatureCollection, type LineStringGeometry } from './geojson.ts';
import { RoadTimeField, emptyCoeffs, segmentMax, segmentMin, timeAt } from './road-times.ts';

export interface SegmentTimes {
  /** canonical directed edge of each segment (ascending); every segment the profile may use */
  edge: Uint32Array;
  /** seconds at edgeFrom[edge] / edgeTo[edge]; Infinity = not reached */
  startSeconds: Float32Array;
  endSeconds: Float32Array;
  /** lowest / highest seconds anywhere along the segment */
  minSeconds: Float32Array;
  maxSeconds: Float32Array;
}

export function segmentTimesFromField(field: RoadTimeField): SegmentTimes {
  const segs = field.segments;
  const n = segs.length;
  const startSeconds = new Float32Array(n);
  const endSeconds = new Float32Array(n);
  const minSeconds = new Float32Array(n);
  const maxSeconds = new Float32Array(n);
  const c = emptyCoeffs();
  for (let i = 0; i < n; i++) {
    field.load(segs[i], c);
    startSeconds[i] = timeAt(c, 0);
    endSeconds[i] = timeAt(c, 1);
    const lo = segmentMin(c);
    minSeconds[i] = lo;
    maxSeconds[i] = lo === Infinity ? Infinity : segmentMax(c);
  }
  return { edge: segs.slice(), startSeconds, endSeconds, minSeconds, maxSeconds };
}

/** Per-segment times from node labels (e.g. Router.label(...).seconds) and the origins used. */
export function segmentTimes(
  graph: RoadGraph,
  costs: TravelCosts,
  labels: Float64Array,
  origins: readonly SnappedPoint[],
): SegmentTimes {
  return segmentTimesFromField(new RoadTimeField(graph, costs, labels, origins));
}

export interface SegmentTimeProperties {
  edge: number;
  /** node ids at the start and end of the LineString */
  from: number;
  to: number;
  /** null when that end is not reached at all (e.g. behind an origin on a one-way street) */
  startSeconds: number | null;
  endSeconds: number | null;
  minSeconds: number;
  maxSeconds: number | null;
}

const sec = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);

/** One LineString per segment whose lowest time is within `cutoffSeconds`. */
export function segmentTimesGeoJson(
  graph: RoadGraph,
  costs: TravelCosts,
  labels: Float64Array,
  origins: readonly SnappedPoint[],
  cutoffSeconds: number,
): FeatureCollection<LineStringGeometry, SegmentTimeProperties> {
  const st = segmentTimes(graph, costs, labels, origins);
  const features: FeatureCollection<LineStringGeometry, SegmentTimeProperties>['features'] = [];
  for (let i = 0; i < st.edge.length; i++) {
    if (!(st.minSeconds[i] <= cutoffSeconds)) continue;
    const e = st.edge[i], u = graph.edgeFrom[e], v = graph.edgeTo[e];
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[round6(graph.lon[u]), round6(graph.lat[u])], [round6(graph.lon[v]), round6(graph.lat[v])]] },
      properties: {
        edge: e,
        from: u,
        to: v,
        // An unreached end is reported as null rather than Infinity, which JSON cannot carry.
        startSeconds: sec(st.startSeconds[i]),
        endSeconds: sec(st.endSeconds[i]),
        minSeconds: Math.round(st.minSeconds[i] * 100) / 100,
        maxSeconds: sec(st.maxSeconds[i]),
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
