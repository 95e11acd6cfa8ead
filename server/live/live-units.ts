// The live units: each unit's latest fix, its place on the road network, status and freshness,
// and an rbush R-tree over their positions (projected metres) for "units in this box" and "the
// nearest units to this point". Reports are ordered by device time: a late or repeated report is
// ignored, so a unit never moves backwards. The tree is brought up to date when it is asked, not
// on every report: thousands of reports a second go by between two questions.

import RBush from 'rbush';
import knn from 'rbush-knn';
import type { UnitKind } from '../../shared/fleet-schema.ts';
import type { ProfileName } from '../../shared/roads.ts';
import { isAvailable, type UnitStatus } from '../../shared/unit-status.ts';
import type { LngLat } from '../../shared/units.ts';
import { lngLatProblem } from '../../sim/geo/projection.ts';
import type { SnappedPoint } from '../../sim/routing/snap.ts';
import { Listeners } from './listeners.ts';
import { ReportError } from './report-errors.ts';

/** A unit as the scenario (or a deployment's fleet file) describes it. */
export interface UnitInfo {
  id: string;
  name: string;
  kind: UnitKind;
  profile: ProfileName;
  station: string;
}

/** A position report, already parsed from whichever protocol carried it. */
export interface PositionReport {
  unitId: string;
  lon: number;
  lat: number;
  /** device time, milliseconds since the epoch */
  time: number;
  speedMps?: number | null;
  headingDeg?: number | null;
  accuracyM?: number | null;
}

export interface Fix {
  lon: number;
  lat: number;
  time: number;
  speedMps: number | null;
  headingDeg: number | null;
  accuracyM: number | null;
}

/** Where a fix lies on the network of the unit's profile (what rings and ETAs start from). */
export interface RoadPlace {
  edge: number;
  t: number;
  offRoadSeconds: number;
  lon: number;
  lat: number;
}

export interface LiveUnit extends UnitInfo {
  readonly status: UnitStatus;
  /** the latest fix (a fresh copy on each read) */
  readonly fix: Fix | null;
  /** null before the first fix, or when the fix is too far from any road of its profile (a fresh copy on each read) */
  readonly road: RoadPlace | null;
  /** why `road` is null although there is a fix */
  readonly offNetwork: string | null;
  /** server time the last accepted report arrived (ms) */
  readonly receivedAt: number | null;
  /** bumped on every change, so a client can tell which copy is newer */
  readonly version: number;
}

// A unit's latest fix and road place are one row of a Float64Array (HOT numbers per unit), not
// objects: a report then writes a cache line or two in place. With thousands of units, a fresh
// pair of objects per report lived just long enough (a second or two) to be copied by the
// collector, and the report cost twice as much. NaN stands for "none".
const F_LON = 0, F_LAT = 1, F_TIME = 2, F_SPEED = 3, F_HEADING = 4, F_ACCURACY = 5;
const R_EDGE = 6, R_T = 7, R_OFF = 8, R_LON = 9, R_LAT = 10, RECEIVED = 11, HOT = 12;

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** A unit as the store keeps it: its description, status and version, and a row of the store's numbers. */
class UnitRecord implements LiveUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly profile: ProfileName;
  readonly station: string;
  status: UnitStatus = 'posted';
  offNetwork: string | null = null;
  version = 0;

  constructor(
    info: UnitInfo,
    private readonly hot: Float64Array,
    /** first number of this unit's row */
    readonly row: number,
  ) {
    this.id = info.id;
    this.name = info.name;
    this.kind = info.kind;
    this.profile = info.profile;
    this.station = info.station;
  }

  get fix(): Fix | null {
    const h = this.hot, o = this.row;
    if (Number.isNaN(h[o + F_TIME])) return null;
    return { lon: h[o + F_LON], lat: h[o + F_LAT], time: h[o + F_TIME], speedMps: orNull(h[o + F_SPEED]), headingDeg: orNull(h[o + F_HEADING]), accuracyM: orNull(h[o + F_ACCURACY]) };
  }

  get road(): RoadPlace | null {
    const h = this.hot, o = this.row;
    if (Number.isNaN(h[o + R_EDGE])) return null;
    return { edge: h[o + R_EDGE], t: h[o + R_T], offRoadSeconds: h[o + R_OFF], lon: h[o + R_LON], lat: h[o + R_LAT] };
  }

  get receivedAt(): number | null {
    return orNull(this.hot[this.row + RECEIVED]);
  }

  /** device time of the latest fix (NaN: none) */
  get fixTime(): number {
    return this.hot[this.row + F_TIME];
  }

  /** its fields as plain data (what JSON and test equality see) */
  toJSON(): Omit<LiveUnit, never> {
    const { id, name, kind, profile, station, status, fix, road, offNetwork, receivedAt, version } = this;
    return { id, name, kind, profile, station, status, fix, road, offNetwork, receivedAt, version };
  }
}

