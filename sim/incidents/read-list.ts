// Historic calls for replay: reads a CSV export of a call log (接处警记录) into Incidents.
//
// Columns are found by header name, so exports with Chinese headers (接警时间, 经度, 纬度, 警情类别,
// 警情级别) work as they are. Every row is checked; a bad row is reported with its line number,
// the field and the reason. Without skipBadRows any bad row makes the whole list an error (a
// replay of a silently thinned day would mislead); with it, bad rows are left out and reported.
//
// Values not in the file are filled in: the category defaults to `other` (or the first category),
// the priority to the category's most likely level, and time on scene and units needed are drawn
// from the category's distributions with a stream forked per row (so skipping one row does not
// change the draws of the others).

import {
  DEFAULT_LIST_TIMEZONE,
  type IncidentCategory,
  type IncidentList,
  type ListField,
  type PriorityLevel,
} from '../../shared/incident-schema.ts';
import { createRandom } from '../random.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { IncidentListError, formatRowProblem, type Incident, type ListRowProblem } from './incident.ts';
import { fallbackCategory, mostLikelyLevel, sampleOnSceneSeconds, unitsSampler } from './sampling.ts';
import { TimeFormatError, parseUtcOffset, startOfLocalDay, timeParser } from './time-format.ts';

export interface ReadListOptions {
  /** leave bad rows out (and report them) instead of throwing IncidentListError */
  skipBadRows: boolean;
  /**
   * Time 0 of the scenario: epoch milliseconds, a Date, or a date-time string (naive strings take
   * the list's timezone). Default: local midnight, in the list's timezone, of the earliest call.
   */
  scenarioStart?: number | Date | string;
  /** seed for time on scene and units needed when the file does not give them (default 0) */
  seed?: number;
}

export interface ReadListResult {
  /** sorted by time; equal times keep file order */
  incidents: Incident[];
  problems: ListRowProblem[];
  /** rows left out because they had problems */
  skipped: number;
  /** epoch milliseconds of t = 0 */
  startEpochMs: number;
}

const FIELDS: readonly ListField[] = ['time', 'lon', 'lat', 'category', 'priority', 'onSceneMinutes', 'units', 'id'];
/** Salt separating the fill-in draws from other users of the seed. */
const LIST_STREAM = 0x115757;

const norm = (s: string) => s.trim().toLowerCase();

/** Column index of each mapped field; throws naming every header that is missing or ambiguous. */
function mapColumns(file: string, header: string[], list: IncidentList): Partial<Record<ListField, number>> {
  const out: Partial<Record<ListField, number>> = {};
  const errors: string[] = [];
  for (const f of FIELDS) {
    const want = list.columns[f];
    if (want === undefined) continue;
    let hits = header.flatMap((h, i) => (h === want ? [i] : []));
    if (hits.length === 0) hits = header.flatMap((h, i) => (norm(h) === norm(want) ? [i] : []));
    if (hits.length === 1) out[f] = hits[0];
    else if (hits.length === 0) errors.push(`no column ${JSON.stringify(want)} (columns.${f})`);
    else errors.push(`${hits.length} columns are named ${JSON.stringify(want)} (columns.${f}); rename all but one`);
  }
  if (errors.length > 0) {
    const found = header.map((h) => JSON.stringify(h)).join(', ');
    throw new IncidentListError(file, `${file}: ${errors.join('; ')}. The header has ${header.length} columns: ${found}`);
  }
  return out;
}

/** File value → category id: categoryMap first, then ids, then display names (exact, then case-insensitive). */
function categoryResolver(file: string, list: IncidentList, categories: readonly IncidentCategory[]) {
  const exact = new Map<string, string>();
  const loose = new Map<string, string>();
  const add = (key: string | undefined, id: string) => {
    if (key === undefined) return;
    exact.set(key.trim(), id);
    loose.set(norm(key), id);
  };
  for (const c of categories) {
    add(c.nameEn, c.id);
    add(c.name, c.id);
  }
  for (const c of categories) add(c.id, c.id);
  const ids = new Set(categories.map((c) => c.id));
  for (const [k, id] of Object.entries(list.categoryMap ?? {})) {
    if (!ids.has(id)) throw new IncidentListError(file, `${file}: categoryMap[${JSON.stringify(k)}] names category "${id}", which is not defined`);
    add(k, id);
  }
  return (v: string) => exact.get(v) ?? loose.get(norm(v));
}

