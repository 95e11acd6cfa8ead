// The position history: accepted fixes written to the database, at most one per unit every
// SAMPLE_MS of device time (a trainer's replay needs the track, not every report).

import type { Db } from '../store/database.ts';
import type { LiveUnit } from './live-units.ts';

export const SAMPLE_MS = 10_000;

export class PositionHistory {
  private readonly last = new Map<string, number>();
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly sampleMs = SAMPLE_MS,
  ) {
    this.insert = db.prepare('INSERT OR IGNORE INTO positions (unit_id, time, lon, lat, speed_mps, heading_deg) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Records the unit's fix if the last one kept is SAMPLE_MS older or more. */
  saw(u: LiveUnit): void {
    const f = u.fix;
    if (!f) return;
    const prev = this.last.get(u.id);
    if (prev !== undefined && f.time - prev < this.sampleMs) return;
    this.insert.run(u.id, f.time, f.lon, f.lat, f.speedMps, f.headingDeg);
    this.last.set(u.id, f.time);
  }

  /** A unit's kept track between two times (ms), oldest first. */
  track(unitId: string, from: number, to: number): { time: number; lon: number; lat: number }[] {
    return this.db.prepare('SELECT time, lon, lat FROM positions WHERE unit_id = ? AND time >= ? AND time <= ? ORDER BY time').all(unitId, from, to) as { time: number; lon: number; lat: number }[];
  }
}
