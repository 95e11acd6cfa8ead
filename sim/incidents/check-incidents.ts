// Meaning-level checks of the scenario's `incidents` section, beyond what the schema can say:
// shares that sum to 1, priority levels 1..n without gaps, category ids that exist, rates that
// are not negative or all zero, a usable time format and timezone. Written defensively: it also
// runs on values that never went through the schema (built in code), so every number is checked
// for being finite as well.

import { type IncidentCategory, type IncidentModel, type IncidentList, type IncidentsConfig } from '../../shared/incident-schema.ts';
import type { IncidentConfigProblem } from './incident.ts';
import { parseUtcOffset, timeFormatProblem } from './time-format.ts';

/** Shares must sum to 1 within this. */
export const SHARE_TOLERANCE = 1e-6;

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const show = (v: unknown) => (typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));

type Report = (path: string, reason: string) => void;

function positive(report: Report, path: string, v: unknown) {
  if (!isNum(v) || v <= 0) report(path, `must be > 0, got ${show(v)}`);
}
function nonNegative(report: Report, path: string, v: unknown) {
  if (!isNum(v) || v < 0) report(path, `must be ≥ 0, got ${show(v)}`);
}

/** Non-negative finite weights, not all zero. */
function weights(report: Report, path: string, xs: readonly unknown[], length: number, what: string) {
  if (xs.length !== length) report(path, `must have ${length} entries (${what}), got ${xs.length}`);
  let ok = true;
  xs.forEach((v, i) => {
    if (!isNum(v) || v < 0) {
      report(`${path}[${i}]`, `must be ≥ 0, got ${show(v)}`);
      ok = false;
    }
  });
  if (ok && xs.length > 0 && (xs as number[]).every((v) => v === 0)) report(path, 'must not be all 0');
}

/** Shares in [0, 1] summing to 1. */
function shares(report: Report, path: string, entries: [string, unknown][]) {
  let sum = 0;
  let ok = true;
  for (const [k, v] of entries) {
    if (!isNum(v) || v < 0 || v > 1) {
      report(`${path}${k}`, `must be a share in 0..1, got ${show(v)}`);
      ok = false;
    } else sum += v;
  }
  if (ok && Math.abs(sum - 1) > SHARE_TOLERANCE) report(path, `shares must sum to 1, got ${Number(sum.toPrecision(12))}`);
}

function checkCategory(report: Report, path: string, c: IncidentCategory, levels: number) {
  if (c.priorityShares.length !== levels) {
    report(`${path}.priorityShares`, `must have one share per priority level (${levels}), got ${c.priorityShares.length}`);
  }
  shares(report, `${path}.priorityShares`, c.priorityShares.map((v, i) => [`[${i}]`, v]));
  const os = c.onScene;
  const p = `${path}.onScene`;
  if (os.dist === 'exponential') positive(report, `${p}.meanMinutes`, os.meanMinutes);
  else if (os.dist === 'lognormal') {
    positive(report, `${p}.medianMinutes`, os.medianMinutes);
    nonNegative(report, `${p}.sigma`, os.sigma);
  } else if (os.dist === 'fixed') nonNegative(report, `${p}.minutes`, os.minutes);
  else report(`${p}.dist`, `must be exponential, lognormal or fixed, got ${show((os as { dist: unknown }).dist)}`);
  const u = c.unitsNeeded;
  if (typeof u === 'number') {
    if (!Number.isInteger(u) || u < 1) report(`${path}.unitsNeeded`, `must be a whole number ≥ 1, got ${show(u)}`);
  } else if (u !== undefined) {
    const seen = new Set<number>();
    u.forEach((x, i) => {
      if (!Number.isInteger(x.units) || x.units < 1) report(`${path}.unitsNeeded[${i}].units`, `must be a whole number ≥ 1, got ${show(x.units)}`);
      else if (seen.has(x.units)) report(`${path}.unitsNeeded[${i}].units`, `${x.units} units is listed twice`);
      seen.add(x.units);
    });
    shares(report, `${path}.unitsNeeded`, u.map((x, i) => [`[${i}].share`, x.share]));
  }
}

