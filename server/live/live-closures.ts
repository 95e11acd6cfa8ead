// Closures added and removed while the server runs (a road works, an event area): each swaps in
// routers whose costs close every road touching the area, on top of the scenario's standing
// closures, so rings, coverage and ETAs change from the next refresh on. Stored in the database
// before they apply, and back after a restart.

import type { LngLat } from '../../shared/units.ts';
import { RouterSet } from '../../sim/des/sim-model.ts';
import { lngLatProblem } from '../../sim/geo/projection.ts';
import { graphClosures } from '../scenario/scenario-routing.ts';
import type { Db } from '../store/database.ts';
import type { LiveCity } from './live-city.ts';
import { Listeners } from './listeners.ts';
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
  /** after the routers were swapped */
  readonly changed = new Listeners<[]>();

  /** With a database, closures are stored before they apply and come back on start. */
  constructor(
    private readonly city: LiveCity,
    private readonly db: Db | null = null,
  ) {
    if (!db) return;
    const rows = db.prepare('SELECT id, name, polygon, created_at FROM closures WHERE lifted_at IS NULL ORDER BY created_at, id').all() as { id: string; name: string; polygon: string; created_at: number }[];
    for (const r of rows) this.list.set(r.id, { id: r.id, name: r.name, polygon: JSON.parse(r.polygon) as LngLat[][], createdAt: r.created_at });
    // Ids are never given twice, lifted closures included.
    const max = db.prepare('SELECT MAX(CAST(SUBSTR(id, 2) AS INTEGER)) AS n FROM closures').get() as { n: number | null };
    if (max.n !== null) this.next = max.n + 1;
    if (this.list.size > 0) this.apply();
  }

  all(): LiveClosure[] {
    return [...this.list.values()];
  }

  add(name: string, polygon: LngLat[][]): LiveClosure {
    const problem = polygonProblem(polygon);
    if (problem) throw new ReportError(problem[0], problem[1]);
    const c: LiveClosure = { id: `C${this.next++}`, name, polygon, createdAt: this.city.units.clock() };
    this.db?.prepare('INSERT INTO closures (id, name, polygon, created_at) VALUES (?, ?, ?, ?)').run(c.id, c.name, JSON.stringify(c.polygon), c.createdAt);
    this.list.set(c.id, c);
    this.apply();
    return c;
  }

  remove(id: string): void {
    if (!this.list.has(id)) throw new ReportError('id', `no closure "${id}"`, 'not_found');
    this.db?.prepare('UPDATE closures SET lifted_at = ? WHERE id = ?').run(this.city.units.clock(), id);
    this.list.delete(id);
    this.apply();
  }

  private apply(): void {
    const s = this.city.scenario, base = graphClosures(s);
    const polygons = [...(base.polygons ?? []), ...this.all().map((c) => c.polygon)];
    this.city.model.routers = new RouterSet(s.graph, s.profiles, s.timeOfDay, s.scenario.snapMaxMeters, { edges: base.edges, polygons });
    this.changed.emit();
  }
}
