// The result of a run in the documented shape of result.json (see the README): KPIs, per
// priority, zone, line, point and unit figures, coverage over the day, and every incident.
// Only simulated quantities go in (no wall-clock times), so the same seed gives the same bytes.

import { summarize } from '../stats/summary.ts';
import type { Simulation } from './engine.ts';
import type { PatrolSampler } from './patrol-metrics.ts';

/** Coverage accumulated over the samples of a run (see sim/coverage). */
export interface CoverageTally {
  samples: number;
  thresholds: readonly number[];
  /** per threshold, sum over samples of the share of road length within it */
  road: Float64Array;
  /** per threshold, sum of the share of hotspot weight within it */
  hotspots: Float64Array;
  /** per zone and threshold (zone-major), sum of the share of its road length within it */
  zones: Float64Array;
  /** per line, sum of the share of its road length within 180 s */
  lines180: Float64Array;
  /** per patrol point, samples in which it was within 180 s */
  points180: Float64Array;
  /** per 15-minute bin of the day: samples, and per threshold the summed road share */
  dayBins: { n: Float64Array; road: Float64Array[] };
}

export interface PriorityTargets {
  level: number;
  targetMinutes: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const nullable = (x: number | null) => (x === null || !Number.isFinite(x) ? null : r1(x));

function responseStats(values: number[]) {
  const s = summarize(values);
  return { mean: nullable(s.mean), p50: nullable(s.p50), p90: nullable(s.p90), p95: nullable(s.p95) };
}

export interface ResultMeta {
  scenario: string;
  seed: number;
  days: number;
  startWeekday: number;
  incidentSource: 'model' | 'list';
  sampleEverySeconds: number;
}

export function buildResult(
  sim: Simulation,
  meta: ResultMeta,
  priorities: readonly PriorityTargets[],
  patrol: PatrolSampler | null,
  coverage: CoverageTally | null,
) {
  const m = sim.model, incs = sim.incidents, recs = sim.records;
  const target = new Map(priorities.map((p) => [p.level, p.targetMinutes * 60]));
  const response = recs.map((r) => r.arrivedAt - r.t);
  const reached = response.filter((x) => Number.isFinite(x));
  const n = recs.length;
  const share = (pred: (i: number) => boolean) => (n === 0 ? null : r4(recs.filter((_, i) => pred(i)).length / n));
  const within = (s: number) => share((i) => response[i] <= s);
  const busy = sim.stats.map((st) => (st.onShiftSeconds > 0 ? st.busySeconds / st.onShiftSeconds : 0));
  const meanBusy = busy.length ? busy.reduce((a, b) => a + b, 0) / busy.length : 0;
  const sdBusy = busy.length ? Math.sqrt(busy.reduce((a, b) => a + (b - meanBusy) ** 2, 0) / busy.length) : 0;
  const dispatches = sim.stats.reduce((a, s) => a + s.dispatches, 0);
  const zoneDispatches = sim.stats.reduce((a, s, u) => a + (m.units[u].assignment.type === 'zone' ? s.dispatches : 0), 0);
  const cross = sim.stats.reduce((a, s) => a + s.crossZoneDispatches, 0);
  const cov = coverage && coverage.samples > 0 ? coverage : null;
  const covShare = (arr: Float64Array, k: number) => (cov ? r4(arr[k] / cov.samples) : null);
  const thresholds = cov?.thresholds ?? [60, 180, 300];

  const kpis = {
    incidents: n,
    unserved: recs.filter((r) => Number.isNaN(r.arrivedAt)).length,
    responseS: responseStats(reached),
    withinS: { '60': within(60), '180': within(180), '300': within(300) },
    withinTarget: share((i) => response[i] <= (target.get(incs[i].priority) ?? Infinity)),
    queuedFraction: share((i) => recs[i].queued),
    meanQueueWaitS: n === 0 ? null : r1(recs.reduce((a, r) => a + (Number.isFinite(r.queuedSeconds) ? r.queuedSeconds : 0), 0) / n),
    utilization: r4(meanBusy),
    workloadCv: meanBusy > 0 ? r4(sdBusy / meanBusy) : null,
    crossZoneShare: zoneDispatches > 0 ? r4(cross / zoneDispatches) : null,
    dispatches,
    coverage: {
      road: Object.fromEntries(thresholds.map((s, k) => [String(s), cov ? covShare(cov.road, k) : null])),
      hotspots: Object.fromEntries(thresholds.map((s, k) => [String(s), cov ? covShare(cov.hotspots, k) : null])),
    },
    visibility: patrol && patrol.samples > 0 ? r4(patrol.visibilitySum / patrol.samples) : null,
  };

  const levels = [...new Set(incs.map((i) => i.priority))].sort((a, b) => a - b);
  const byPriority = levels.map((level) => {
    const idx = recs.map((_, i) => i).filter((i) => incs[i].priority === level);
    const t = target.get(level) ?? null;
    return {
      priority: level,
      targetS: t,
      incidents: idx.length,
      responseS: responseStats(idx.map((i) => response[i]).filter(Number.isFinite)),
      withinTarget: t === null || idx.length === 0 ? null : r4(idx.filter((i) => response[i] <= t).length / idx.length),
    };
  });

  const byZone = m.zones.map((z, zi) => {
    const idx = recs.map((_, i) => i).filter((i) => recs[i].zone === zi);
    return {
      id: z.id,
      name: z.name,
      incidents: idx.length,
      responseS: responseStats(idx.map((i) => response[i]).filter(Number.isFinite)),
      coverage: Object.fromEntries(thresholds.map((s, k) => [String(s), cov ? r4(cov.zones[zi * thresholds.length + k] / cov.samples) : null])),
      drivenLastHour: patrol && patrol.samples > 0 ? r4(patrol.zoneDriven[zi] / patrol.samples) : null,
    };
  });

  const lines = m.lines.map((l, li) => ({
    id: l.id,
    name: l.name,
    laps: sim.stats.reduce((a, s, u) => a + (m.units[u].assignment.type === 'line' && (m.units[u].assignment as { line: number }).line === li ? s.laps : 0), 0),
    drivenLastHour: patrol && patrol.samples > 0 && patrol.linePatrolled[li] === 1 ? r4(patrol.lineDriven[li] / patrol.samples) : null,
    lastDrivenS: patrol && Number.isFinite(patrol.lineLastDriven[li]) ? r1(patrol.lineLastDriven[li]) : null,
    within180: cov ? r4(cov.lines180[li] / cov.samples) : null,
  }));

  const end = sim.options.seconds;
  const points = m.points.map((p, pi) => {
    const visits = sim.pointVisitTimes[pi];
    let gap = visits.length > 0 ? visits[0] : end;
    for (let k = 1; k < visits.length; k++) gap = Math.max(gap, visits[k] - visits[k - 1]);
    if (visits.length > 0) gap = Math.max(gap, end - visits[visits.length - 1]);
    const assigned = m.units.filter((u) => u.assignment.type === 'points' && u.assignment.points.includes(pi));
    const kept = assigned.reduce((a, u) => a + sim.stats[u.index].dwellsKept, 0);
    const made = assigned.reduce((a, u) => a + sim.stats[u.index].pointVisits, 0);
    return {
      id: p.id,
      name: p.name,
      visits: visits.length,
      dwellKept: made > 0 ? r4(kept / made) : null,
      longestGapS: r1(gap),
      within180: cov ? r4(cov.points180[pi] / cov.samples) : null,
    };
  });

  const coverageOverDay = cov
    ? Array.from(cov.dayBins.n, (count, b) => ({
        minuteOfDay: b * 15,
        ...Object.fromEntries(thresholds.map((s, k) => [`road${s}`, count > 0 ? r4(cov.dayBins.road[k][b] / count) : null])),
      }))
    : [];

  const units = m.units.map((u, i) => ({
    id: u.id,
    type: u.kind,
    profile: u.profile,
    busyFraction: r4(busy[i]),
    dispatches: sim.stats[i].dispatches,
    crossZoneDispatches: sim.stats[i].crossZoneDispatches,
    onShiftS: r1(sim.stats[i].onShiftSeconds),
  }));

  const incidents = incs.map((inc, i) => {
    const r = recs[i];
    const f = (x: number) => (Number.isFinite(x) ? r1(x) : null);
    return {
      id: inc.id,
      t: r1(inc.t),
      priority: inc.priority,
      category: inc.category,
      lon: Math.round(inc.lon * 1e6) / 1e6,
      lat: Math.round(inc.lat * 1e6) / 1e6,
      queuedS: r.queued ? f(r.queuedSeconds) : 0,
      dispatchedAt: f(r.dispatchedAt),
      arrivedAt: f(r.arrivedAt),
      clearedAt: f(r.clearedAt),
      unitIds: r.unitIds.map((u) => m.units[u].id),
      responseS: f(response[i]),
    };
  });

  return {
    scenario: meta.scenario,
    seed: meta.seed,
    days: meta.days,
    startWeekday: meta.startWeekday,
    incidentSource: meta.incidentSource,
    sampleEveryS: meta.sampleEverySeconds,
    events: sim.events,
    kpis,
    byPriority,
    byZone,
    lines,
    points,
    coverageOverDay,
    units,
    incidents,
  };
}

export type SimResult = ReturnType<typeof buildResult>;
