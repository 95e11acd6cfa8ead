// The discrete-event simulation of 有警接警、无警巡逻: calls arrive, the best available unit by
// road ETA is sent, and units patrol their zone, line or points (or hold a post) when there is no
// call. One handler per event kind; each changes state at the event time, records statistics and
// schedules follow-ups. Units move along planned trips, so their position at any instant is
// known without an event per road edge.

import type { ProfileName } from '../../shared/roads.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import type { Incident } from '../incidents/incident.ts';
import { createRandom, type Random } from '../random.ts';
import type { RouteResult, Router } from '../routing/router.ts';
import { SnapError, type SnappedPoint } from '../routing/snap.ts';
import { etasToCall, routeFromLastSearch, routeOnCore, TargetTree, type RoadPoint } from './eta.ts';
import { EventQueue } from './event-queue.ts';
import { buildLineLoop, lapTrip, nearestLoopLeg, planZoneCruise } from './patrol-plans.ts';
import { zoneAt, type ModelUnit, type SimModel } from './sim-model.ts';
import { standingTrip, tripFromRoute, type RoadPosition, type Trip } from './trip.ts';
import { isAvailable, type UnitStatus } from '../../shared/unit-status.ts';

const PROFILE_INDEX: Readonly<Record<ProfileName, number>> = { car: 0, ebike: 1, foot: 2 };

/** What the engine needs of an incident (sim/incidents), from the model or a historic list. */
export type SimIncident = Pick<Incident, 'id' | 't' | 'lon' | 'lat' | 'category' | 'priority' | 'onSceneSeconds' | 'unitsNeeded'>;

/** Positions of available units per profile, for coverage (see sim/coverage). */
/** Memory for kept search trees towards fixed destinations (see routeTrip). */
const TREE_BYTES = 128 * 1024 * 1024;
/** A tree costs about as much as 15–20 routes: it is built for a destination and hour from this
 *  many routes on (so runs of a year gain, and a day's run does not pay for trees it never uses). */
const TREE_AFTER = 8;

export interface UnitGroup {
  profile: ProfileName;
  positions: { edge: number; t: number; offRoadSeconds: number }[];
}

/** Measures coverage from the available units; called every `coverageEverySeconds`. */
export interface CoverageProbe {
  setCosts(costs: Partial<Record<ProfileName, TravelCosts>>): void;
  measure(groups: readonly UnitGroup[]): void;
}

export interface SimOptions {
  seed: number;
  /** length of the run */
  seconds: number;
  /** 0 = no sampling */
  sampleEverySeconds?: number;
  coverage?: CoverageProbe;
  /** called at each sample after coverage, with the time (patrol and visibility metrics hook here) */
  onSample?: (sim: Simulation, t: number) => void;
  onProgress?: (fraction: number) => void;
}

// Event kinds, and their order at equal times (lower first): the hour's travel costs apply
// before anything else at that instant, and a unit that clears at the very moment a call arrives
// is free for it.
const enum Ev {
  Hour = 0,
  ShiftEnd = 1,
  Clear = 2,
  TripEnd = 3,
  ShiftStart = 4,
  BreakStart = 5,
  BreakEnd = 6,
  Call = 7,
  Dispatch = 8,
  Sample = 9,
}

type Purpose = 'none' | 'cruise' | 'lap' | 'to_point' | 'dwell' | 'to_post' | 'return_zone' | 'return_line' | 'to_call' | 'break';

export interface IncidentRecord {
  index: number;
  /** call time; dispatch decision at t + processing */
  t: number;
  dispatchedAt: number;
  arrivedAt: number;
  clearedAt: number;
  /** units sent, in order (diverted ones included) */
  unitIds: number[];
  /** units currently committed to it (en route or on scene) */
  assigned: number[];
  cleared: number;
  queued: boolean;
  queuedSeconds: number;
  diverted: number;
  zone: number;
  snapFailed: boolean;
}

export interface UnitStats {
  busySeconds: number;
  onShiftSeconds: number;
  dispatches: number;
  crossZoneDispatches: number;
  laps: number;
  pointVisits: number;
  dwellsKept: number;
}

export class Simulation {
  readonly graph: RoadGraph;
  readonly queue = new EventQueue(4096);
  readonly rng: Random;
  now = 0;
  events = 0;

  readonly status: UnitStatus[];
  readonly trip: (Trip | null)[];
  /** where a unit stands when it has no trip */
  readonly standing: RoadPosition[];
  private readonly token: number[];
  private readonly purpose: Purpose[];
  private readonly callOf: number[];
  private readonly busySince: number[];
  private readonly shiftSince: number[];
  private readonly offAfterClear: boolean[];
  private readonly pendingBreak: number[];
  /** legs of the current trip already counted as driven */
  private readonly committed: number[];
  private readonly pointCursor: number[];
  private readonly lineLeg: number[];
  private readonly dwellPoint: number[];
  readonly stats: UnitStats[];