export type ReportOutcome = { accepted: true; unit: LiveUnit } | { accepted: false; reason: 'older' | 'duplicate'; unit: LiveUnit };

export interface LiveUnitsOptions {
  /** projected metres of a position (the road graph's projection) */
  project: (lon: number, lat: number) => [number, number];
  /**
   * snaps a position onto the profile's roads; throws (a SnapError) when none is near. `nearEdge`
   * is the unit's previous road edge (-1 for none): a hint for speed that must not change the answer.
   */
  snap: (profile: ProfileName, at: LngLat, nearEdge: number) => SnappedPoint;
  /** server clock, ms (default Date.now) */
  now?: () => number;
  /** a unit with no fix for this long is stale (default 120 s) */
  staleAfterMs?: number;
  /** reports timed further ahead of the server clock are refused (default 5 min) */
  maxFutureMs?: number;
}

interface IndexItem {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  unit: LiveUnit;
}

export const DEFAULT_STALE_AFTER_MS = 120_000;
export const DEFAULT_MAX_FUTURE_MS = 300_000;

/** Above this share of moved units, the tree is rebuilt in bulk rather than updated one by one. */
const REBUILD_SHARE = 0.1;

export class LiveUnits {
  private readonly byId = new Map<string, UnitRecord>();
  private readonly hot: Float64Array;
  private readonly items = new Map<LiveUnit, IndexItem>();
  private readonly tree = new RBush<IndexItem>();
  /** units with a fix that moved since the tree was last brought up to date */
  private readonly moved = new Set<UnitRecord>();
  private readonly now: () => number;
  readonly staleAfterMs: number;
  readonly maxFutureMs: number;
  /** after a unit's status changed (the realtime feed listens) */
  readonly statusChanged = new Listeners<[LiveUnit]>();
  /** after a unit's fix was accepted (the patrol tracker and the position history listen) */
  readonly fixAccepted = new Listeners<[LiveUnit]>();

  constructor(
    units: readonly UnitInfo[],
    private readonly options: LiveUnitsOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.maxFutureMs = options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS;
    this.hot = new Float64Array(units.length * HOT).fill(NaN);
    units.forEach((u, i) => {
      if (this.byId.has(u.id)) throw new RangeError(`Duplicate unit id: ${u.id}.`);
      this.byId.set(u.id, new UnitRecord(u, this.hot, i * HOT));
    });
  }

  /** The server clock the store judges freshness and future times by (ms). */
  clock(): number {
    return this.now();
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): LiveUnit | undefined {
    return this.byId.get(id);
  }

  all(): LiveUnit[] {
    return [...this.byId.values()];
  }

