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
  status: UnitStatus;
  fix: Fix | null;
  /** null before the first fix, or when the fix is too far from any road of its profile */
  road: RoadPlace | null;
  /** why `road` is null although there is a fix */
  offNetwork: string | null;
  /** server time the last accepted report arrived (ms) */
  receivedAt: number | null;
  /** bumped on every change, so a client can tell which copy is newer */
  version: number;
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
  private readonly byId = new Map<string, LiveUnit>();
  private readonly items = new Map<LiveUnit, IndexItem>();
  private readonly tree = new RBush<IndexItem>();
  /** units with a fix that moved since the tree was last brought up to date */
  private readonly moved = new Set<LiveUnit>();
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
    for (const u of units) {
      if (this.byId.has(u.id)) throw new RangeError(`Duplicate unit id: ${u.id}.`);
      this.byId.set(u.id, { ...u, status: 'posted', fix: null, road: null, offNetwork: null, receivedAt: null, version: 0 });
    }
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
    if (unit.fix && r.time < unit.fix.time) return { accepted: false, reason: 'older', unit };
    if (unit.fix && r.time === unit.fix.time) return { accepted: false, reason: 'duplicate', unit };
    unit.fix = { lon: r.lon, lat: r.lat, time: r.time, speedMps: r.speedMps ?? null, headingDeg: r.headingDeg ?? null, accuracyM: r.accuracyM ?? null };
    try {
      const s = this.options.snap(unit.profile, [r.lon, r.lat], unit.road?.edge ?? -1);
      unit.road = { edge: s.edge, t: s.t, offRoadSeconds: s.offRoadSeconds, lon: s.lon, lat: s.lat };
      unit.offNetwork = null;
    } catch (err) {
      unit.road = null;
      unit.offNetwork = err instanceof Error ? err.message : String(err);
    }
    unit.receivedAt = now;
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
    return unit.fix === null || now - unit.fix.time > this.staleAfterMs;
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
      const fix = unit.fix as Fix; // only units with a fix move
      const [x, y] = this.options.project(fix.lon, fix.lat);
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
