// The few GeoJSON shapes this module emits (RFC 7946), kept local so sim/ needs no type package.

export type Position = [number, number];
export type PolygonCoords = Position[][];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: PolygonCoords;
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: PolygonCoords[];
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}

export interface Feature<G, P> {
  type: 'Feature';
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

/** Rounds a coordinate to 6 decimals (about 0.1 m), the precision of the published polygons. */
export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
