// Closures added and removed while the server runs (a road works, an event area): each swaps in
// routers whose costs close every road touching the area, on top of the scenario's standing
// closures, so rings, coverage and ETAs change from the next refresh on.

import type { LngLat } from '../../shared/units.ts';
import { RouterSet } from '../../sim/des/sim-model.ts';
import { lngLatProblem } from '../../sim/geo/projection.ts';
import { graphClosures } from '../scenario/scenario-routing.ts';
import type { LiveCity } from './live-city.ts';
import { ReportError } from './report-errors.ts';

export interface LiveClosure {
  id: string;
  name: string;
  /** GeoJSON Polygon coordinates: rings of [lon, lat], the first the outline */
  polygon: LngLat[][];
  createdAt: number;
}

/** Problems of a polygon, by field ('polygon[0][3]: …'), or null. */
function polygonProblem(rings: unknown): [string, string] | null {
  if (!Array.isArray(rings) || rings.length === 0) return ['polygon', 'expected rings of [lon, lat]'];
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    if (!Array.isArray(ring) || ring.length < 4) return [`polygon[${r}]`, 'a ring needs at least 4 positions'];
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      const problem = Array.isArray(p) && p.length >= 2 ? lngLatProblem(p[0], p[1]) : 'expected [lon, lat]';
      if (problem) return [`polygon[${r}][${i}]`, problem];
    }
    const [a, b] = [ring[0], ring[ring.length - 1]];
    if (a[0] !== b[0] || a[1] !== b[1]) return [`polygon[${r}]`, 'a ring must end where it starts'];
  }
  return null;
}

export class LiveClosures {
  private readonly list = new Map<string, LiveClosure>();
  private next = 1;
  /** called after the routers were swapped */
  onChange: (() => void) | null = null;

  constructor(private readonly city: LiveCity) {}

  all(): LiveClosure[] {
    return [...this.list.values()];
  }

  add(name: string, polygon: LngLat[][]): LiveClosure {
    const problem = polygonProblem(polygon);
    if (problem) throw new ReportError(problem[0], problem[1]);
    const c: LiveClosure = { id: `C${this.next++}`, name, polygon, createdAt: this.city.units.clock() };
    this.list.set(c.id, c);
    this.apply();
    return c;
  }

  remove(id: string): void {
    if (!this.list.delete(id)) throw new ReportError('id', `no closure "${id}"`, 'not_found');
    this.apply();
  }

  private apply(): void {
    const s = this.city.scenario, base = graphClosures(s);
    const polygons = [...(base.polygons ?? []), ...this.all().map((c) => c.polygon)];
    this.city.model.routers = new RouterSet(s.graph, s.profiles, s.timeOfDay, s.scenario.snapMaxMeters, { edges: base.edges, polygons });
    this.onChange?.();
  }
}
