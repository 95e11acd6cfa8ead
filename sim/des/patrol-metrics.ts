// Patrol and visibility metrics, sampled at regular instants of the run (equal intervals, so the
// plain average of the samples is the time-weighted average): per zone the share of road length
// driven in the last hour; per line the share driven in the last hour; and the visibility (见警率)
// proxy, the share of hotspot demand with a patrolling unit within 200 m.

import type { Simulation } from './engine.ts';
import { isAvailable } from '../../shared/unit-status.ts';

export const VISIBILITY_RADIUS_METERS = 200;
const HOUR = 3600;

export interface Hotspot {
  lon: number;
  lat: number;
  weight: number;
}

export class PatrolSampler {
  samples = 0;
  /** per zone: sum over samples of the share driven in the last hour */
  readonly zoneDriven: Float64Array;
  /** per line: the same for the line's loop (NaN when no unit drives the line) */
  readonly lineDriven: Float64Array;
  readonly lineLastDriven: Float64Array;
  /** 1 for lines some unit patrols (the others have no driven share) */
  readonly linePatrolled: Uint8Array;
  visibilitySum = 0;
  private readonly lineSegments: (Int32Array | null)[] = [];
  private readonly hx: Float64Array;
  private readonly hy: Float64Array;
  private readonly hw: Float64Array;
  private readonly hTotal: number;

  constructor(
    private readonly sim: Simulation,
    hotspots: readonly Hotspot[],
  ) {
    const m = sim.model, g = sim.graph;
    this.zoneDriven = new Float64Array(m.zones.length);
    this.lineDriven = new Float64Array(m.lines.length);
    this.lineLastDriven = new Float64Array(m.lines.length).fill(-Infinity);
    this.linePatrolled = new Uint8Array(m.lines.length);
    const p = g.projection;
    this.hx = Float64Array.from(hotspots, (h) => (h.lon - p.lon0) * p.mPerDegLon);
    this.hy = Float64Array.from(hotspots, (h) => (h.lat - p.lat0) * p.mPerDegLat);
    this.hw = Float64Array.from(hotspots, (h) => h.weight);
    this.hTotal = hotspots.reduce((s, h) => s + h.weight, 0);
  }

  /** The canonical segments of a line's loop, once a unit has driven it. */
  private segmentsOfLine(l: number): Int32Array | null {
    if (this.lineSegments[l]) return this.lineSegments[l];
    const sim = this.sim, g = sim.graph;
    const unit = sim.model.units.find((u) => u.assignment.type === 'line' && u.assignment.line === l);
    const loop = unit ? sim.lineLoop(unit.index) : null;
    if (!loop) return null;
    const segs = new Set<number>();
    for (const e of loop.edges) {
      const r = g.edgeReverse[e];
      segs.add(r >= 0 && r < e ? r : e);
    }
    this.lineSegments[l] = Int32Array.from(segs);
    return this.lineSegments[l];
  }

  sample(t: number): void {
    const sim = this.sim, g = sim.graph, last = sim.lastVisit, since = t - HOUR;
    this.samples++;
    sim.model.zones.forEach((z, i) => {
      let m = 0;
      for (const e of z.segments) if (last[e] >= since) m += g.edgeLength[e];
      this.zoneDriven[i] += z.meters > 0 ? m / z.meters : 0;
    });
    sim.model.lines.forEach((_, l) => {
      const segs = this.segmentsOfLine(l);
      if (!segs) return;
      this.linePatrolled[l] = 1;
      let m = 0, total = 0;
      for (const e of segs) {
        total += g.edgeLength[e];
        if (last[e] >= since) m += g.edgeLength[e];
        if (last[e] > this.lineLastDriven[l]) this.lineLastDriven[l] = last[e];
      }
      this.lineDriven[l] += total > 0 ? m / total : 0;
    });
    if (this.hTotal > 0) this.visibilitySum += this.visibleShare();
  }

  /** Share of hotspot weight with an available unit on patrol or at a post within 200 m. */
  private visibleShare(): number {
    const sim = this.sim, g = sim.graph;
    const xs: number[] = [], ys: number[] = [];
    for (let u = 0; u < sim.status.length; u++) {
      if (!isAvailable(sim.status[u])) continue;
      const p = sim.positionOf(u);
      const a = g.edgeFrom[p.edge], b = g.edgeTo[p.edge];
      xs.push(g.x[a] + (g.x[b] - g.x[a]) * p.frac);
      ys.push(g.y[a] + (g.y[b] - g.y[a]) * p.frac);
    }
    const r2 = VISIBILITY_RADIUS_METERS ** 2;
    let seen = 0;
    for (let h = 0; h < this.hw.length; h++) {
      for (let k = 0; k < xs.length; k++) {
        if ((xs[k] - this.hx[h]) ** 2 + (ys[k] - this.hy[h]) ** 2 <= r2) {
          seen += this.hw[h];
          break;
        }
      }
    }
    return seen / this.hTotal;
  }
}