  readonly records: IncidentRecord[];
  private readonly waiting: number[] = [];
  /** road points of calls per profile, keyed call·4 + profile index; dropped when the call is done */
  private readonly snappedCalls = new Map<number, SnappedPoint | null>();
  /** last time each canonical segment was driven (−Infinity = never) */
  readonly lastVisit: Float64Array;
  /** per patrol point: visit start times */
  readonly pointVisitTimes: number[][];
  private readonly loops = new Map<string, { edges: number[]; f0: number[]; f1: number[] } | null>();
  /** the units of the last ETA search per profile (its tree gives the chosen unit's route) */
  private readonly pointSnaps = new Map<Router, SnappedPoint[]>();
  /** per router and fixed destination: its search tree, or how often it was asked for so far */
  private readonly targetTrees = new Map<Router, Map<SnappedPoint, TargetTree | number>>();
  private treeBytes = 0;
  private readonly lastRanked = new Map<ProfileName, { call: number; at: number; units: number[] }>();

  constructor(
    readonly model: SimModel,
    readonly incidents: readonly SimIncident[],
    readonly options: SimOptions,
  ) {
    this.graph = model.graph;
    this.rng = createRandom(options.seed);
    const n = model.units.length;
    this.status = new Array<UnitStatus>(n).fill('off_duty');
    this.trip = new Array<Trip | null>(n).fill(null);
    this.standing = model.units.map((u) => ({ edge: u.home.edge, frac: u.home.t }));
    this.token = new Array<number>(n).fill(0);
    this.purpose = new Array<Purpose>(n).fill('none');
    this.callOf = new Array<number>(n).fill(-1);
    this.busySince = new Array<number>(n).fill(0);
    this.shiftSince = new Array<number>(n).fill(0);
    this.offAfterClear = new Array<boolean>(n).fill(false);
    this.pendingBreak = new Array<number>(n).fill(0);
    this.committed = new Array<number>(n).fill(0);
    this.pointCursor = new Array<number>(n).fill(0);
    this.lineLeg = new Array<number>(n).fill(-1);
    this.dwellPoint = new Array<number>(n).fill(-1);
    this.stats = model.units.map(() => ({ busySeconds: 0, onShiftSeconds: 0, dispatches: 0, crossZoneDispatches: 0, laps: 0, pointVisits: 0, dwellsKept: 0 }));
    this.lastVisit = new Float64Array(this.graph.edgeCount).fill(-Infinity);
    this.pointVisitTimes = model.points.map(() => []);
    this.records = incidents.map((inc, i) => ({
      index: i,
      t: inc.t,
      dispatchedAt: NaN,
      arrivedAt: NaN,
      clearedAt: NaN,
      unitIds: [],
      assigned: [],
      cleared: 0,
      queued: false,
      queuedSeconds: 0,
      diverted: 0,
      zone: zoneAt(model, inc.lon, inc.lat),
      snapFailed: false,
    }));
  }

  // ------------------------------------------------------------------ run

  run(): this {
    this.start();
    this.advanceTo(this.options.seconds);
    return this.finish();
  }

  private started = false;
  private nextProgress = 0;

  /** Schedules shifts, calls, samples and hours: the run can then be advanced step by step. */
  start(): this {
    if (this.started) throw new Error('the simulation was already started');
    this.started = true;
    const q = this.queue, end = this.options.seconds;
    this.scheduleShifts();
    this.incidents.forEach((inc, i) => {
      if (inc.t >= 0 && inc.t < end) q.push(inc.t, Ev.Call, Ev.Call, i);
    });
    const every = this.options.sampleEverySeconds ?? 0;
    if (every > 0) for (let t = 0; t < end; t += every) q.push(t, Ev.Sample, Ev.Sample);
    for (let h = 0; h * 3600 < end; h++) q.push(h * 3600, Ev.Hour, Ev.Hour, h);
    return this;
  }

  /**
   * Handles every event before `t` (at most the run's end) and sets the clock to it: a live feed
   * advances the run as wall time passes, a batch run in one step.
   */
  advanceTo(t: number): this {
    if (!this.started) throw new Error('start the simulation before advancing it');
    const q = this.queue, seconds = this.options.seconds, end = Math.min(t, seconds), onProgress = this.options.onProgress;
    const progressEvery = Math.max(1, Math.floor(seconds / 200));
    let nextProgress = this.nextProgress;
    while (q.peekTime() < end && q.pop()) {
      this.now = q.t;
      this.events++;
      this.handle(q.kind, q.a, q.b);
      if (onProgress && this.now >= nextProgress) {
        onProgress(this.now / seconds);
        nextProgress = this.now + progressEvery;
      }
    }
    this.nextProgress = nextProgress;
    if (end > this.now) this.now = end;
    return this;
  }

