// Meaning-level checks of the units and the policy that the schema cannot express: references to
// stations, zones, lines and points that exist, unique ids, and shifts a unit can actually work
// (no zero-length or overlapping shifts, breaks inside their shift).

import type { Problem } from '../../shared/scenario-schema.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Minutes since midnight of a valid "HH:MM", else null. */
export function clockMinutes(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^([01]?[0-9]|2[0-3]):([0-5][0-9])$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** A shift as [start, end) minutes from midnight of its start day; end > start, possibly past 1440. */
export function shiftSpan(start: number, end: number): [number, number] {
  return [start, end > start ? end : end + 1440];
}

function overlaps(a: [number, number], b: [number, number]): boolean {
  // Compare on the 24-hour circle: shift b also as it recurs a day later or earlier.
  for (const k of [-1440, 0, 1440]) if (a[0] < b[1] + k && b[0] + k < a[1]) return true;
  return false;
}

function ids(list: unknown): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(list)) for (const x of list) if (isObject(x) && typeof x.id === 'string') out.add(x.id);
  return out;
}

/** Ids units may refer to; null where the list could not be read (its own problem is reported). */
export interface FleetRefs {
  stations: Set<string> | null;
  zones: Set<string> | null;
  lines: Set<string> | null;
  points: Set<string> | null;
  /** incident category ids, when the scenario defines them */
  categories?: Set<string>;
}

/** Ids the fleet may refer to, from a parsed scenario (places given inline or in files). */
export function fleetRefs(doc: Record<string, unknown>, placeIds: (kind: 'patrolZones' | 'patrolLines' | 'patrolPoints') => Set<string> | null): FleetRefs {
  const incidents = isObject(doc.incidents) ? doc.incidents : undefined;
  return {
    stations: Array.isArray(doc.stations) ? ids(doc.stations) : null,
    zones: placeIds('patrolZones'),
    lines: placeIds('patrolLines'),
    points: placeIds('patrolPoints'),
    ...(incidents && Array.isArray(incidents.categories) ? { categories: ids(incidents.categories) } : {}),
  };
}

/** Problems of `units` and `policy` (only the parts that passed the schema are looked at). */
export function checkFleet(doc: Record<string, unknown>, refs: FleetRefs, file = 'scenario.json'): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, reason: string) => problems.push({ file, path, reason });
  const units = Array.isArray(doc.units) ? doc.units : [];
  const seen = new Map<string, number>();
  units.forEach((u, i) => {
    if (!isObject(u)) return;
    const at = `units[${i}]`;
    if (typeof u.id === 'string') {
      const first = seen.get(u.id);
      if (first !== undefined) add(`${at}.id`, `duplicate id "${u.id}" (also units[${first}])`);
      else seen.set(u.id, i);
    }
    if (typeof u.station === 'string' && refs.stations && !refs.stations.has(u.station)) add(`${at}.station`, `no station with id "${u.station}"`);
    const a = u.assignment;
    if (isObject(a)) {
      if (a.type === 'zone' && typeof a.zone === 'string' && refs.zones && !refs.zones.has(a.zone)) add(`${at}.assignment.zone`, `no patrol zone with id "${a.zone}"`);
      if (a.type === 'line' && typeof a.line === 'string' && refs.lines && !refs.lines.has(a.line)) add(`${at}.assignment.line`, `no patrol line with id "${a.line}"`);
      const points = refs.points;
      if (a.type === 'points' && Array.isArray(a.points) && points) {
        a.points.forEach((p, j) => {
          if (typeof p === 'string' && !points.has(p)) add(`${at}.assignment.points[${j}]`, `no patrol point with id "${p}"`);
        });
      }
    }
    if (!Array.isArray(u.shifts)) return;
    if (u.shifts.length === 0) add(`${at}.shifts`, 'is empty; leave it out for a unit on duty around the clock');
    const spans: ([number, number] | null)[] = u.shifts.map((s, j) => {
      if (!isObject(s)) return null;
      const start = clockMinutes(s.start), end = clockMinutes(s.end);
      if (start === null || end === null) return null;
      if (start === end) {
        add(`${at}.shifts[${j}]`, `starts and ends at ${String(s.start)}: a shift must have a length (for 24 hours leave shifts out)`);
        return null;
      }
      const span = shiftSpan(start, end);
      if (Array.isArray(s.breaks)) {
        let used = 0;
        s.breaks.forEach((b, k) => {
          if (!isObject(b)) return;
          const bs = clockMinutes(b.start);
          const len = typeof b.minutes === 'number' ? b.minutes : null;
          if (bs === null || len === null) return;
          const from = bs >= span[0] ? bs : bs + 1440;
          if (from >= span[1] || from + len > span[1]) {
            add(`${at}.shifts[${j}].breaks[${k}]`, `${String(b.start)} for ${len} min does not fit in the shift ${String(s.start)}–${String(s.end)}`);
          }
          used += len;
        });
        if (used >= span[1] - span[0]) add(`${at}.shifts[${j}].breaks`, `breaks of ${used} min fill the whole ${span[1] - span[0]}-min shift`);
      }
      return span;
    });
    for (let j = 0; j < spans.length; j++) {
      for (let k = j + 1; k < spans.length; k++) {
        const a2 = spans[j], b2 = spans[k];
        if (a2 && b2 && overlaps(a2, b2)) add(`${at}.shifts[${k}]`, `overlaps shifts[${j}]`);
      }
    }
  });
  const policy = isObject(doc.policy) ? doc.policy : undefined;
  if (policy && isObject(policy.eligibility) && refs.categories) {
    for (const cat of Object.keys(policy.eligibility)) {
      if (!refs.categories.has(cat)) add(`policy.eligibility.${cat}`, `no incident category "${cat}" (known: ${[...refs.categories].join(', ')})`);
    }
  }
  if (policy && isObject(policy.reserve) && typeof policy.reserve.units === 'number' && units.length > 0 && policy.reserve.units >= units.length) {
    add('policy.reserve.units', `keeps ${policy.reserve.units} units free but the scenario has only ${units.length}`);
  }
  return problems;
}
