// The coverage model: how much of the road network, of the incident hotspots and of each patrol
// zone, line and point the available units reach within each threshold. Built once per road
// graph and target set; `measure` runs every simulated minute and `setCosts` every simulated
// hour, so everything that does not depend on travel costs (chains, target segment lists,
// snapped hotspots) is prepared here, and `measure` is a bounded search over the small core
// graph followed by closed-form sums per chain (see chains.ts and chain-reach.ts). The results
// are exact: they equal the per-segment road-time field of sim/rings (tested differentially).

import { PROFILES, isProfileName, profileBit, type ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import { segmentIndexOf } from '../routing/context.ts';
import { SnapError, snapPoint } from '../routing/snap.ts';
import { chainCostsOf, type ChainCosts } from './chain-costs.ts';
import { buildChainTargets, type ChainTargets } from './chain-targets.ts';
import {
  mergeIntervals,
  originIntervals,
  originToEnds,
  overlapMeters,
  timeFromEnds,
  timeFromOrigin,
  type ChainOrigin,
} from './chain-reach.ts';
import { chainTopologyOf, type ChainTopology } from './chains.ts';
import { CoreSearch, DEFAULT_BUCKET_SECONDS } from './core-search.ts';
import { CoverageInputError } from './errors.ts';
import { chainSpans, ReachPass, type ChainSubset } from './spans.ts';
import { placeKey, StationaryFields } from './stationary-fields.ts';
import {
  hotspotInput,
  lineSegments,
  pointInput,
  targetLabel,
  zoneSegments,
  type CoverageHotspot,
  type CoverageLine,
  type CoveragePoint,
  type CoverageZone,
} from './targets.ts';

/** Travel costs of the profiles the model serves (at least one). */
export type CostsByProfile = Partial<Record<ProfileName, TravelCosts>>;

/** Where a unit stands: fraction t of directed edge `edge` from its edgeFrom (a SnappedPoint fits). */
export interface PositionOnRoad {
  readonly edge: number;
  readonly t: number;
  /** seconds from the unit to that road position */
  readonly offRoadSeconds: number;
}

/** The available units of one profile. */
export interface UnitGroup {
  readonly profile: ProfileName;
  readonly positions: readonly PositionOnRoad[];
}

export interface CoverageTargets {
  readonly hotspots?: readonly CoverageHotspot[];
  readonly zones?: readonly CoverageZone[];
  readonly lines?: readonly CoverageLine[];
  readonly points?: readonly CoveragePoint[];
}

export interface CoverageOptions {
  /** seconds, strictly ascending, all > 0 (default 60, 180, 300: the 1/3/5-minute rings) */
  readonly thresholds?: readonly number[];
  /** a segment belongs to a patrol line when both its ends are this close to it (default 25 m) */
  readonly lineBufferMeters?: number;
  /** farthest a hotspot or patrol point may lie from a road of a profile (default 500 m) */
  readonly snapMaxMeters?: number;
  /** bucket width of the core search in seconds (tuning only; results do not depend on it) */
  readonly bucketSeconds?: number;
  /** memory for the fields of units that stay put between measures (default 64 MB; 0 = none,
   *  for callers whose units never repeat a place, such as live units whose fixes age) */
  readonly keptFieldBytes?: number;
  /** how far the searches go, seconds (default: the last threshold); longer when the caller also
   *  reads node labels past it (the live rings' margin, see nodeLabels) */
  readonly searchSeconds?: number;
}

export interface CoverageResult {
  /** metres of road reached within each threshold, each segment counted once */
  readonly roadMeters: Float64Array;
  /** roadMeters over the model's network length, per threshold */
  readonly road: Float64Array;
  /** share of the total hotspot weight reached within each threshold (0 when there is none) */
  readonly hotspots: Float64Array;
  /** per zone and threshold, zone-major: zones[z * thresholds.length + k] */
  readonly zones: Float64Array;
  /** per line and threshold, line-major, like zones */
  readonly lines: Float64Array;
  /** per patrol point, seconds from the nearest unit; Infinity when beyond the largest threshold */
  readonly points: Float64Array;
}

export const DEFAULT_THRESHOLDS: readonly number[] = [60, 180, 300];

/** A hotspot or patrol point as seen from each profile: slot, fraction, off-road seconds. */
interface PlacedPoints {
  /** [point * profiles + q]; -1 when the profile has no road near it */
  slot: Int32Array;
  t: Float64Array;
  off: Float64Array;
}

const canonical = (g: RoadGraph, e: number): number => {
  const r = g.edgeReverse[e];
  return r >= 0 && r < e ? r : e;
};

export class CoverageModel {
  readonly thresholds: Float64Array;
  /** profiles served, in PROFILES order */
  readonly profiles: readonly ProfileName[];
  /** metres of road some profile of the model may use (the road share's denominator) */
  readonly networkMeters: number;
  readonly zoneMeters: Float64Array;
  readonly lineMeters: Float64Array;
  readonly hotspotWeight: number;
  /** the searches' cutoff, seconds (≥ the last threshold) */
  readonly searchSeconds: number;

  private readonly top: ChainTopology;
  /** 1 for slots of segments some profile of the model may use */
  private readonly counted: Uint8Array;
  private readonly chainCosts: ChainCosts[];
  private readonly searches: CoreSearch[];
  /** kept fields of units that stay put, and per profile the places of the last measure's units */
  private readonly stationary: StationaryFields;
  private readonly lastPlaces: Set<string>[];
  private readonly zoneFirst: Uint32Array;
  private readonly zoneSlots: Uint32Array;
  private readonly lineFirst: Uint32Array;
  private readonly lineSlots: Uint32Array;
  /** zones then lines, as stretches of chains; acc holds their reached metres per threshold */
  private readonly chainTargets: ChainTargets;
  private readonly acc: Float64Array;
  private readonly pass: ReachPass;
  private readonly spots: PlacedPoints;
  private readonly spotWeights: Float64Array;
  private readonly places: PlacedPoints;
  /** per chain and threshold: prefix end and suffix start reached from the chain's ends (metres),
   *  filled on demand once per measure (stamped) */
  private readonly spanStamp: Uint32Array;
  private readonly spanPre: Float64Array;
  private readonly spanSuf: Float64Array;
  // Units standing on chains during one measure: a linked list per chain.
  private readonly originHead: Int32Array;
  private origins: (ChainOrigin & { q: number; next: number })[] = [];
  private pairs = new Float64Array(64);
  private readonly order: number[] = [];
  private stamp = 0;
  // The current measure's labels and costs per active profile, and profile → active index.
  private dists: Float64Array[] = [];
  private ccs: ChainCosts[] = [];
  private qIndex = new Int32Array(0);
  // What-if measures: per profile a second search, and the chains to measure again.
  private readonly altSearches: (CoreSearch | undefined)[] = [];
  private subsetMask: Uint8Array | null = null;

  constructor(
    readonly graph: RoadGraph,
    costs: CostsByProfile,
    targets: CoverageTargets = {},
    options: CoverageOptions = {},
  ) {
    this.thresholds = checkThresholds(options.thresholds ?? DEFAULT_THRESHOLDS);
    const lastThreshold = this.thresholds[this.thresholds.length - 1];
    if (options.searchSeconds !== undefined && !(options.searchSeconds >= lastThreshold && options.searchSeconds < Infinity)) {
      throw new CoverageInputError('searchSeconds', `must be a finite number of seconds ≥ the last threshold (${lastThreshold}), got ${options.searchSeconds}`);
    }
    this.searchSeconds = options.searchSeconds ?? lastThreshold;
    const buffer = positiveOption(options.lineBufferMeters, 25, 'lineBufferMeters');
    const snapMax = positiveOption(options.snapMaxMeters, 500, 'snapMaxMeters');
    const bucket = positiveOption(options.bucketSeconds, DEFAULT_BUCKET_SECONDS, 'bucketSeconds');
    const given = checkCosts(graph, costs, null);
    if (given.length === 0) throw new CoverageInputError('costs', 'needs the travel costs of at least one profile');
    this.profiles = PROFILES.filter((p) => given.includes(p));
    const top = chainTopologyOf(graph);
    this.top = top;

    let mask = 0;
    for (const p of this.profiles) mask |= profileBit(p);
    const counted = new Uint8Array(top.slotEdge.length);
    let networkMeters = 0;
    for (let s = 0; s < counted.length; s++) {
      const e = top.slotEdge[s], r = graph.edgeReverse[e];
      if (((graph.edgeAccess[e] | (r >= 0 ? graph.edgeAccess[r] : 0)) & mask) === 0) continue;
      counted[s] = 1;
      networkMeters += top.slotLength[s];
    }
    this.counted = counted;
    this.networkMeters = networkMeters;
    this.chainCosts = [];
    this.searches = this.profiles.map(() => new CoreSearch(top, bucket));
    if (options.keptFieldBytes !== undefined && !(options.keptFieldBytes >= 0)) throw new CoverageInputError('keptFieldBytes', `must be a number of bytes ≥ 0, got ${options.keptFieldBytes}`);
    this.stationary = new StationaryFields(top, bucket, options.keptFieldBytes);
    this.lastPlaces = this.profiles.map(() => new Set());
    this.setCosts(costs);

    // Patrol zones and lines: their counted segments, as slots.
    const segments: number[] = [];
    for (let e = 0; e < graph.edgeCount; e++) if (canonical(graph, e) === e && counted[top.edgeSlot[e]] === 1) segments.push(e);
    const segs = Uint32Array.from(segments);
    const isCounted = (e: number) => canonical(graph, e) === e && counted[top.edgeSlot[e]] === 1;
    const zones = listOf(targets.zones, 'zones').map((z, i) => zoneSegments(graph, isCounted, z, targetLabel('zones', i, z?.id)));
    const lines = listOf(targets.lines, 'lines').map((l, i) => lineSegments(graph, segs, l, buffer, targetLabel('lines', i, l?.id)));
    [this.zoneFirst, this.zoneSlots, this.zoneMeters] = this.slotLists(zones);
    [this.lineFirst, this.lineSlots, this.lineMeters] = this.slotLists(lines);
    const nT = this.thresholds.length;
    const rows: Uint32Array[] = [];
    for (let z = 0; z < zones.length; z++) rows.push(this.zoneSlots.subarray(this.zoneFirst[z], this.zoneFirst[z + 1]));
    for (let l = 0; l < lines.length; l++) rows.push(this.lineSlots.subarray(this.lineFirst[l], this.lineFirst[l + 1]));
    this.chainTargets = buildChainTargets(top, rows);
    this.acc = new Float64Array(rows.length * nT);
    this.pass = new ReachPass(top, this.thresholds);
    this.spanStamp = new Uint32Array(top.chainCount);
    this.spanPre = new Float64Array(top.chainCount * nT);
    this.spanSuf = new Float64Array(top.chainCount * nT);

    // Hotspots and patrol points: snapped once per profile with the costs given now.
    const hot = listOf(targets.hotspots, 'hotspots').map((h, i) => hotspotInput(h, targetLabel('hotspots', i, h?.id)));
    this.spotWeights = Float64Array.from(hot.map((h) => h.weight));
    this.hotspotWeight = this.spotWeights.reduce((a, b) => a + b, 0);
    this.spots = this.place(
      hot.map((h) => h.at),
      costs,
      snapMax,
      (i) => targetLabel('hotspots', i, targets.hotspots?.[i]?.id),
    );
    const pts = listOf(targets.points, 'points').map((p, i) => pointInput(p, targetLabel('points', i, p?.id)));
    this.places = this.place(pts, costs, snapMax, (i) => targetLabel('points', i, targets.points?.[i]?.id));

    this.originHead = new Int32Array(top.chainCount).fill(-1);
  }

  /** Core nodes and chains of the graph (for benchmarks and curiosity). */
  get coreSize(): { nodes: number; chains: number } {
    return { nodes: this.top.coreCount, chains: this.top.chainCount };
  }

  /** Canonical edges of zone i's road segments. */
  zoneSegments(i: number): Uint32Array {
    return this.edgesOf(this.zoneFirst, this.zoneSlots, i);
  }

  /** Canonical edges of line i's road segments. */
  lineSegments(i: number): Uint32Array {
    return this.edgesOf(this.lineFirst, this.lineSlots, i);
  }

  /**
   * Swaps the travel costs of some or all profiles (a new hour of the day, a closure). Only
   * profiles the model was built with are accepted; hotspots and points keep their snaps.
   */
  setCosts(costs: CostsByProfile): void {
    const given = checkCosts(this.graph, costs, this.profiles);
    for (const p of given) {
      const q = this.profiles.indexOf(p);
      const w = (costs[p] as TravelCosts).edgeSeconds;
      // Shared with every other core-graph search of the same cost array (chain-costs.ts), so a
      // simulation that cycles through 24 hourly arrays fills each one once.
      const cc = chainCostsOf(this.graph, this.top, w);
      this.chainCosts[q] = cc;
    }
  }

  /**
   * Coverage by the given units: a road point's time is the least over every unit of every
   * group. Groups of the same profile are merged. `into` reuses the arrays of an earlier result.
   */
  measure(groups: readonly UnitGroup[], into?: CoverageResult): CoverageResult {
    const out = into ?? this.emptyResult();
    const active = this.collectOrigins(groups);
    const searches = active.map((q) => this.searchFrom(q, this.searches[q], true));
    this.tally(active, searches, null, out);
    this.unlinkOrigins();
    return out;
  }

  /** The searches of a measure without the measuring: for nodeLabels alone. */
  search(groups: readonly UnitGroup[]): void {
    const active = this.collectOrigins(groups);
    for (const q of active) this.searchFrom(q, this.searches[q], true);
    this.unlinkOrigins();
  }

  /**
   * Coverage as if each of the `leaving` units were gone, one at a time (what sending it to a
   * call costs the rest of the city): the numbers `measure` gives for the groups without that
   * unit. Only the unit's profile is searched again, and only the chains where a label changed,
   * or that the unit stands on, are measured again (before and after): everything else is
   * reached exactly as with the unit. Returns the coverage with every unit too (`base`).
   */
  measureWithout(groups: readonly UnitGroup[], leaving: readonly { group: number; index: number }[]): { base: CoverageResult; without: CoverageResult[] } {
    const base = this.measure(groups);
    const nT = this.thresholds.length, Lmax = this.searchSeconds;
    const before = this.emptyResult(), after = this.emptyResult();
    const without = leaving.map(({ group, index }, li) => {
      const grp = groups[group];
      const pos = grp?.positions?.[index];
      if (!pos) throw new CoverageInputError(`leaving[${li}]`, `no position ${index} in group ${group}`);
      const q = this.profiles.indexOf(grp.profile);
      const rest = groups.map((g, gi) => (gi === group ? { profile: g.profile, positions: g.positions.filter((_, i) => i !== index) } : g));
      // The unit's profile without it; the other profiles' labels are the same as with it.
      const activeR = this.collectOrigins(rest);
      const alt = (this.altSearches[q] ??= new CoreSearch(this.top, this.searches[q].bucketSeconds));
      if (activeR.includes(q)) this.searchFrom(q, alt, false);
      else {
        alt.reset(Lmax);
        alt.run(this.chainCosts[q].arcSeconds, Lmax);
      }
      const subset = this.changedChains(this.searches[q], alt, this.top.slotChain[this.toChain(pos.edge, pos.t)[0]]);
      this.tally(activeR, activeR.map((a) => (a === q ? alt : this.searches[a])), subset, after);
      this.unlinkOrigins();
      const activeB = this.collectOrigins(groups);
      this.tally(activeB, activeB.map((a) => this.searches[a]), subset, before);
      this.unlinkOrigins();
      this.clearSubset(subset);
      // Base, minus the changed chains as they were, plus them as they are without the unit.
      const out = this.emptyResult();
      for (let k = 0; k < nT; k++) {
        out.roadMeters[k] = base.roadMeters[k] - before.roadMeters[k] + after.roadMeters[k];
        out.road[k] = this.networkMeters > 0 ? out.roadMeters[k] / this.networkMeters : 0;
      }
      for (let x = 0; x < out.zones.length; x++) out.zones[x] = base.zones[x] - before.zones[x] + after.zones[x];
      for (let x = 0; x < out.lines.length; x++) out.lines[x] = base.lines[x] - before.lines[x] + after.lines[x];
      // Hotspots and points are few: measured in full from the labels without the unit.
      out.hotspots.set(after.hotspots);
      out.points.set(after.points);
      return out;
    });
    return { base, without };
  }

  /**
   * Seconds to every graph node from the last measure's units of `profile` (Infinity past
   * searchSeconds): core nodes from the search, the nodes inside chains from the chain's ends and
   * the units on it. The same labels as a multi-source search over the whole graph. Valid until
   * the next measure or search.
   */
  nodeLabels(profile: ProfileName, out = new Float64Array(this.graph.nodeCount)): Float64Array {
    const q = this.profiles.indexOf(profile);
    if (q < 0) throw new CoverageInputError('profile', `profile ${profile} is not in this coverage model (${this.profiles.join(', ')})`);
    const top = this.top, g = this.graph, cc = this.chainCosts[q], dist = this.searches[q].dist, L = this.searchSeconds;
    out.fill(Infinity);
    const mine = this.origins.filter((o) => o.q === q);
    if (mine.length === 0) return out;
    for (let k = 0; k < top.coreCount; k++) out[top.coreNode[k]] = dist[k];
    // The units per chain, as lists through `originHead` (reset below) and `next`.
    const head = this.originHead, next = new Int32Array(mine.length);
    mine.forEach((o, k) => {
      const c = top.slotChain[o.slot];
      next[k] = head[c];
      head[c] = k;
    });
    const fw = cc.fw, bw = cc.bw, first = top.chainFirst, slotEdge = top.slotEdge, along = top.slotAlong, from = g.edgeFrom, to = g.edgeTo;
    const chainFrom = top.chainFrom, chainTo = top.chainTo;
    for (let c = 0; c < top.chainCount; c++) {
      const s0 = first[c], s1 = first[c + 1];
      if (s1 - s0 < 2) continue; // no inner node
      const a = dist[chainFrom[c]], b = dist[chainTo[c]], firstUnit = head[c];
      if (!(a <= L) && !(b <= L) && firstUnit < 0) continue;
      // Driving from A forwards and from B backwards, summed slot by slot as fromA and fromB are.
      let x = a;
      for (let s = s0 + 1; s < s1 && x <= L; s++) {
        x += fw[s - 1];
        const v = along[s] === 1 ? from[slotEdge[s]] : to[slotEdge[s]];
        if (x < out[v]) out[v] = x;
      }
      x = b;
      for (let s = s1 - 1; s > s0 && x <= L; s--) {
        x += bw[s];
        const v = along[s] === 1 ? from[slotEdge[s]] : to[slotEdge[s]];
        if (x < out[v]) out[v] = x;
      }
      for (let k = firstUnit; k >= 0; k = next[k]) {
        const o = mine[k];
        // From a unit on the chain: forwards past the end of its slot, backwards past its start.
        if (fw[o.slot] !== Infinity) {
          x = o.off + (1 - o.t) * fw[o.slot];
          for (let s = o.slot + 1; s < s1 && x <= L; s++) {
            const v = along[s] === 1 ? from[slotEdge[s]] : to[slotEdge[s]];
            if (x < out[v]) out[v] = x;
            x += fw[s];
          }
        }
        if (bw[o.slot] !== Infinity) {
          x = o.off + o.t * bw[o.slot];
          for (let s = o.slot; s > s0 && x <= L; s--) {
            const v = along[s] === 1 ? from[slotEdge[s]] : to[slotEdge[s]];
            if (x < out[v]) out[v] = x;
            x += bw[s - 1];
          }
        }
      }
    }
    for (const o of mine) head[top.slotChain[o.slot]] = -1;
    // Past the search's reach the labels are unknown, as a bounded search leaves them.
    for (let v = 0; v < out.length; v++) if (out[v] > L) out[v] = Infinity;
    return out;
  }

  /** Searches profile q's units (this.origins) into `search`; with `keep`, kept fields are used. */
  private searchFrom(q: number, search: CoreSearch, keep: boolean): CoreSearch {
    const top = this.top, Lmax = this.searchSeconds, cc = this.chainCosts[q];
    search.reset(Lmax);
    // Units at the place they were at the last measure: their kept fields. The others: seeds.
    const before = this.lastPlaces[q], now = new Set<string>();
    for (const o of this.origins) {
      if (o.q !== q) continue;
      if (keep) {
        const key = placeKey(o);
        now.add(key);
        const field = before.has(key) ? this.stationary.fieldOf(o, key, cc, Lmax) : null;
        if (field) {
          for (let j = 0; j < field.nodes.length; j++) search.preset(field.nodes[j], field.seconds[j]);
          continue;
        }
      }
      const c = top.slotChain[o.slot];
      const [toA, toB] = originToEnds(top, cc, o);
      search.seed(top.chainFrom[c], toA, Lmax);
      search.seed(top.chainTo[c], toB, Lmax);
    }
    if (keep) this.lastPlaces[q] = now;
    search.run(cc.arcSeconds, Lmax);
    return search;
  }

  /**
   * The road, zones, lines, hotspots and points reached from the linked origins with these
   * searches (one per active profile), into `out`. With `subset`, road, zones and lines count
   * those chains only (hotspots and points are always measured in full).
   */
  private tally(active: number[], searches: CoreSearch[], subset: ChainSubset | null, out: CoverageResult): void {
    const top = this.top, thr = this.thresholds, nT = thr.length, last = nT - 1;
    out.roadMeters.fill(0);
    out.road.fill(0);
    out.hotspots.fill(0);
    out.zones.fill(0);
    out.lines.fill(0);
    out.points.fill(Infinity);
    const P = active.length;
    if (P === 0) return;
    const dists = searches.map((x) => x.dist);
    const ccs = active.map((q) => this.chainCosts[q]);
    const qIndex = new Int32Array(this.profiles.length).fill(-1);
    active.forEach((q, i) => (qIndex[q] = i));
    // The reached chains: closed forms per chain, then the few chains that units stand on.
    const meters = out.roadMeters, acc = this.acc;
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    this.dists = dists;
    this.ccs = ccs;
    this.qIndex = qIndex;
    acc.fill(0);
    this.pass.run(searches, ccs, this.originHead, meters, this.chainTargets, acc, subset);
    this.origins.forEach((o, j) => {
      const c = top.slotChain[o.slot];
      if (this.originHead[c] !== j) return; // once per chain
      if (subset && subset.mask[c] === 0) return;
      this.addChainWithUnits(c, meters, acc);
    });
    for (let k = 0; k < nT; k++) out.road[k] = this.networkMeters > 0 ? meters[k] / this.networkMeters : 0;
    const nZ = this.zoneMeters.length;
    for (let z = 0; z < nZ; z++) for (let k = 0; k < nT; k++) out.zones[z * nT + k] = acc[z * nT + k] / this.zoneMeters[z];
    for (let l = 0; l < this.lineMeters.length; l++) {
      for (let k = 0; k < nT; k++) out.lines[l * nT + k] = acc[(nZ + l) * nT + k] / this.lineMeters[l];
    }
    this.pointTimes(this.spots, active, dists, ccs, null, (i, sec) => {
      for (let k = last; k >= 0 && sec <= thr[k]; k--) out.hotspots[k] += this.spotWeights[i];
    });
    if (this.hotspotWeight > 0) for (let k = 0; k < nT; k++) out.hotspots[k] /= this.hotspotWeight;
    this.pointTimes(this.places, active, dists, ccs, out.points, null);
  }

  /** Ends the per-chain lists of the last collectOrigins. */
  private unlinkOrigins(): void {
    for (const o of this.origins) this.originHead[this.top.slotChain[o.slot]] = -1;
  }

  /** Chains at a core node whose label differs between two searches, and chain `own`. */
  private changedChains(a: CoreSearch, b: CoreSearch, own: number): ChainSubset {
    const top = this.top, mask = (this.subsetMask ??= new Uint8Array(top.chainCount)), list: number[] = [];
    const add = (c: number) => {
      if (mask[c] === 0) {
        mask[c] = 1;
        list.push(c);
      }
    };
    add(own);
    // Labels only grow when a unit leaves, so b reached no node a did not.
    const ccFirst = top.coreChainFirst, ccList = top.coreChain;
    for (let j = 0; j < a.reachedCount; j++) {
      const v = a.reached[j];
      if (a.dist[v] === b.dist[v]) continue;
      for (let x = ccFirst[v]; x < ccFirst[v + 1]; x++) add(ccList[x]);
    }
    return { mask, list: Uint32Array.from(list) };
  }

  private clearSubset(subset: ChainSubset): void {
    for (const c of subset.list) subset.mask[c] = 0;
  }

  // ------------------------------------------------------------------ helpers

  private emptyResult(): CoverageResult {
    const nT = this.thresholds.length;
    return {
      roadMeters: new Float64Array(nT),
      road: new Float64Array(nT),
      hotspots: new Float64Array(nT),
      zones: new Float64Array(this.zoneMeters.length * nT),
      lines: new Float64Array(this.lineMeters.length * nT),
      points: new Float64Array(this.places.slot.length / this.profiles.length),
    };
  }

  /** Validates the groups and links every unit into the list of its chain; returns active profiles. */
  private collectOrigins(groups: readonly UnitGroup[]): number[] {
    if (!Array.isArray(groups)) throw new CoverageInputError('groups', 'expected an array of unit groups');
    const g = this.graph, top = this.top;
    this.origins = [];
    const active: number[] = [];
    groups.forEach((grp, gi) => {
      const field = `groups[${gi}]`;
      const profile: unknown = grp?.profile;
      if (!isProfileName(profile)) {
        throw new CoverageInputError(`${field}.profile`, `unknown profile "${String(profile)}"; expected one of ${PROFILES.join(', ')}`);
      }
      const q = this.profiles.indexOf(profile);
      if (q < 0) {
        throw new CoverageInputError(`${field}.profile`, `profile ${profile} is not in this coverage model (${this.profiles.join(', ')})`);
      }
      const positions: readonly PositionOnRoad[] = grp.positions;
      if (!Array.isArray(positions)) throw new CoverageInputError(`${field}.positions`, 'expected an array of road positions');
      positions.forEach((p: PositionOnRoad, i: number) => {
        const pf = `${field}.positions[${i}]`;
        const e: unknown = p?.edge, t: unknown = p?.t, off: unknown = p?.offRoadSeconds;
        if (typeof e !== 'number' || !Number.isInteger(e) || e < 0 || e >= g.edgeCount) {
          throw new CoverageInputError(`${pf}.edge`, `edge ${String(e)} is not in 0..${g.edgeCount - 1}`);
        }
        if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new CoverageInputError(`${pf}.t`, `must be a number in [0, 1], got ${String(t)}`);
        if (typeof off !== 'number' || !(off >= 0) || off === Infinity) {
          throw new CoverageInputError(`${pf}.offRoadSeconds`, `must be a finite number ≥ 0, got ${String(off)}`);
        }
        const [slot, tc] = this.toChain(e, t);
        this.origins.push({ slot, t: tc, off, q, next: -1 });
        if (!active.includes(q)) active.push(q);
      });
    });
    // Linked only once every position is valid, so a bad input leaves no list behind.
    this.origins.forEach((o, k) => {
      const c = top.slotChain[o.slot];
      o.next = this.originHead[c];
      this.originHead[c] = k;
    });
    return active.sort((a, b) => a - b);
  }

  /** Slot and fraction from the slot's A side of fraction t of directed edge e. */
  private toChain(e: number, t: number): [number, number] {
    const c = canonical(this.graph, e);
    const tt = c === e ? t : 1 - t;
    const slot = this.top.edgeSlot[c];
    return [slot, this.top.slotAlong[slot] === 1 ? tt : 1 - tt];
  }

  /**
   * The parts of chain c reached within L by any active profile, merged into disjoint
   * [start, end] metre pairs in this.pairs; returns their count.
   */
  private reachedIntervals(c: number, k: number): number {
    const top = this.top, L = this.thresholds[k], T = top.chainLength[c];
    let need = 4;
    for (let o = this.originHead[c]; o >= 0; o = this.origins[o].next) need += 4;
    if (this.pairs.length < need) this.pairs = new Float64Array(2 * need);
    const pairs = this.pairs;
    const at = this.spans(c) + k;
    pairs[0] = 0;
    pairs[1] = this.spanPre[at];
    pairs[2] = this.spanSuf[at];
    pairs[3] = T;
    let n = 4;
    for (let j = this.originHead[c]; j >= 0; j = this.origins[j].next) {
      const o = this.origins[j];
      if (o.off <= L) n += originIntervals(top, this.ccs[this.qIndex[o.q]], o, L - o.off, pairs, n);
    }
    return mergeIntervals(pairs, n / 2, this.order);
  }

  /** Index of chain c's spans in spanPre/spanSuf, computed once per measure. */
  private spans(c: number): number {
    const at = c * this.thresholds.length;
    if (this.spanStamp[c] !== this.stamp) {
      chainSpans(this.top, this.ccs, this.dists, this.thresholds, c, this.spanPre, this.spanSuf, at);
      this.spanStamp[c] = this.stamp;
    }
    return at;
  }

  /** Adds the reached metres of chain c, which units stand on, to the road and its targets. */
  private addChainWithUnits(c: number, meters: Float64Array, acc: Float64Array): void {
    const top = this.top, nT = this.thresholds.length, tg = this.chainTargets;
    for (let k = 0; k < nT; k++) {
      const n = this.reachedIntervals(c, k);
      meters[k] += overlapMeters(this.pairs, n, 0, top.chainLength[c]);
      for (let e = tg.first[c]; e < tg.first[c + 1]; e++) acc[tg.row[e] * nT + k] += overlapMeters(this.pairs, n, tg.x0[e], tg.x1[e]);
    }
  }

  /**
   * Seconds to each placed point (road time at its snapped position for each active profile,
   * plus that profile's off-road leg; the least over profiles), into `out` or to `each`.
   */
  private pointTimes(
    pts: PlacedPoints,
    active: number[],
    dists: Float64Array[],
    ccs: ChainCosts[],
    out: Float64Array | null,
    each: ((i: number, seconds: number) => void) | null,
  ): void {
    const top = this.top, Q = this.profiles.length, Lmax = this.thresholds[this.thresholds.length - 1];
    const count = pts.slot.length / Q;
    for (let i = 0; i < count; i++) {
      let best = Infinity;
      for (let j = 0; j < active.length; j++) {
        const q = active[j], at = i * Q + q;
        const slot = pts.slot[at];
        if (slot < 0) continue;
        const c = top.slotChain[slot], t = pts.t[at];
        let sec = timeFromEnds(top, ccs[j], dists[j][top.chainFrom[c]], dists[j][top.chainTo[c]], slot, t);
        for (let k = this.originHead[c]; k >= 0; k = this.origins[k].next) {
          const o = this.origins[k];
          if (o.q !== q) continue;
          const x = timeFromOrigin(top, ccs[j], o, slot, t);
          if (x < sec) sec = x;
        }
        sec += pts.off[at];
        if (sec < best) best = sec;
      }
      if (!(best <= Lmax)) best = Infinity;
      if (out) out[i] = best;
      if (each) each(i, best);
    }
  }

  /** Snaps points once per profile; a point no profile can reach from a road is an error. */
  private place(points: LngLat[], costs: CostsByProfile, snapMax: number, label: (i: number) => string): PlacedPoints {
    const Q = this.profiles.length;
    const slot = new Int32Array(points.length * Q).fill(-1);
    const t = new Float64Array(points.length * Q);
    const off = new Float64Array(points.length * Q);
    const index = segmentIndexOf(this.graph);
    points.forEach((at, i) => {
      let problem: SnapError | null = null;
      this.profiles.forEach((p, q) => {
        try {
          const s = snapPoint(this.graph, index, costs[p] as TravelCosts, at, snapMax, label(i));
          const [sl, tc] = this.toChain(s.edge, s.t);
          slot[i * Q + q] = sl;
          t[i * Q + q] = tc;
          off[i * Q + q] = s.offRoadSeconds;
        } catch (err) {
          if (!(err instanceof SnapError)) throw err;
          problem = err;
        }
      });
      if (problem !== null && this.profiles.every((_, q) => slot[i * Q + q] < 0)) {
        const err: SnapError = problem;
        throw new CoverageInputError(label(i), err.reason);
      }
    });
    return { slot, t, off };
  }

  private slotLists(lists: Uint32Array[]): [Uint32Array, Uint32Array, Float64Array] {
    const first = new Uint32Array(lists.length + 1);
    lists.forEach((l, i) => (first[i + 1] = first[i] + l.length));
    const slots = new Uint32Array(first[lists.length]);
    const meters = new Float64Array(lists.length);
    lists.forEach((l, i) => {
      l.forEach((e, j) => {
        const s = this.top.edgeSlot[e];
        slots[first[i] + j] = s;
        meters[i] += this.top.slotLength[s];
      });
    });
    return [first, slots, meters];
  }

  private edgesOf(first: Uint32Array, slots: Uint32Array, i: number): Uint32Array {
    if (!Number.isInteger(i) || i < 0 || i + 1 >= first.length) throw new RangeError(`Unexpected target index: ${i}.`);
    return Uint32Array.from(slots.subarray(first[i], first[i + 1]), (s) => this.top.slotEdge[s]);
  }
}

function listOf<T>(list: readonly T[] | undefined, field: string): readonly T[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new CoverageInputError(field, 'expected an array');
  return list;
}

function positiveOption(v: number | undefined, fallback: number, field: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new CoverageInputError(field, `must be a finite number > 0, got ${String(v)}`);
  return v;
}

function checkThresholds(list: readonly number[]): Float64Array {
  if (!Array.isArray(list) || list.length === 0) throw new CoverageInputError('thresholds', 'expected a non-empty array of seconds');
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new CoverageInputError(`thresholds[${i}]`, `must be a finite number of seconds > 0, got ${String(v)}`);
    }
    if (i > 0 && v <= list[i - 1]) throw new CoverageInputError(`thresholds[${i}]`, `must be greater than thresholds[${i - 1}] (${list[i - 1]}), got ${v}`);
  });
  return Float64Array.from(list);
}

/** Checks a costs record; `allowed` = the model's profiles (null while constructing). */
function checkCosts(g: RoadGraph, costs: CostsByProfile, allowed: readonly ProfileName[] | null): ProfileName[] {
  if (costs === null || typeof costs !== 'object' || Array.isArray(costs)) {
    throw new CoverageInputError('costs', 'expected an object of travel costs by profile');
  }
  const out: ProfileName[] = [];
  for (const [key, c] of Object.entries(costs)) {
    if (c === undefined) continue;
    if (!isProfileName(key)) throw new CoverageInputError(`costs.${key}`, `unknown profile "${key}"; expected one of ${PROFILES.join(', ')}`);
    if (allowed && !allowed.includes(key)) throw new CoverageInputError(`costs.${key}`, `profile ${key} is not in this coverage model (${allowed.join(', ')})`);
    if (c.profile !== key) throw new CoverageInputError(`costs.${key}`, `holds the costs of profile ${String(c.profile)}`);
    if (!(c.edgeSeconds instanceof Float32Array) || c.edgeSeconds.length !== g.edgeCount) {
      throw new CoverageInputError(`costs.${key}.edgeSeconds`, `expected a Float32Array of ${g.edgeCount} edges`);
    }
    out.push(key);
  }
  return out;
}