  /** Closes the books at the run's end: time on shift and busy time up to it. */
  finish(): this {
    const end = this.options.seconds;
    this.now = end;
    this.model.units.forEach((_, u) => {
      if (this.status[u] !== 'off_duty') this.stats[u].onShiftSeconds += end - this.shiftSince[u];
      if (this.status[u] === 'dispatched' || this.status[u] === 'on_scene') this.stats[u].busySeconds += end - this.busySince[u];
      this.commitVisits(u, end);
    });
    this.options.onProgress?.(1);
    return this;
  }

  /** Which call unit u is committed to (−1 = none). */
  callOfUnit(u: number): number {
    return this.callOf[u];
  }

  private handle(kind: number, a: number, b: number): void {
    switch (kind) {
      case Ev.Call:
        return this.onCall(a);
      case Ev.Dispatch:
        return this.onDispatch(a);
      case Ev.TripEnd:
        if (b === this.token[a]) this.onTripEnd(a);
        return;
      case Ev.Clear:
        return this.onClear(a, b);
      case Ev.ShiftStart:
        return this.onShiftStart(a);
      case Ev.ShiftEnd:
        return this.onShiftEnd(a);
      case Ev.BreakStart:
        return this.onBreakStart(a, b);
      case Ev.BreakEnd:
        if (b === this.token[a]) this.resume(a);
        return;
      case Ev.Sample:
        return this.onSample();
      case Ev.Hour:
        return this.onHour();
    }
  }

  // ------------------------------------------------------------------ shifts and breaks

  private scheduleShifts(): void {
    const q = this.queue, end = this.options.seconds;
    this.model.units.forEach((u, i) => {
      if (!u.shifts) {
        q.push(0, Ev.ShiftStart, Ev.ShiftStart, i);
        return;
      }
      for (let day = -1; day * 86400 < end; day++) {
        const base = day * 86400;
        for (const [s, e] of u.shifts) {
          if (base + e <= 0 || base + s >= end) continue;
          q.push(Math.max(0, base + s), Ev.ShiftStart, Ev.ShiftStart, i);
          if (base + e < end) q.push(base + e, Ev.ShiftEnd, Ev.ShiftEnd, i);
        }
        for (const [s, d] of u.breaks) if (base + s >= 0 && base + s < end) q.push(base + s, Ev.BreakStart, Ev.BreakStart, i, d);
      }
    });
  }

  private onShiftStart(u: number): void {
    if (this.status[u] !== 'off_duty') return;
    const unit = this.model.units[u];
    this.shiftSince[u] = this.now;
    this.offAfterClear[u] = false;
    this.standing[u] = { edge: unit.home.edge, frac: unit.home.t };
    this.trip[u] = null;
    this.status[u] = 'returning';
    // A call may be waiting for just this unit.
    this.processQueue();
    if (isAvailable(this.status[u])) this.resume(u);
  }

  private onShiftEnd(u: number): void {
    const s = this.status[u];
    if (s === 'off_duty') return;
    if (s === 'dispatched' || s === 'on_scene') {
      this.offAfterClear[u] = true;
      return;
    }
    this.goOffDuty(u);
  }

  private goOffDuty(u: number): void {
    this.stopTrip(u);
    this.stats[u].onShiftSeconds += this.now - this.shiftSince[u];
    this.status[u] = 'off_duty';
    this.offAfterClear[u] = false;
    this.pendingBreak[u] = 0;
    this.token[u]++;
  }

  private onBreakStart(u: number, seconds: number): void {
    const s = this.status[u];
    if (s === 'off_duty') return;
    if (!isAvailable(s)) {
      this.pendingBreak[u] = seconds;
      return;
    }
    this.takeBreak(u, seconds);
  }

  private takeBreak(u: number, seconds: number): void {
    this.stopTrip(u);
    this.status[u] = 'on_break';
    this.purpose[u] = 'break';
    this.pendingBreak[u] = 0;
    this.queue.push(this.now + seconds, Ev.BreakEnd, Ev.BreakEnd, u, ++this.token[u]);
  }

  // ------------------------------------------------------------------ movement

  /** Where unit u is now, as a directed edge and fraction. */
  positionOf(u: number, t = this.now): RoadPosition {
    const trip = this.trip[u];
    return trip ? trip.positionAt(t) : this.standing[u];
  }