/** File value → priority level: priorityMap first, then the level number, then display names. */
function priorityResolver(file: string, list: IncidentList, priorities: readonly PriorityLevel[]) {
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  const add = (key: string | undefined, level: number) => {
    if (key === undefined) return;
    exact.set(key.trim(), level);
    loose.set(norm(key), level);
  };
  for (const p of priorities) {
    add(p.nameEn, p.level);
    add(p.name, p.level);
  }
  for (const p of priorities) add(String(p.level), p.level);
  const levels = new Set(priorities.map((p) => p.level));
  for (const [k, level] of Object.entries(list.priorityMap ?? {})) {
    if (!levels.has(level)) throw new IncidentListError(file, `${file}: priorityMap[${JSON.stringify(k)}] names level ${level}, which is not defined`);
    add(k, level);
  }
  return (v: string) => exact.get(v) ?? loose.get(norm(v));
}

function numberProblem(text: string, lo: number, hi: number): string | number {
  if (text === '') return 'missing';
  const v = Number(text);
  if (!Number.isFinite(v) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return `${JSON.stringify(text)} is not a number`;
  if (v < lo || v > hi) return `${v} is outside ${lo}..${hi}`;
  return v;
}

interface GoodRow {
  row: number;
  epochMs: number;
  incident: Omit<Incident, 't'>;
}

/**
 * Reads a call list. Throws IncidentListError when a mapped column is missing, the CSV is
 * malformed, the list's settings are unusable, or (without skipBadRows) any row is bad.
 */
export function readIncidentCsv(
  text: string,
  list: IncidentList,
  categories: readonly IncidentCategory[],
  priorities: readonly PriorityLevel[],
  opts: ReadListOptions,
): ReadListResult {
  const file = list.file;
  const fail = (msg: string): never => {
    throw new IncidentListError(file, `${file}: ${msg}`);
  };
  if (categories.length === 0) fail('the scenario defines no incident categories');
  const offset = parseUtcOffset(list.timezone ?? DEFAULT_LIST_TIMEZONE);
  if (offset === null) return fail(`timezone ${JSON.stringify(list.timezone)} is not a UTC offset such as +08:00`);
  let parseTime;
  try {
    parseTime = timeParser(list.timeFormat);
  } catch (e) {
    if (e instanceof TimeFormatError) return fail(e.message);
    throw e;
  }

  let records;
  try {
    records = parseCsv(text, list.delimiter ?? ',');
  } catch (e) {
    if (e instanceof CsvSyntaxError) return fail(e.message);
    throw e;
  }
  if (records.length === 0) return fail('the file is empty; expected a header row');
  const header = records[0].fields.map((h) => h.trim());
  const col = mapColumns(file, header, list);
  const resolveCategory = categoryResolver(file, list, categories);
  const resolvePriority = priorityResolver(file, list, priorities);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const fallback = fallbackCategory(categories)!;
  const levels = priorities.map((p) => p.level).sort((a, b) => a - b);
  const units = new Map(categories.map((c) => [c.id, unitsSampler(c.unitsNeeded)]));
  const root = createRandom(opts.seed ?? 0).fork(LIST_STREAM);

  const problems: ListRowProblem[] = [];
  const good: GoodRow[] = [];
  const badRows = new Set<number>();
  const seenIds = new Map<string, number>();

  for (const rec of records.slice(1)) {
    const row = rec.line;
    const before = problems.length;
    const bad = (field: string, reason: string) => problems.push({ row, field, reason });
    const cell = (f: ListField) => {
      const i = col[f];
      return i === undefined ? '' : (rec.fields[i] ?? '').trim();
    };
    if (rec.fields.length !== header.length) bad('row', `has ${rec.fields.length} fields; the header has ${header.length} (an unquoted delimiter inside a value?)`);

    const timeText = cell('time');
    const time = timeText === '' ? ({ ok: false, reason: 'missing' } as const) : parseTime(timeText, offset);
    if (!time.ok) bad('time', time.reason);
    const lon = numberProblem(cell('lon'), -180, 180);
    if (typeof lon === 'string') bad('lon', lon);
    const lat = numberProblem(cell('lat'), -90, 90);
    if (typeof lat === 'string') bad('lat', lat);

    let category: IncidentCategory | undefined = fallback;
    const catText = cell('category');
    if (catText !== '') {
      const id = resolveCategory(catText);
      category = id === undefined ? undefined : byId.get(id);
      if (category === undefined) {
        bad('category', `unknown category ${JSON.stringify(catText)}; expected one of ${[...byId.keys()].join(', ')}, or add it to categoryMap`);
      }
    }
    let priority: number | undefined;
    const priText = cell('priority');
    if (priText !== '') {
      priority = resolvePriority(priText);
      if (priority === undefined) bad('priority', `unknown priority ${JSON.stringify(priText)}; expected a level ${levels.join(', ')}, or add it to priorityMap`);
    }
    let onScene: number | undefined;
    const osText = cell('onSceneMinutes');
    if (osText !== '') {
      const v = numberProblem(osText, -Infinity, Infinity);
      if (typeof v === 'string') bad('onSceneMinutes', v);
      else if (v < 0) bad('onSceneMinutes', `${v} is negative`);
      else onScene = v * 60;
    }
    let unitCount: number | undefined;
    const unitText = cell('units');
    if (unitText !== '') {
      const v = Number(unitText);
      if (!/^\d+$/.test(unitText) || v < 1) bad('units', `${JSON.stringify(unitText)} is not a whole number of units ≥ 1`);
      else unitCount = v;
    }
    const id = cell('id') || `${file}:${row}`;
    const firstRow = seenIds.get(id);
    if (firstRow !== undefined) bad('id', `${JSON.stringify(id)} is also the id of row ${firstRow}`);
    else seenIds.set(id, row);

    if (problems.length > before || !time.ok || typeof lon === 'string' || typeof lat === 'string' || category === undefined) {
      badRows.add(row);
      continue;
    }
    const rng = root.fork(row);
    good.push({
      row,
      epochMs: time.epochMs,
      incident: {
        id,
        lon,
        lat,
        category: category.id,
        priority: priority ?? levels[mostLikelyLevel(category) - 1],
        onSceneSeconds: onScene ?? sampleOnSceneSeconds(category.onScene, rng),
        unitsNeeded: unitCount ?? units.get(category.id)!(rng),
        source: 'list',
        row,
      },
    });
  }

  let startEpochMs: number;
  if (opts.scenarioStart === undefined) {
    let first = Infinity;
    for (const g of good) first = Math.min(first, g.epochMs);
    startEpochMs = good.length === 0 ? 0 : startOfLocalDay(first, offset);
  } else {
    startEpochMs = scenarioStartMs(file, opts.scenarioStart, offset);
  }
  const incidents: Incident[] = [];
  for (const g of good) {
    if (g.epochMs < startEpochMs) {
      problems.push({ row: g.row, field: 'time', reason: `${new Date(g.epochMs).toISOString()} is before the scenario start ${new Date(startEpochMs).toISOString()}` });
      badRows.add(g.row);
      continue;
    }
    incidents.push({ ...g.incident, t: (g.epochMs - startEpochMs) / 1000 });
  }

  if (problems.length > 0 && !opts.skipBadRows) {
    problems.sort((a, b) => a.row - b.row);
    const lines = problems.map((p) => formatRowProblem(file, p));
    throw new IncidentListError(
      file,
      `${file}: ${badRows.size} bad row${badRows.size === 1 ? '' : 's'} of ${records.length - 1}; fix them or skip them (skipBadRows)\n${lines.join('\n')}`,
      problems,
    );
  }
  problems.sort((a, b) => a.row - b.row);
  incidents.sort((a, b) => a.t - b.t || a.row! - b.row!);
  return { incidents, problems, skipped: badRows.size, startEpochMs };
}

function scenarioStartMs(file: string, s: number | Date | string, offset: number): number {
  const ms = typeof s === 'number' ? s : s instanceof Date ? s.getTime() : NaN;
  if (typeof s === 'string') {
    const r = timeParser('auto')(s.trim(), offset);
    if (!r.ok) throw new IncidentListError(file, `${file}: scenarioStart: ${r.reason}`);
    return r.epochMs;
  }
  if (!Number.isFinite(ms)) throw new IncidentListError(file, `${file}: scenarioStart is not a valid time`);
  return ms;
}
