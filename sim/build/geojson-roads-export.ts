// Writes a RoadInput as the roads GeoJSON that geojson-roads.ts reads back: one LineString per
// way with every attribute explicit, so reading it again gives the same network (up to the
// 7-decimal coordinate rounding, about 1 cm).

import type { RoadClass } from '../../shared/roads.ts';
import type { RoadAccess, RoadInput } from '../graph/road-input.ts';

export interface RoadFeatureProperties {
  class: RoadClass;
  oneway: 0 | 1 | -1;
  /** km/h */
  maxspeed?: number;
  access: RoadAccess;
  name?: string;
  bridge?: boolean;
  ebikeContraflow?: boolean;
  roundabout?: boolean;
  osm_id?: number;
}

export interface RoadFeature {
  type: 'Feature';
  properties: RoadFeatureProperties;
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

export interface RoadsFeatureCollection {
  type: 'FeatureCollection';
  features: RoadFeature[];
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** One LineString feature per way; `wayIds` (e.g. OSM way ids, parallel to ways) become osm_id. */
export function roadsGeoJsonFromInput(input: RoadInput, options: { wayIds?: ArrayLike<number> } = {}): RoadsFeatureCollection {
  const features: RoadFeature[] = [];
  input.ways.forEach((w, i) => {
    // A way without two nodes has no segment and would not be a valid LineString.
    if (w.nodes.length < 2) return;
    const properties: RoadFeatureProperties = {
      class: w.cls,
      oneway: w.oneway,
      access: { car: w.access.car, ebike: w.access.ebike, foot: w.access.foot },
    };
    if (w.maxSpeedKmh !== undefined) properties.maxspeed = w.maxSpeedKmh;
    if (w.name) properties.name = w.name;
    if (w.bridge) properties.bridge = true;
    if (w.ebikeContraflow) properties.ebikeContraflow = true;
    if (w.roundabout) properties.roundabout = true;
    const id = options.wayIds?.[i];
    if (id !== undefined) properties.osm_id = id;
    const coordinates = w.nodes.map((n): [number, number] => [round7(input.lon[n]), round7(input.lat[n])]);
    features.push({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
  });
  return { type: 'FeatureCollection', features };
}

/** JSON text with one feature per line: diff-friendly and still compact. */
export function roadsGeoJsonText(fc: RoadsFeatureCollection): string {
  const lines = fc.features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}
