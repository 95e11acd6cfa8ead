// Coverage samples summed for the result: a tally per run (or per block of samples, summed in
// order), and what a coverage probe is built from.

import type { CostsByProfile, CoverageOptions, CoverageResult, CoverageTargets } from '../coverage/index.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { CoverageTally } from './result.ts';

/** Adds coverage results up for the result (equal intervals: plain sums suffice). */
export class CoverageTallier {
  readonly tally: CoverageTally;
  private readonly k180: number;

  constructor(thresholds: readonly number[], zones: number, lines: number, points: number) {
    const k = thresholds.length;
    this.k180 = Math.max(0, thresholds.indexOf(180));
    this.tally = {
      samples: 0,
      thresholds: [...thresholds],
      road: new Float64Array(k),
      hotspots: new Float64Array(k),
      zones: new Float64Array(zones * k),
      lines180: new Float64Array(lines),
      points180: new Float64Array(points),
      dayBins: { n: new Float64Array(96), road: Array.from({ length: k }, () => new Float64Array(96)) },
    };
  }

  /** One sample taken at simulation time t. */
  add(r: CoverageResult, t: number): void {
    const tally = this.tally, k = tally.thresholds.length;
    tally.samples++;
    const bin = Math.floor((((t % 86400) + 86400) % 86400) / 900);
    tally.dayBins.n[bin]++;
    for (let j = 0; j < k; j++) {
      tally.road[j] += r.road[j];
      tally.hotspots[j] += r.hotspots[j];
      tally.dayBins.road[j][bin] += r.road[j];
    }
    for (let z = 0; z < tally.zones.length; z++) tally.zones[z] += r.zones[z];
    for (let l = 0; l < tally.lines180.length; l++) tally.lines180[l] += r.lines[l * k + this.k180];
    for (let p = 0; p < tally.points180.length; p++) if (r.points[p] <= 180) tally.points180[p]++;
  }
}

/** Sums tallies (in the order given, so the result does not depend on timing). */
export function mergeTallies(parts: readonly CoverageTally[]): CoverageTally {
  const [first, ...rest] = parts;
  const out: CoverageTally = {
    ...first,
    road: Float64Array.from(first.road),
    hotspots: Float64Array.from(first.hotspots),
    zones: Float64Array.from(first.zones),
    lines180: Float64Array.from(first.lines180),
    points180: Float64Array.from(first.points180),
    dayBins: { n: Float64Array.from(first.dayBins.n), road: first.dayBins.road.map((r) => Float64Array.from(r)) },
  };
  const addInto = (a: Float64Array, b: ArrayLike<number>) => {
    for (let i = 0; i < a.length; i++) a[i] += b[i];
  };
  for (const t of rest) {
    out.samples += t.samples;
    addInto(out.road, t.road);
    addInto(out.hotspots, t.hotspots);
    addInto(out.zones, t.zones);
    addInto(out.lines180, t.lines180);
    addInto(out.points180, t.points180);
    addInto(out.dayBins.n, t.dayBins.n);
    out.dayBins.road.forEach((r, j) => addInto(r, t.dayBins.road[j]));
  }
  return out;
}

/** What a coverage probe is built from: the same inputs as a CoverageModel. */
export interface CoverageSetup {
  graph: RoadGraph;
  costs: CostsByProfile;
  targets: CoverageTargets;
  options: CoverageOptions;
  zones: number;
  lines: number;
  points: number;
}
