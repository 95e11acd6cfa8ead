// When each patrol line was last driven and each patrol point last visited, from the live fixes:
// a unit on one of a line's road segments drives it; a unit within VISIT_METERS of a point visits
// it. (Kept in memory: after a restart the times start again from the next fixes.)

import { projectX, projectY } from '../../sim/geo/projection.ts';
import type { LiveCity } from './live-city.ts';
import type { LiveUnit } from './live-units.ts';

export const VISIT_METERS = 50;

export class PatrolTracker {
  /** per line: canonical edges of its segments */
  private readonly lineEdges: Set<number>[];
  private readonly px: Float64Array;
  private readonly py: Float64Array;
  readonly lastDriven: Float64Array;
  readonly lastVisit: Float64Array;

  constructor(
    private readonly city: LiveCity,
    lineSegments: (i: number) => Uint32Array,
  ) {
    const s = city.scenario, g = city.model.graph;
    this.lineEdges = s.patrolLines.map((_, i) => new Set(lineSegments(i)));
    this.px = Float64Array.from(s.patrolPoints, (p) => projectX(g.projection, p.geometry.coordinates[0]));
    this.py = Float64Array.from(s.patrolPoints, (p) => projectY(g.projection, p.geometry.coordinates[1]));
    this.lastDriven = new Float64Array(s.patrolLines.length).fill(-Infinity);
    this.lastVisit = new Float64Array(s.patrolPoints.length).fill(-Infinity);
  }

  /** A unit's accepted fix. */
  saw(u: LiveUnit): void {
    if (!u.fix) return;
    const g = this.city.model.graph, t = u.fix.time;
    if (u.road) {
      const e = u.road.edge, r = g.edgeReverse[e], canonical = r >= 0 && r < e ? r : e;
      this.lineEdges.forEach((edges, i) => {
        if ((edges.has(canonical) || edges.has(e)) && t > this.lastDriven[i]) this.lastDriven[i] = t;
      });
    }
    const x = projectX(g.projection, u.fix.lon), y = projectY(g.projection, u.fix.lat);
    for (let i = 0; i < this.px.length; i++) {
      if ((this.px[i] - x) ** 2 + (this.py[i] - y) ** 2 <= VISIT_METERS ** 2 && t > this.lastVisit[i]) this.lastVisit[i] = t;
    }
  }
}
