// The live 1/3/5-minute rings and coverage of the available units, kept current: recomputed when
// units have moved or changed state, or the hour's road speeds changed, at most once per refresh.
// A unit's fix ages: its rings start as if the seconds since the fix were already spent (so they
// shrink as it goes quiet), and a stale unit counts for nothing.

import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import { isAvailable } from '../../shared/unit-status.ts';
import { CoverageModel, type CostsByProfile, type CoverageResult, type UnitGroup } from '../../sim/coverage/index.ts';
import { buildMergedRings, cutoffMarginSeconds, DEFAULT_CELL_METERS, mergedRingsFromLabels, type MeasuredReach, type RingsGroup, type RingsResult } from '../../sim/rings/index.ts';
import type { SnappedPoint } from '../../sim/routing/snap.ts';
import type { TravelCosts } from '../../sim/graph/travel-costs.ts';
import type { LiveCity } from './live-city.ts';
import { CoverageThread } from './coverage-thread.ts';
import type { LiveUnit } from './live-units.ts';

export const LIVE_MINUTES = [1, 3, 5] as const;
/** The ring whose loss a recommendation reports (seconds). */
export const IMPACT_SECONDS = 180;
/** A coarser grid than the command line's (about 56 m cells on the default city, not 35 m): the
 *  rings are redrawn every second for a wall map, and the ring's edge is interpolated between cell
 *  centres, so it is off by a fraction of a cell, not a whole one. */
export const LIVE_RINGS_OPTIONS: { readonly cellMeters?: number; readonly maxCells: number } = { maxCells: 80_000 };

/** What the rings and coverage were computed from, and when. */
export interface LiveSnapshot {
  /** bumped on every recomputation */
  version: number;
  /** server time of the computation (ms) */
  at: number;
  hour: number;
  /** units that counted (available, reporting, on the road network) */
  units: number;
  rings: RingsResult;
  coverage: CoverageResult;
  refreshMs: number;
}

/** The places the rings start from: available, fresh units on the network, with their fix age spent. */
export function ringOrigins(city: LiveCity, now: number, without?: string, ids?: Map<ProfileName, string[]>): Map<ProfileName, SnappedPoint[]> {
  const out = new Map<ProfileName, SnappedPoint[]>();
  const units = city.units;
  for (const u of units.all()) {
    if (u.id === without || !isAvailable(u.status) || !u.fix || !u.road || units.isStale(u, now)) continue;
    const age = Math.max(0, now - u.fix.time) / 1000;
    const p: SnappedPoint = { edge: u.road.edge, t: u.road.t, distance: 0, offRoadSeconds: u.road.offRoadSeconds + age, lon: u.road.lon, lat: u.road.lat, input: [u.fix.lon, u.fix.lat] };
    let list = out.get(u.profile);
    if (!list) out.set(u.profile, (list = []));
    list.push(p);
    if (ids) {
      let names = ids.get(u.profile);
      if (!names) ids.set(u.profile, (names = []));
      names.push(u.id);
    }
  }
  return out;
}

type RingFields = { costs: TravelCosts; labels: Float64Array; origins: SnappedPoint[] }[];

/** Rings drawn before the road lengths were known, given them: in the statistics and each feature. */
function withRoadMeters(rings: RingsResult, measured: MeasuredReach | undefined): RingsResult {
  if (!measured) return rings;
  rings.stats.forEach((st, k) => (st.reachableRoadMeters = Math.round(measured.roadMeters[k] * 10) / 10));
  for (const f of rings.geojson.features) {
    const st = rings.stats.find((x) => x.contour === f.properties.contour);
    if (st) f.properties.reachableRoadMeters = st.reachableRoadMeters;
  }
  return rings;
}

export class LiveRings {
  private readonly coverage: CoverageModel;
  private readonly impact: CoverageModel;
  private impactHour = -1;
  private readonly labelBuffers = new Map<ProfileName, Float64Array>();
  private snapshot: LiveSnapshot | null = null;
  private seen = '';
  private version = 0;
  private hour = -1;

  /** measures coverage on the other core while the rings are drawn here (null: all here) */
  private readonly thread: CoverageThread | null;
  private readonly cityBox: readonly [number, number, number, number];

