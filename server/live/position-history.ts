// The position history: accepted fixes written to the database, at most one per unit every
// SAMPLE_MS of device time (a trainer's replay needs the track, not every report). The samples
// are written in one transaction a second rather than one each: with full syncs every commit
// waits for the disk, and thousands of units would queue up behind it. A crash loses at most the
// last second of track (incidents and statuses are written before they are answered).

import type { Db } from '../store/database.ts';
import type { LiveUnit } from './live-units.ts';

export const SAMPLE_MS = 10_000;
/** Samples are written this often (ms), or sooner when this many wait. */
export const FLUSH_MS = 1000;
const FLUSH_ROWS = 5000;

type Row = [string, number, number, number, number | null, number | null];

export class PositionHistory {
  private readonly last = new Map<string, number>();
  private readonly insert;
  private pending: Row[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly sampleMs = SAMPLE_MS,
  ) {
    this.insert = db.prepare('INSERT OR IGNORE INTO positions (unit_id, time, lon, lat, speed_mps, heading_deg) VALUES (?, ?, ?, ?, ?, ?)');
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Keeps the unit's fix if the last one kept is SAMPLE_MS older or more. */
  saw(u: LiveUnit): void {
    const f = u.fix;
    if (!f) return;
    const prev = this.last.get(u.id);
    if (prev !== undefined && f.time - prev < this.sampleMs) return;
    this.pending.push([u.id, f.time, f.lon, f.lat, f.speedMps ?? null, f.headingDeg ?? null]);
    this.last.set(u.id, f.time);
    if (this.pending.length >= FLUSH_ROWS) this.flush();
  }

  /** Writes the samples kept since the last flush, in one transaction. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(...r);
    })();
  }

  /** Stops the timer and writes what waits (on close). */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** A unit's kept track between two times (ms), oldest first. */
  track(unitId: string, from: number, to: number): { time: number; lon: number; lat: number }[] {
    this.flush();
    return this.db.prepare('SELECT time, lon, lat FROM positions WHERE unit_id = ? AND time >= ? AND time <= ? ORDER BY time').all(unitId, from, to) as { time: number; lon: number; lat: number }[];
  }
}
