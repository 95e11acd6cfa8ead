// The neutral input every road builder produces (procedural generator, OSM, GeoJSON) and that
// `buildRoadGraph` turns into the compact CSR graph. Ways are polylines over shared nodes.

import type { RoadClass } from '../../shared/roads.ts';

export interface RoadAccess {
  car: boolean;
  ebike: boolean;
  foot: boolean;
}

export interface RoadWay {
  /** Indices into RoadInput.lon/lat, in drawing order; consecutive pairs are segments. */
  nodes: number[];
  cls: RoadClass;
  /** 1: cars only along the node order; -1: only against it; 0: both ways. */
  oneway: 0 | 1 | -1;
  /** E-bikes may ride against `oneway` (OSM `oneway:bicycle=no`); default false. */
  ebikeContraflow?: boolean;
  /** Legal speed limit in km/h, if tagged. */
  maxSpeedKmh?: number;
  access: RoadAccess;
  name?: string;
  bridge?: boolean;
  roundabout?: boolean;
}

export interface RoadInput {
  lon: Float64Array | number[];
  lat: Float64Array | number[];
  /** Optional external ids (e.g. OSM node ids), parallel to lon/lat. */
  sourceId?: Float64Array | number[];
  ways: RoadWay[];
}
