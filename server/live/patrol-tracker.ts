// When each patrol line was last driven and each patrol point last visited, from the live fixes:
// a unit on one of a line's road segments drives it; a unit within VISIT_METERS of a point visits
// it. The times are written to the database every few seconds (those that changed) and read back
// on start, so a restart loses at most that much.

import { projectX, projectY } from '../../sim/geo/projection.ts';
import type { Db } from '../store/database.ts';
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

  private readonly changedLines = new Set<number>();
  private readonly changedPoints = new Set<number>();

  constructor(
    private readonly city: LiveCity,
    lineSegments: (i: number) => Uint32Array,
    private readonly db: Db | null = null,
  ) {
    const s = city.scenario, g = city.model.graph;
    this.lineEdges = s.patrolLines.map((_, i) => new Set(lineSegments(i)));
    this.px = Float64Array.from(s.patrolPoints, (p) => projectX(g.projection, p.geometry.coordinates[0]));
    this.py = Float64Array.from(s.patrolPoints, (p) => projectY(g.projection, p.geometry.coordinates[1]));
    this.lastDriven = new Float64Array(s.patrolLines.length).fill(-Infinity);
    this.lastVisit = new Float64Array(s.patrolPoints.length).fill(-Infinity);
    if (db) {
      const lines = new Map(s.patrolLines.map((l, i) => [l.id, i])), points = new Map(s.patrolPoints.map((p, i) => [p.id, i]));
      for (const r of db.prepare('SELECT kind, target_id, at FROM patrol_times').all() as { kind: 'line' | 'point'; target_id: string; at: number }[]) {
        const i = (r.kind === 'line' ? lines : points).get(r.target_id);
        if (i !== undefined) (r.kind === 'line' ? this.lastDriven : this.lastVisit)[i] = r.at;
      }
    }
  }

  /** Writes the times that changed since the last flush (one transaction). */
  flush(): void {
    if (!this.db || (this.changedLines.size === 0 && this.changedPoints.size === 0)) return;
    const s = this.city.scenario, db = this.db;
    const put = db.prepare('INSERT INTO patrol_times (kind, target_id, at) VALUES (?, ?, ?) ON CONFLICT (kind, target_id) DO UPDATE SET at = excluded.at');
    db.transaction(() => {
      for (const i of this.changedLines) put.run('line', s.patrolLines[i].id, this.lastDriven[i]);
      for (const i of this.changedPoints) put.run('point', s.patrolPoints[i].id, this.lastVisit[i]);
    })();
    this.changedLines.clear();
    this.changedPoints.clear();
  }

  /** A unit's accepted fix. */
  saw(u: LiveUnit): void {
    if (!u.fix) return;
    const g = this.city.model.graph, t = u.fix.time;
    if (u.road) {
      const e = u.road.edge, r = g.edgeReverse[e], canonical = r >= 0 && r < e ? r : e;
      this.lineEdges.forEach((edges, i) => {
        if ((edges.has(canonical) || edges.has(e)) && t > this.lastDriven[i]) {
          this.lastDriven[i] = t;
          this.changedLines.add(i);
        }
      });
    }
    const x = projectX(g.projection, u.fix.lon), y = projectY(g.projection, u.fix.lat);
    for (let i = 0; i < this.px.length; i++) {
      if ((this.px[i] - x) ** 2 + (this.py[i] - y) ** 2 <= VISIT_METERS ** 2 && t > this.lastVisit[i]) {
        this.lastVisit[i] = t;
        this.changedPoints.add(i);
      }
    }
  }
}
