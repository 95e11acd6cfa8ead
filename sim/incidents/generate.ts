// Model calls for a run: a non-homogeneous Poisson process in time, then independent draws of
// place, category, priority, time on scene and units for each call.
//
// The rate is piecewise constant per hour: in hour h of a day with weekday w,
//   λ(h, w) = callsPerDay · hourly[h] / Σ hourly · weekly[w] / mean(weekly)   calls per hour.
// Within an hour of constant rate λ the gaps between calls are exponential with mean 3600/λ s;
// because the exponential is memoryless, restarting the gaps at every hour boundary gives the
// exact process, and the calls come out already in time order. A day's expected count is
// callsPerDay · weekly[w] / mean(weekly), and its count is Poisson (variance = mean).
//
// Streams: every day has its own fork of the seed, split again into arrival times, call
// attributes and places. Adding days, or changing hotspot weights, leaves the calls of existing
// days at the same times.

import type { IncidentCategory, IncidentModel, PriorityLevel } from '../../shared/incident-schema.ts';
import { createRandom } from '../random.ts';
import type { Incident } from './incident.ts';
import { createLocationSampler, type IncidentSpace } from './locations.ts';
import { Categorical, sampleOnSceneSeconds, unitsSampler } from './sampling.ts';

export interface GenerateOptions {
  /** number of days from the scenario start (which is midnight); may be fractional */
  days: number;
  seed: number;
  /** weekday of day 0: 0 = Monday … 6 = Sunday (default 0) */
  startWeekday?: number;
}

export class IncidentModelError extends Error {
  override readonly name = 'IncidentModelError';
}

const SECONDS_PER_HOUR = 3600;
/** Salt separating incident streams from other users of the same scenario seed. */
const INCIDENT_STREAM = 0x1c1de47;
const STREAM = { times: 1, attributes: 2, places: 3 } as const;

/** Calls per hour for each hour of each weekday: rates[w][h], w = 0 for Monday. */
export function hourlyRates(model: IncidentModel): number[][] {
  const hourSum = model.hourly.reduce((a, b) => a + b, 0);
  if (model.hourly.length !== 24 || !(hourSum > 0)) {
    throw new IncidentModelError(`hourly must be 24 non-negative weights, not all 0; got ${model.hourly.length} summing to ${hourSum}`);
  }
  const weekly = model.weekly ?? [1, 1, 1, 1, 1, 1, 1];
  const weekMean = weekly.reduce((a, b) => a + b, 0) / weekly.length;
  if (weekly.length !== 7 || !(weekMean > 0)) {
    throw new IncidentModelError(`weekly must be 7 non-negative weights, not all 0; got ${weekly.length} with mean ${weekMean}`);
  }
  return weekly.map((w) => model.hourly.map((h) => (model.callsPerDay * (h / hourSum) * w) / weekMean));
}

/**
 * Calls of the model over `days` days, sorted by time (calls at equal times keep the order they
 * were drawn in). Ids are `m<day>-<n>`, n counting from 1 within the day, so they stay the same
 * when more days are generated.
 */
export function generateIncidents(
  model: IncidentModel,
  categories: readonly IncidentCategory[],
  priorities: readonly PriorityLevel[],
  space: IncidentSpace,
  opts: GenerateOptions,
): Incident[] {
  const { days, seed } = opts;
  const startWeekday = opts.startWeekday ?? 0;
  if (!(days >= 0) || !Number.isFinite(days)) throw new RangeError(`Unexpected days value: ${days}.`);
  if (!Number.isInteger(startWeekday) || startWeekday < 0 || startWeekday > 6) {
    throw new RangeError(`Unexpected startWeekday value: ${startWeekday}; expected 0 (Monday) to 6 (Sunday).`);
  }
  if (!(model.callsPerDay > 0)) throw new IncidentModelError(`callsPerDay must be > 0, got ${model.callsPerDay}`);

  const levels = priorities.map((p) => p.level).sort((a, b) => a - b);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const catIds = Object.keys(model.categoryShares).sort(); // sorted: key order in JSON must not matter
  for (const id of catIds) {
    if (!byId.has(id)) throw new IncidentModelError(`categoryShares names category "${id}", which is not defined`);
  }
  const pickCategory = new Categorical(catIds.map((id) => model.categoryShares[id]));
  const perCategory = catIds.map((id) => {
    const c = byId.get(id)!;
    if (c.priorityShares.length !== levels.length) {
      throw new IncidentModelError(`category "${id}" has ${c.priorityShares.length} priority shares for ${levels.length} levels`);
    }
    return { c, priority: new Categorical(c.priorityShares), units: unitsSampler(c.unitsNeeded) };
  });
  const places = createLocationSampler(model.hotspots ?? [], model.backgroundWeight, space);
  const rates = hourlyRates(model);

  const root = createRandom(seed).fork(INCIDENT_STREAM);
  const out: Incident[] = [];
  const hours = Math.ceil(days * 24 - 1e-9);
  for (let d = 0; d * 24 < hours; d++) {
    const dayRng = root.fork(d);
    const times = dayRng.fork(STREAM.times);
    const attrs = dayRng.fork(STREAM.attributes);
    const where = dayRng.fork(STREAM.places);
    const rate = rates[(startWeekday + d) % 7];
    const end = days * 24 * SECONDS_PER_HOUR;
    let n = 0;
    for (let h = 0; h < 24 && d * 24 + h < hours; h++) {
      const lambda = rate[h];
      if (lambda <= 0) continue;
      const hourStart = (d * 24 + h) * SECONDS_PER_HOUR;
      let t = 0;
      for (;;) {
        t += (-Math.log(1 - times.next()) * SECONDS_PER_HOUR) / lambda;
        if (t >= SECONDS_PER_HOUR) break;
        const at = hourStart + t;
        // A fractional last day still draws its whole hour from the same stream, then cuts.
        if (at >= end) continue;
        const k = perCategory[pickCategory.sample(attrs)];
        const p = places.sample(where);
        out.push({
          id: `m${d}-${++n}`,
          t: at,
          lon: p.lon,
          lat: p.lat,
          category: k.c.id,
          priority: levels[k.priority.sample(attrs)],
          onSceneSeconds: sampleOnSceneSeconds(k.c.onScene, attrs),
          unitsNeeded: k.units(attrs),
          source: 'model',
        });
      }
    }
  }
  return out;
}
