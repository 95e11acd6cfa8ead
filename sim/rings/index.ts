// Public face of the rings module: 1/3/5-minute response rings as GeoJSON polygons, and the
// per-road-segment time field the client colours roads with.

export { RingsInputError } from './errors.ts';
export {
  DEFAULT_CELL_METERS,
  DEFAULT_MAX_CELLS,
  DEFAULT_MAX_OFF_ROAD_METERS,
  MAX_CONTOURS,
  MAX_MINUTES,
  validateMinutes,
  type RingsOptions,
} from './options.ts';
export {
  buildMergedRings,
  mergedRingsFromLabels,
  drawContour,
  takeContours,
  type ContourHelper,
  type ContourShare,
  type ContourTask,
  type MeasuredReach,
  buildRings,
  cutoffMarginSeconds,
  ringsFromLabels,
  type RingGeometry,
  type RingsGroup,
  type RingProperties,
  type RingsGeoJson,
  type RingsResult,
  type RingStat,
} from './rings.ts';
export type { RingGrid } from './grid.ts';
export { RoadTimeField } from './road-times.ts';
export {
  segmentTimes,
  segmentTimesGeoJson,
  type SegmentTimeProperties,
  type SegmentTimes,
} from './segment-times.ts';
export { ringTolerance, type RingTolerance } from './tolerance.ts';