  /** The unit's position as a snapped point (for routing from it). */
  snappedOf(u: number, t = this.now): SnappedPoint {
    const g = this.graph;
    const p = this.positionOf(u, t);
    const r = g.edgeReverse[p.edge];
    const canonical = r >= 0 && r < p.edge ? r : p.edge;
    const f = canonical === p.edge ? p.frac : 1 - p.frac;
    const a = g.edgeFrom[canonical], b = g.edgeTo[canonical];
    const lon = g.lon[a] + (g.lon[b] - g.lon[a]) * f, lat = g.lat[a] + (g.lat[b] - g.lat[a]) * f;
    return { edge: canonical, t: f, distance: 0, offRoadSeconds: 0, lon, lat, input: [lon, lat] };
  }

  private router(u: number): Router {
    return this.model.routers.at(this.model.units[u].profile, this.now);
  }

  /** Starts a trip for unit u and schedules its end. */
  private startTrip(u: number, trip: Trip, purpose: Purpose): void {
    this.trip[u] = trip;
    this.committed[u] = 0;
    this.purpose[u] = purpose;
    this.queue.push(trip.end, Ev.TripEnd, Ev.TripEnd, u, ++this.token[u]);
  }

  /** Ends the current trip where the unit is now (recording the streets driven so far). */
  private stopTrip(u: number): void {
    const trip = this.trip[u];
    if (trip) {
      this.commitVisits(u, this.now);
      this.standing[u] = trip.positionAt(this.now);
    }
    if (this.purpose[u] === 'dwell' && this.now < (trip?.end ?? 0)) this.dwellPoint[u] = -1; // dwell cut short
    this.trip[u] = null;
    this.token[u]++;
  }

  /** Records the streets of the current trip driven (more than half) by time t. */
  commitVisits(u: number, t: number): void {
    const trip = this.trip[u];
    if (!trip) return;
    const g = this.graph;
    let i = this.committed[u];
    for (; i < trip.legCount && trip.tOut[i] <= t; i++) {
      if (trip.f1[i] - trip.f0[i] < 0.5) continue;
      const e = trip.edges[i], r = g.edgeReverse[e];
      const seg = r >= 0 && r < e ? r : e;
      if (trip.tOut[i] > this.lastVisit[seg]) this.lastVisit[seg] = trip.tOut[i];
    }
    this.committed[u] = i;
  }

  /**
   * A trip from unit u's place to `to`. A `fixed` destination (a post, a station, a patrol point)
   * is one units come back to again and again: after a few routes there under the same costs, a
   * complete search tree towards it is kept, and later routes there are walks up that tree.
   */
  private routeTrip(u: number, to: SnappedPoint, fixed = false): Trip | null {
    const router = this.router(u);
    const from = this.snappedOf(u);
    let route: RouteResult | null;
    const tree = fixed ? this.targetTree(router, to) : null;
    if (tree) route = tree.route(from);
    else route = routeOnCore(router, from, to);
    return route ? tripFromRoute(this.graph, router.costs.edgeSeconds, route, this.now) : null;
  }

  private targetTree(router: Router, to: SnappedPoint): TargetTree | null {
    let byTarget = this.targetTrees.get(router);
    if (!byTarget) this.targetTrees.set(router, (byTarget = new Map()));
    const got = byTarget.get(to);
    if (got instanceof TargetTree) return got;
    const asked = (got ?? 0) + 1;
    if (asked < TREE_AFTER || this.treeBytes >= TREE_BYTES) {
      byTarget.set(to, asked);
      return null;
    }
    const tree = new TargetTree(router, to);
    this.treeBytes += tree.bytes;
    byTarget.set(to, tree);
    return tree;
  }

  // ------------------------------------------------------------------ assignments

  /** Back to what the unit does when there is no call. */
  private resume(u: number): void {
    if (this.status[u] === 'off_duty') return;
    const unit = this.model.units[u];
    const a = unit.assignment;
    this.status[u] = 'returning';
    switch (a.type) {
      case 'zone': {
        const zone = this.model.zones[a.zone];
        const here = this.positionOf(u);
        if (zone.edgeInside[here.edge] === 1) return this.cruise(u);
        const entry = this.nearestZoneEntry(unit, a.zone);
        const trip = entry && this.routeTrip(u, entry);
        if (trip) return this.startTrip(u, trip, 'return_zone');
        return this.cruise(u);
      }
      case 'line': {
        const loop = this.loopFor(unit, a.line);
        if (!loop) return this.hold(u, 'posted');
        const g = this.graph;
        const p = this.snappedOf(u);
        const k = nearestLoopLeg(g, loop, (p.lon - g.projection.lon0) * g.projection.mPerDegLon, (p.lat - g.projection.lat0) * g.projection.mPerDegLat);
        this.lineLeg[u] = k;
        const e = loop.edges[k];
        const start = this.pointOnEdge(e, loop.f0[k]);
        const trip = this.routeTrip(u, start);
        if (trip && trip.end - trip.start > 1) return this.startTrip(u, trip, 'return_line');
        return this.lap(u);
      }
      case 'points':
        return this.toNextPoint(u);
      case 'post':
      case 'station': {
        const trip = this.routeTrip(u, a.at, true);
        if (trip && trip.end - trip.start > 0) return this.startTrip(u, trip, 'to_post');
        return this.hold(u, 'posted');
      }
    }
  }