  constructor(
    private readonly city: LiveCity,
    opts: { thread?: boolean } = {},
  ) {
    const s = city.scenario, model = city.model;
    const hotspots = (s.scenario.incidents?.model?.hotspots ?? []).map((h, i) => ({ id: `hotspot-${i}`, lon: h.lon, lat: h.lat, weight: h.weight }));
    const targets = { hotspots, zones: s.patrolZones, lines: s.patrolLines, points: s.patrolPoints };
    // Live fixes age every second, so a unit never stands at the same place (with the same age)
    // twice: no fields are kept between measures. The search goes as far as the rings need, so
    // the rings read their node labels from it instead of searching again.
    const costs = this.costs();
    const slowestWalk = Math.min(...Object.values(costs).map((c) => c.offRoadMps));
    const searchSeconds = LIVE_MINUTES[LIVE_MINUTES.length - 1] * 60 + cutoffMarginSeconds(LIVE_RINGS_OPTIONS.cellMeters ?? DEFAULT_CELL_METERS, slowestWalk);
    const options = { snapMaxMeters: s.scenario.snapMaxMeters, keptFieldBytes: 0, searchSeconds };
    this.coverage = new CoverageModel(model.graph, costs, targets, options);
    // What-if measures (a unit leaves) only report the 3-minute figures: a model that searches no
    // farther than 3 minutes does them at a fraction of the cost, with the same numbers.
    this.impact = new CoverageModel(model.graph, this.costs(), targets, { snapMaxMeters: s.scenario.snapMaxMeters, keptFieldBytes: 0, thresholds: [IMPACT_SECONDS] });
    this.thread = opts.thread === false ? null : new CoverageThread({ graph: model.graph, costs, targets, options });
    // The grid covers the whole road network: with units across the city their reach does
    // anyway, and finding its exact extent each second cost more than it saved.
    const g = model.graph;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let v = 0; v < g.nodeCount; v++) {
      x0 = Math.min(x0, g.x[v]);
      x1 = Math.max(x1, g.x[v]);
      y0 = Math.min(y0, g.y[v]);
      y1 = Math.max(y1, g.y[v]);
    }
    this.cityBox = [x0, y0, x1, y1];
  }

  /** Whether the coverage thread is up (else refreshes measure coverage here too). */
  get threadReady(): boolean {
    return this.thread?.ready ?? false;
  }

  /** Ends the coverage thread. */
  async close(): Promise<void> {
    await this.thread?.close();
  }

  /** The latest rings and coverage, recomputed first if anything they depend on changed. */
  current(): LiveSnapshot {
    const now = this.city.units.clock();
    const hour = Math.floor(this.city.timeOfDay() / 3600);
    const key = `${hour}|${this.city.units.all().map((u) => `${u.version}:${this.city.units.isStale(u, now) ? 1 : 0}`).join(',')}`;
    // Fix ages grow every second, so a snapshot is also redone once it is a second old.
    if (this.snapshot && key === this.seen && now - this.snapshot.at < 1000) return this.snapshot;
    const t0 = performance.now();
    this.costsFor(hour);
    const origins = ringOrigins(this.city, now);
    const coverageGroups: UnitGroup[] = [];
    let units = 0;
    for (const profile of PROFILES) {
      const list = origins.get(profile);
      if (!list) continue;
      coverageGroups.push({ profile, positions: list });
      units += list.length;
    }
    // Coverage goes to the other core when it can, and the rings are drawn here meanwhile, from
    // node labels read off this thread's own coverage search; the other core helps with their
    // contours once it has measured. The coverage's exact road length per threshold saves the
    // rings their own reach pass.
    const started = this.thread?.start(coverageGroups) ?? false;
    let coverage: CoverageResult, rings: RingsResult;
    if (started) {
      this.coverage.search(coverageGroups);
      const drawn = mergedRingsFromLabels(this.city.model.graph, this.labelFields(origins), LIVE_MINUTES, this.coverage.searchSeconds, LIVE_RINGS_OPTIONS, { roadMeters: LIVE_MINUTES.map(() => 0), bbox: this.cityBox }, this.thread ?? undefined);
      coverage = this.thread?.finish() ?? this.coverage.measure(coverageGroups);
      rings = withRoadMeters(drawn, this.roadMetersFor(coverage, LIVE_MINUTES));
    } else {
      coverage = this.coverage.measure(coverageGroups);
      const measured = this.roadMetersFor(coverage, LIVE_MINUTES);
      rings = mergedRingsFromLabels(this.city.model.graph, this.labelFields(origins), LIVE_MINUTES, this.coverage.searchSeconds, LIVE_RINGS_OPTIONS, measured && { ...measured, bbox: this.cityBox });
    }
    this.snapshot = { version: ++this.version, at: now, hour, units, rings, coverage, refreshMs: performance.now() - t0 };
    this.seen = key;
    return this.snapshot;
  }

  /** Road costs changed (a closure): the next call recomputes everything. */
  invalidate(): void {
    this.hour = -1;
    this.impactHour = -1;
    this.seen = '';
  }

  /** The latest snapshot, without recomputing (null before the first). */
  latest(): LiveSnapshot | null {
    return this.snapshot;
  }

  /** Each profile's costs, node labels (the coverage search's, see CoverageModel.nodeLabels) and units. */
  private labelFields(origins: Map<ProfileName, SnappedPoint[]>): RingFields {
    const t = this.city.timeOfDay(), model = this.city.model;
    const fields: RingFields = [...origins].map(([profile, list]) => {
      const buf = this.labelBuffers.get(profile) ?? new Float64Array(model.graph.nodeCount);
      this.labelBuffers.set(profile, buf);
      return { costs: model.routers.costsAt(profile, t), labels: this.coverage.nodeLabels(profile, buf as Float64Array<ArrayBuffer>), origins: list };
    });
    // No unit counts: empty rings, still one feature per contour.
    if (fields.length === 0) fields.push({ costs: model.routers.costsAt(model.profilesUsed[0], t), labels: new Float64Array(model.graph.nodeCount).fill(Infinity), origins: [] });
    return fields;
  }

  /** The coverage's road length at each of `minutes`, when it measures all of them. */
  private roadMetersFor(coverage: CoverageResult, minutes: readonly number[]): MeasuredReach | undefined {
    const thr = Array.from(this.coverage.thresholds);
    const idx = minutes.map((m) => thr.indexOf(m * 60));
    return idx.every((k) => k >= 0) ? { roadMeters: idx.map((k) => coverage.roadMeters[k]) } : undefined;
  }

  /** Rings for other minutes, computed on demand from the same origins (not kept). */
  ringsFor(minutes: readonly number[]): RingsResult {
    return this.mergedRings(ringOrigins(this.city, this.city.units.clock()), minutes);
  }

  /** Merged rings of the origins, each profile with the current hour's router. */
  private mergedRings(origins: Map<ProfileName, SnappedPoint[]>, minutes: readonly number[], measured?: MeasuredReach): RingsResult {
    const t = this.city.timeOfDay(), routers = this.city.model.routers;
    const groups: RingsGroup[] = [...origins].map(([profile, list]) => ({ router: routers.at(profile, t), origins: list }));
    // No unit counts: empty rings, still one feature per contour.
    if (groups.length === 0) groups.push({ router: routers.at(this.city.model.profilesUsed[0], t), origins: [] });
    return buildMergedRings(groups, minutes, LIVE_RINGS_OPTIONS, measured);
  }

  /** The rings' origins now, per profile, leaving out one unit (none when `without` is undefined). */
  origins(without?: string): Map<ProfileName, SnappedPoint[]> {
    return ringOrigins(this.city, this.city.units.clock(), without);
  }

  /** Coverage of other unit groups under the current hour's costs (what-if: a unit leaves). */
  measureCoverage(groups: readonly UnitGroup[]): CoverageResult {
    this.costsFor(Math.floor(this.city.timeOfDay() / 3600));
    return this.coverage.measure(groups);
  }

  /**
   * The 3-minute coverage (IMPACT_SECONDS alone) of the rings' units now, and as it would be
   * without each of `unitIds` (units that do not count for the rings get the coverage now).
   */
  impactOf(unitIds: readonly string[]): { now: CoverageResult; without: CoverageResult[] } {
    const hour = Math.floor(this.city.timeOfDay() / 3600);
    if (hour !== this.impactHour) {
      this.impact.setCosts(this.costs());
      this.impactHour = hour;
    }
    const ids = new Map<ProfileName, string[]>();
    const origins = ringOrigins(this.city, this.city.units.clock(), undefined, ids);
    const groups: UnitGroup[] = [...origins].map(([profile, positions]) => ({ profile, positions }));
    const where = new Map<string, { group: number; index: number }>();
    groups.forEach((g, group) => ids.get(g.profile)?.forEach((id, index) => where.set(id, { group, index })));
    const leaving = unitIds.map((id) => where.get(id));
    const { base, without } = this.impact.measureWithout(groups, leaving.filter((x) => x !== undefined));
    let next = 0;
    return { now: base, without: leaving.map((x) => (x ? without[next++] : base)) };
  }

  /** Gives the coverage model the road speeds of `hour` if it has others. */
  private costsFor(hour: number): void {
    if (hour === this.hour) return;
    const costs = this.costs();
    this.coverage.setCosts(costs);
    this.thread?.setCosts(costs);
    this.hour = hour;
  }

  /** Canonical edges of patrol line i's road segments, as coverage counts them. */
  lineSegments(i: number): Uint32Array {
    return this.coverage.lineSegments(i);
  }

  /** Targets the coverage figures are about, in the model's order. */
  get targets() {
    const s = this.city.scenario;
    return { zones: s.patrolZones, lines: s.patrolLines, points: s.patrolPoints };
  }

  get thresholds(): Float64Array {
    return this.coverage.thresholds;
  }

  private costs(): CostsByProfile {
    const t = this.city.timeOfDay(), out: CostsByProfile = {};
    for (const p of this.city.model.profilesUsed) out[p] = this.city.model.routers.costsAt(p, t);
    return out;
  }
}

export type { LiveUnit };