function checkModel(report: Report, path: string, m: IncidentModel, ids: Set<string>) {
  positive(report, `${path}.callsPerDay`, m.callsPerDay);
  weights(report, `${path}.hourly`, m.hourly, 24, 'one per hour of the day');
  if (m.weekly !== undefined) weights(report, `${path}.weekly`, m.weekly, 7, 'Monday to Sunday');
  const entries = Object.entries(m.categoryShares);
  for (const [id] of entries) {
    if (!ids.has(id)) report(`${path}.categoryShares${key(id)}`, `unknown category id "${id}"; defined: ${[...ids].join(', ')}`);
  }
  if (entries.length === 0) report(`${path}.categoryShares`, 'must give a share to at least one category');
  else shares(report, `${path}.categoryShares`, entries.map(([k, v]) => [key(k), v]));

  const hotspots = m.hotspots ?? [];
  const hotspotIds = new Map<string, number>();
  let total = isNum(m.backgroundWeight) && m.backgroundWeight > 0 ? m.backgroundWeight : 0;
  hotspots.forEach((h, i) => {
    const p = `${path}.hotspots[${i}]`;
    if (!isNum(h.lon) || h.lon < -180 || h.lon > 180) report(`${p}.lon`, `must be a longitude in -180..180, got ${show(h.lon)}`);
    if (!isNum(h.lat) || h.lat < -90 || h.lat > 90) report(`${p}.lat`, `must be a latitude in -90..90, got ${show(h.lat)}`);
    positive(report, `${p}.radiusMeters`, h.radiusMeters);
    nonNegative(report, `${p}.weight`, h.weight);
    if (isNum(h.weight) && h.weight > 0) total += h.weight;
    if (h.id !== undefined) {
      const first = hotspotIds.get(h.id);
      if (first !== undefined) report(`${p}.id`, `"${h.id}" is also the id of hotspots[${first}]`);
      else hotspotIds.set(h.id, i);
    }
  });
  nonNegative(report, `${path}.backgroundWeight`, m.backgroundWeight);
  if (total === 0) report(`${path}.backgroundWeight`, 'hotspot weights and backgroundWeight are all 0; calls would have nowhere to happen');
}

function checkList(report: Report, path: string, l: IncidentList, ids: Set<string>, levels: Set<number>) {
  const headers = new Map<string, string>();
  for (const [f, h] of Object.entries(l.columns)) {
    if (typeof h !== 'string' || h.trim() === '') {
      report(`${path}.columns.${f}`, `must name a header, got ${show(h)}`);
      continue;
    }
    const other = headers.get(h.trim());
    if (other !== undefined) report(`${path}.columns.${f}`, `header ${JSON.stringify(h)} is already used for columns.${other}`);
    else headers.set(h.trim(), f);
  }
  if (l.timeFormat !== undefined) {
    const why = timeFormatProblem(l.timeFormat);
    if (why !== null) report(`${path}.timeFormat`, why);
  }
  if (l.timezone !== undefined && parseUtcOffset(l.timezone) === null) {
    report(`${path}.timezone`, `must be a UTC offset such as +08:00 (at most ±14:00), got ${show(l.timezone)}`);
  }
  for (const [k, id] of Object.entries(l.categoryMap ?? {})) {
    if (!ids.has(id)) report(`${path}.categoryMap${key(k)}`, `unknown category id "${id}"; defined: ${[...ids].join(', ')}`);
  }
  for (const [k, level] of Object.entries(l.priorityMap ?? {})) {
    if (!levels.has(level)) report(`${path}.priorityMap${key(k)}`, `unknown priority level ${show(level)}; defined: ${[...levels].join(', ')}`);
  }
}

/** Every problem in an incidents section; [] if it is usable. `base` prefixes every path. */
export function checkIncidents(inc: IncidentsConfig, base = 'incidents'): IncidentConfigProblem[] {
  const problems: IncidentConfigProblem[] = [];
  const report: Report = (path, reason) => problems.push({ path, reason });

  // Priorities: levels unique and exactly 1..n.
  const levels = new Set<number>();
  inc.priorities.forEach((p, i) => {
    const path = `${base}.priorities[${i}]`;
    if (!Number.isInteger(p.level) || p.level < 1) report(`${path}.level`, `must be a whole number ≥ 1, got ${show(p.level)}`);
    else if (levels.has(p.level)) report(`${path}.level`, `level ${p.level} is defined twice`);
    else levels.add(p.level);
    positive(report, `${path}.targetMinutes`, p.targetMinutes);
  });
  if (inc.priorities.length === 0) report(`${base}.priorities`, 'must define at least one level');
  const missingLevels = Array.from({ length: inc.priorities.length }, (_, i) => i + 1).filter((l) => !levels.has(l));
  if (levels.size > 0 && missingLevels.length > 0) {
    report(`${base}.priorities`, `levels must run 1..${inc.priorities.length} without gaps; missing ${missingLevels.join(', ')}`);
  }

  const ids = new Set<string>();
  inc.categories.forEach((c, i) => {
    const path = `${base}.categories[${i}]`;
    if (ids.has(c.id)) report(`${path}.id`, `category id "${c.id}" is defined twice`);
    ids.add(c.id);
    checkCategory(report, path, c, inc.priorities.length);
  });
  if (inc.categories.length === 0) report(`${base}.categories`, 'must define at least one category');

  if (inc.model === undefined && inc.list === undefined) report(base, 'needs a model (for run), a list (for replay), or both');
  if (inc.model !== undefined) checkModel(report, `${base}.model`, inc.model, ids);
  if (inc.list !== undefined) checkList(report, `${base}.list`, inc.list, ids, levels);
  return problems;
}