  private hold(u: number, status: UnitStatus): void {
    this.stopTrip(u);
    this.status[u] = status;
    this.purpose[u] = 'none';
  }

  private cruise(u: number): void {
    const unit = this.model.units[u];
    if (unit.assignment.type !== 'zone') return;
    const zone = this.model.zones[unit.assignment.zone];
    const w = this.router(u).costs.edgeSeconds;
    // Streets every unit has driven by now count as visited, whether or not a sample has
    // recorded them yet: how often coverage is sampled must not change where units drive.
    for (let v = 0; v < this.status.length; v++) this.commitVisits(v, this.now);
    const trip = planZoneCruise(this.graph, w, zone.edgeInside, this.lastVisit, this.positionOf(u), this.now, this.rng);
    this.status[u] = 'patrolling';
    this.startTrip(u, trip, 'cruise');
  }

  private lap(u: number): void {
    const unit = this.model.units[u];
    if (unit.assignment.type !== 'line') return;
    const loop = this.loopFor(unit, unit.assignment.line);
    if (!loop) return this.hold(u, 'posted');
    const trip = lapTrip(loop, this.router(u).costs.edgeSeconds, Math.max(0, this.lineLeg[u]), this.now);
    this.status[u] = 'patrolling';
    this.startTrip(u, trip, 'lap');
  }

  private toNextPoint(u: number): void {
    const unit = this.model.units[u];
    if (unit.assignment.type !== 'points') return;
    const list = unit.assignment.points;
    const k = list[this.pointCursor[u] % list.length];
    // A point's snap depends only on the router (profile and hour): snapped once per pair.
    const router = this.router(u);
    let snaps = this.pointSnaps.get(router);
    if (!snaps) this.pointSnaps.set(router, (snaps = []));
    const target = (snaps[k] ??= router.snap(this.model.points[k].at));
    const trip = this.routeTrip(u, target, true);
    this.status[u] = 'patrolling';
    if (trip) this.startTrip(u, trip, 'to_point');
    else this.hold(u, 'posted');
  }

  /** The road loop of a line-patrol unit's line (null for other units or an undrivable line). */
  lineLoop(u: number): { edges: number[]; f0: number[]; f1: number[] } | null {
    const unit = this.model.units[u];
    return unit.assignment.type === 'line' ? this.loopFor(unit, unit.assignment.line) : null;
  }

  private loopFor(unit: ModelUnit, line: number) {
    const key = `${unit.profile}:${line}`;
    if (!this.loops.has(key)) {
      const coords = this.model.lineInput[line].geometry.coordinates as [number, number][];
      let loop = null;
      try {
        loop = buildLineLoop(this.model.routers.at(unit.profile, 0), coords);
      } catch (err) {
        if (!(err instanceof SnapError)) throw err;
      }
      this.loops.set(key, loop);
    }
    return this.loops.get(key) ?? null;
  }

  private nearestZoneEntry(unit: ModelUnit, z: number): SnappedPoint | null {
    const g = this.graph, zone = this.model.zones[z];
    const w = this.model.routers.costsAt(unit.profile, this.now).edgeSeconds;
    const here = this.snappedOf(unit.index);
    const hx = (here.lon - g.projection.lon0) * g.projection.mPerDegLon, hy = (here.lat - g.projection.lat0) * g.projection.mPerDegLat;
    let best = -1, bestD = Infinity;
    for (const e of zone.segments) {
      const r = g.edgeReverse[e];
      if (w[e] === Infinity && (r < 0 || w[r] === Infinity)) continue;
      const a = g.edgeFrom[e];
      const d = (g.x[a] - hx) ** 2 + (g.y[a] - hy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = e;
      }
    }
    return best < 0 ? null : this.pointOnEdge(best, 0.5);
  }

  private pointOnEdge(e: number, f: number): SnappedPoint {
    const g = this.graph;
    const r = g.edgeReverse[e];
    const c = r >= 0 && r < e ? r : e;
    const t = c === e ? f : 1 - f;
    const a = g.edgeFrom[c], b = g.edgeTo[c];
    const lon = g.lon[a] + (g.lon[b] - g.lon[a]) * t, lat = g.lat[a] + (g.lat[b] - g.lat[a]) * t;
    return { edge: c, t, distance: 0, offRoadSeconds: 0, lon, lat, input: [lon, lat] };
  }