  /**
   * Applies one report. Throws ReportError for an unknown unit, a bad position or a time too far
   * ahead; returns whether it moved the unit (a report not newer than the last fix does not).
   */
  report(r: PositionReport): ReportOutcome {
    const unit = this.byId.get(r.unitId);
    if (!unit) throw new ReportError('unitId', `no unit "${r.unitId}" is known`, 'unknown_unit');
    const problem = lngLatProblem(r.lon, r.lat);
    if (problem) throw new ReportError(/longitude/.test(problem) ? 'lon' : 'lat', problem);
    if (!Number.isFinite(r.time)) throw new ReportError('time', `must be a time, got ${String(r.time)}`);
    const now = this.now();
    if (r.time > now + this.maxFutureMs) {
      throw new ReportError('time', `${new Date(r.time).toISOString()} is ${Math.round((r.time - now) / 1000)} s ahead of the server clock (limit ${this.maxFutureMs / 1000} s)`);
    }
    const h = this.hot, o = unit.row, last = h[o + F_TIME];
    if (r.time < last) return { accepted: false, reason: 'older', unit };
    if (r.time === last) return { accepted: false, reason: 'duplicate', unit };
    h[o + F_LON] = r.lon;
    h[o + F_LAT] = r.lat;
    h[o + F_TIME] = r.time;
    h[o + F_SPEED] = r.speedMps ?? NaN;
    h[o + F_HEADING] = r.headingDeg ?? NaN;
    h[o + F_ACCURACY] = r.accuracyM ?? NaN;
    try {
      const edge = h[o + R_EDGE];
      const s = this.options.snap(unit.profile, [r.lon, r.lat], Number.isNaN(edge) ? -1 : edge);
      h[o + R_EDGE] = s.edge;
      h[o + R_T] = s.t;
      h[o + R_OFF] = s.offRoadSeconds;
      h[o + R_LON] = s.lon;
      h[o + R_LAT] = s.lat;
      unit.offNetwork = null;
    } catch (err) {
      h[o + R_EDGE] = NaN;
      unit.offNetwork = err instanceof Error ? err.message : String(err);
    }
    h[o + RECEIVED] = now;
    unit.version++;
    this.moved.add(unit);
    this.fixAccepted.emit(unit);
    return { accepted: true, unit };
  }

  /** Changes a unit's status (dispatch, arrival, clearing); returns the unit. */
  setStatus(id: string, status: UnitStatus): LiveUnit {
    const unit = this.byId.get(id);
    if (!unit) throw new ReportError('unitId', `no unit "${id}" is known`, 'unknown_unit');
    if (unit.status !== status) {
      unit.status = status;
      unit.version++;
      this.statusChanged.emit(unit);
    }
    return unit;
  }

  /** True when the unit's last fix is older than staleAfterMs (or it has none). */
  isStale(unit: LiveUnit, now = this.now()): boolean {
    // NaN (no fix) fails the comparison: stale.
    return !(now - (unit as UnitRecord).fixTime <= this.staleAfterMs);
  }

  /** Units with a fix inside the box (degrees, inclusive). */
  inBox(minLon: number, minLat: number, maxLon: number, maxLat: number): LiveUnit[] {
    const [x0, y0] = this.options.project(minLon, minLat), [x1, y1] = this.options.project(maxLon, maxLat);
    return this.index()
      .search({ minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) })
      .map((i) => i.unit)
      .filter((u) => u.fix !== null && u.fix.lon >= minLon && u.fix.lon <= maxLon && u.fix.lat >= minLat && u.fix.lat <= maxLat);
  }

  /**
   * The k units nearest to a point by straight line (the candidates a road search then ranks),
   * nearest first, among those `accept` allows (default: available and not stale).
   */
  nearest(lon: number, lat: number, k: number, accept?: (u: LiveUnit) => boolean): LiveUnit[] {
    const now = this.now();
    const ok = accept ?? ((u: LiveUnit) => isAvailable(u.status) && !this.isStale(u, now));
    const [x, y] = this.options.project(lon, lat);
    return knn(this.index(), x, y, k, (i: IndexItem) => ok(i.unit)).map((i) => i.unit);
  }

  /** The tree with every moved unit at its latest fix: a few moved are moved in it, many rebuild it. */
  private index(): RBush<IndexItem> {
    if (this.moved.size === 0) return this.tree;
    const rebuild = this.moved.size > REBUILD_SHARE * (this.items.size + this.moved.size);
    for (const unit of this.moved) {
      // only units with a fix move
      const [x, y] = this.options.project(this.hot[unit.row + F_LON], this.hot[unit.row + F_LAT]);
      let item = this.items.get(unit);
      if (item && !rebuild) this.tree.remove(item); // found by its old box, so before it changes
      if (!item) this.items.set(unit, (item = { minX: x, minY: y, maxX: x, maxY: y, unit }));
      item.minX = item.maxX = x;
      item.minY = item.maxY = y;
      if (!rebuild) this.tree.insert(item);
    }
    this.moved.clear();
    if (rebuild) this.tree.clear().load([...this.items.values()]);
    return this.tree;
  }
}
