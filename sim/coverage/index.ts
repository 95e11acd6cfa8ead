// Public face of the coverage engine: exact coverage of the road network, hotspots and patrol
// zones, lines and points by the available units, fast enough to run every simulated minute.

export { CoverageInputError } from './errors.ts';
export {
  CoverageModel,
  DEFAULT_THRESHOLDS,
  type CostsByProfile,
  type CoverageOptions,
  type CoverageResult,
  type CoverageTargets,
  type PositionOnRoad,
  type UnitGroup,
} from './model.ts';
export type { CoverageHotspot, CoverageLine, CoveragePoint, CoverageZone } from './targets.ts';
export { benchCoverage, type CoverageBenchOptions, type CoverageBenchResult } from './bench.ts';