  private onTripEnd(u: number): void {
    const trip = this.trip[u];
    this.commitVisits(u, this.now);
    if (trip) this.standing[u] = trip.last;
    this.trip[u] = null;
    switch (this.purpose[u]) {
      case 'to_call':
        return this.arrive(u);
      case 'cruise':
      case 'return_zone':
        return this.cruise(u);
      case 'lap':
        this.stats[u].laps++;
        return this.lap(u);
      case 'return_line':
        return this.lap(u);
      case 'to_point': {
        const unit = this.model.units[u];
        if (unit.assignment.type !== 'points') return;
        const k = this.pointCursor[u] % unit.assignment.points.length;
        const p = unit.assignment.points[k];
        this.pointVisitTimes[p].push(this.now);
        this.stats[u].pointVisits++;
        this.dwellPoint[u] = p;
        this.status[u] = 'posted';
        return this.startTrip(u, standingTrip(this.standing[u], this.now, unit.assignment.dwellSeconds[k]), 'dwell');
      }
      case 'dwell':
        if (this.dwellPoint[u] >= 0) this.stats[u].dwellsKept++;
        this.dwellPoint[u] = -1;
        this.pointCursor[u]++;
        return this.toNextPoint(u);
      case 'to_post':
        return this.hold(u, 'posted');
      default:
        return;
    }
  }

  // ------------------------------------------------------------------ calls

  private onCall(i: number): void {
    this.queue.push(this.now + this.model.policy.callProcessingSeconds, Ev.Dispatch, Ev.Dispatch, i);
  }

  private onDispatch(i: number): void {
    const rec = this.records[i];
    this.tryDispatch(i);
    if (rec.assigned.length < this.incidents[i].unitsNeeded && !rec.snapFailed) this.enqueue(i);
  }

  /** Waiting calls stay sorted: most urgent first, then oldest (FIFO within a priority). */
  private enqueue(i: number): void {
    const rec = this.records[i];
    if (this.waiting.includes(i)) return;
    if (Number.isNaN(rec.dispatchedAt)) rec.queued = true;
    const before = (a: number, b: number) =>
      this.incidents[a].priority - this.incidents[b].priority || this.records[a].t - this.records[b].t || a - b;
    let lo = 0, hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.waiting[mid], i) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.waiting.splice(lo, 0, i);
  }

  /** The call's road point for a profile (null when it is too far from any road that profile uses). */
  private callPoint(i: number, profile: ProfileName): SnappedPoint | null {
    const key = i * 4 + PROFILE_INDEX[profile];
    if (!this.snappedCalls.has(key)) {
      const inc = this.incidents[i];
      let p: SnappedPoint | null = null;
      try {
        p = this.model.routers.at(profile, this.now).snap([inc.lon, inc.lat]);
      } catch (err) {
        if (!(err instanceof SnapError)) throw err;
      }
      this.snappedCalls.set(key, p);
    }
    return this.snappedCalls.get(key) ?? null;
  }

  private eligible(u: number, i: number): boolean {
    const kinds = this.model.policy.eligibility?.[this.incidents[i].category];
    return !kinds || kinds.includes(this.model.units[u].kind);
  }

  /** Available units that may respond to call i. */
  private candidates(i: number): number[] {
    const out: number[] = [];
    for (let u = 0; u < this.status.length; u++) if (isAvailable(this.status[u]) && this.eligible(u, i)) out.push(u);
    return out;
  }

  /**
   * Units ranked by ETA to call i (fastest first), with their ETAs; exact for the `need` first.
   * When there are no more candidates than `need`, all are returned unranked (ETA NaN).
   */
  rankUnits(i: number, units: readonly number[], need: number): { unit: number; eta: number }[] {
    // When every candidate will be sent anyway, their order does not matter: skip the searches
    // (which, for a lone unit across the city, would cover the whole city).
    if (units.length <= need) {
      return units.filter((u) => this.callPoint(i, this.model.units[u].profile) !== null).map((u) => ({ unit: u, eta: NaN }));
    }
    // One search per profile, in order of a lower bound on the group's nearest ETA (straight line
    // at the profile's top speed): the ETAs found first bound how far later searches go, and
    // units whose own bound already exceeds the need-th best ETA are left out of them.
    const g = this.graph, proj = g.projection;
    const groups = new Map<ProfileName, { units: number[]; lbs: number[]; min: number }>();
    for (const u of units) {
      const profile = this.model.units[u].profile;
      const call = this.callPoint(i, profile);
      if (!call) continue;
      const cx = (call.lon - proj.lon0) * proj.mPerDegLon, cy = (call.lat - proj.lat0) * proj.mPerDegLat;
      const p = this.positionOf(u);
      const a = g.edgeFrom[p.edge], b = g.edgeTo[p.edge];
      const x = g.x[a] + (g.x[b] - g.x[a]) * p.frac, y = g.y[a] + (g.y[b] - g.y[a]) * p.frac;
      const lb = (0.99 * Math.hypot(x - cx, y - cy)) / this.model.routers.at(profile, this.now).costs.maxMps;
      let gr = groups.get(profile);
      if (!gr) groups.set(profile, (gr = { units: [], lbs: [], min: Infinity }));
      gr.units.push(u);
      gr.lbs.push(lb);
      if (lb < gr.min) gr.min = lb;
    }
    const ranked: { unit: number; eta: number }[] = [];
    for (const [profile, gr] of [...groups].sort((x, y) => x[1].min - y[1].min)) {
      ranked.sort((x, y) => x.eta - y.eta || x.unit - y.unit);
      const cutoff = ranked.length >= need ? ranked[need - 1].eta : Infinity;
      // With many units, search for the nearest few by straight line first: units whose bound
      // is above the need-th best ETA found cannot make the list, and if some could, the next
      // round takes twice as many.
      const sorted = Float64Array.from(gr.lbs).sort();
      for (let m = Math.max(16, 4 * need); ; m *= 2) {
        const limit = 2 * m <= sorted.length ? sorted[m - 1] : Infinity;
        let excludedMin = Infinity;
        const list: number[] = [];
        gr.units.forEach((u, k) => {
          const lb = gr.lbs[k];
          if (lb > cutoff) return;
          if (lb <= limit) list.push(u);
          else if (lb < excludedMin) excludedMin = lb;
        });
        if (list.length === 0) break;
        const etas = etasToCall(this.model.routers.at(profile, this.now), list.map((u) => this.roadPointOf(u)), this.callPoint(i, profile) as SnappedPoint, need, cutoff);
        const found: { unit: number; eta: number }[] = [];
        list.forEach((u, k) => {
          if (etas[k] < Infinity) found.push({ unit: u, eta: etas[k] });
        });
        const all = [...ranked, ...found].sort((x, y) => x.eta - y.eta || x.unit - y.unit);
        if (excludedMin === Infinity || (all.length >= need && all[need - 1].eta <= excludedMin)) {
          this.lastRanked.set(profile, { call: i, at: this.now, units: list });
          ranked.push(...found);
          break;
        }
      }
    }
    ranked.sort((x, y) => x.eta - y.eta || x.unit - y.unit);
    return ranked;
  }

  /** The unit's place as a position on its canonical segment (cheaper than snappedOf). */
  private roadPointOf(u: number): RoadPoint {
    const p = this.positionOf(u);
    const r = this.graph.edgeReverse[p.edge];
    return r >= 0 && r < p.edge ? { edge: r, t: 1 - p.frac, offRoadSeconds: 0 } : { edge: p.edge, t: p.frac, offRoadSeconds: 0 };
  }

  private tryDispatch(i: number): void {
    const inc = this.incidents[i], rec = this.records[i];
    let need = inc.unitsNeeded - rec.assigned.length;
    if (need <= 0) return;
    const cands = this.candidates(i);
    // Reserve rule: less urgent calls may not take the last `reserve.units` free units.
    const reserve = this.model.policy.reserve;
    const limit = reserve && inc.priority > (reserve.forPriority ?? 1) ? Math.max(0, cands.length - reserve.units) : cands.length;
    if (cands.length > 0 && limit > 0) {
      const ranked = this.rankUnits(i, cands, Math.min(need, limit));
      if (ranked.length === 0 && this.model.profilesUsed.every((p) => this.callPoint(i, p) === null)) rec.snapFailed = true;
      for (const { unit } of ranked.slice(0, Math.min(need, limit))) {
        this.assign(unit, i);
        need--;
      }
    }
    if (need > 0 && inc.priority === 1 && this.model.policy.divertForPriority1) {
      const busy: number[] = [];
      for (let u = 0; u < this.status.length; u++) {
        if (this.status[u] !== 'dispatched' || !this.eligible(u, i)) continue;
        const j = this.callOf[u];
        if (j >= 0 && this.incidents[j].priority > 1) busy.push(u);
      }
      if (busy.length > 0) {
        for (const { unit } of this.rankUnits(i, busy, need).slice(0, need)) {
          this.divert(unit, i);
          need--;
        }
      }
    }
  }

  private assign(u: number, i: number): void {
    const rec = this.records[i];
    const wasAvailable = isAvailable(this.status[u]);
    const profile = this.model.units[u].profile;
    const call = this.callPoint(i, profile);
    if (!call) return;
    const trip = this.tripFromRanking(u, i) ?? this.routeTrip(u, call);
    if (!trip) return;
    this.stopTrip(u);
    if (wasAvailable) this.busySince[u] = this.now;
    this.status[u] = 'dispatched';
    this.callOf[u] = i;
    rec.assigned.push(u);
    rec.unitIds.push(u);
    if (Number.isNaN(rec.dispatchedAt)) {
      rec.dispatchedAt = this.now;
      rec.queuedSeconds = this.now - (rec.t + this.model.policy.callProcessingSeconds);
    }
    const st = this.stats[u];
    st.dispatches++;
    const a = this.model.units[u].assignment;
    if (a.type === 'zone' && rec.zone !== a.zone) st.crossZoneDispatches++;
    this.startTrip(u, trip, 'to_call');
  }

  /** The route to call i read from the ETA search that just ranked unit u, when there was one. */
  private tripFromRanking(u: number, i: number): Trip | null {
    const profile = this.model.units[u].profile;
    const last = this.lastRanked.get(profile);
    if (!last || last.call !== i || last.at !== this.now) return null;
    const k = last.units.indexOf(u);
    if (k < 0) return null;
    const router = this.router(u);
    const route = routeFromLastSearch(router, k, this.snappedOf(u));
    return route ? tripFromRoute(this.graph, router.costs.edgeSeconds, route, this.now) : null;
  }

  /** A unit en route to a less urgent call turns to a priority-1 call; the other call waits again. */
  private divert(u: number, i: number): void {
    const j = this.callOf[u];
    const other = this.records[j];
    other.assigned = other.assigned.filter((x) => x !== u);
    other.diverted++;
    this.assign(u, i); // still busy: the busy clock keeps running
    if (other.assigned.length < this.incidents[j].unitsNeeded) this.enqueue(j);
  }

  private arrive(u: number): void {
    const i = this.callOf[u];
    const rec = this.records[i];
    this.status[u] = 'on_scene';
    if (Number.isNaN(rec.arrivedAt)) rec.arrivedAt = this.now;
    this.queue.push(this.now + this.incidents[i].onSceneSeconds, Ev.Clear, Ev.Clear, u, i);
  }

  private onClear(u: number, i: number): void {
    if (this.callOf[u] !== i || this.status[u] !== 'on_scene') return;
    const rec = this.records[i];
    rec.cleared++;
    rec.assigned = rec.assigned.filter((x) => x !== u);
    if (rec.assigned.length === 0 && rec.cleared >= this.incidents[i].unitsNeeded) {
      rec.clearedAt = this.now;
      for (let p = 0; p < 4; p++) this.snappedCalls.delete(i * 4 + p);
    }
    this.stats[u].busySeconds += this.now - this.busySince[u];
    this.callOf[u] = -1;
    if (this.offAfterClear[u]) return this.goOffDuty(u);
    if (this.pendingBreak[u] > 0) return this.takeBreak(u, this.pendingBreak[u]);
    // Free again: waiting calls first, otherwise back to the assignment.
    this.status[u] = 'returning';
    this.trip[u] = null;
    this.processQueue();
    if (isAvailable(this.status[u])) this.resume(u);
  }

  private processQueue(): void {
    if (this.waiting.length === 0) return;
    const list = this.waiting.splice(0);
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (this.status.some(isAvailable)) this.tryDispatch(i);
      // tryDispatch may divert units and so enqueue other calls; keep the order by re-inserting.
      if (this.records[i].assigned.length < this.incidents[i].unitsNeeded && !this.records[i].snapFailed) this.enqueue(i);
    }
  }

  /** Calls waiting for a unit now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  // ------------------------------------------------------------------ sampling

  /** Available units grouped by profile, at their positions now. */
  availableGroups(): UnitGroup[] {
    const groups = new Map<ProfileName, UnitGroup>();
    for (let u = 0; u < this.status.length; u++) {
      if (!isAvailable(this.status[u])) continue;
      const profile = this.model.units[u].profile;
      let gr = groups.get(profile);
      if (!gr) {
        gr = { profile, positions: [] };
        groups.set(profile, gr);
      }
      gr.positions.push(this.roadPointOf(u));
    }
    return [...groups.values()];
  }

  private onSample(): void {
    for (let u = 0; u < this.status.length; u++) this.commitVisits(u, this.now);
    this.options.coverage?.measure(this.availableGroups());
    this.options.onSample?.(this, this.now);
  }

  private onHour(): void {
    const cov = this.options.coverage;
    if (!cov) return;
    const costs: Partial<Record<ProfileName, TravelCosts>> = {};
    for (const p of this.model.profilesUsed) costs[p] = this.model.routers.costsAt(p, this.now);
    cov.setCosts(costs);
  }
}
