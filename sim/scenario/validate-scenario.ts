// Pure validation of a parsed scenario file: structure (via the TypeBox schema) and meaning
// (closed rings, unique ids, files that exist, a known time zone). No I/O: the caller says which
// named files exist and passes their parsed content. Every problem is collected, so an author
// fixes a file in one pass instead of one error per run.

import {
  PatrolLineFileSchema,
  PatrolPointFileSchema,
  PatrolZoneFileSchema,
  ScenarioSchema,
  type Problem,
} from '../../shared/scenario-schema.ts';
import { joinPath, schemaProblems, showValue } from './schema-problems.ts';

export type { Problem } from '../../shared/scenario-schema.ts';
import { checkFleet, fleetRefs } from './check-fleet.ts';
import { IncidentsSchema, type IncidentsConfig } from '../../shared/incident-schema.ts';
import { checkIncidents } from '../incidents/check-incidents.ts';

export type PlaceKind = 'patrolZones' | 'patrolLines' | 'patrolPoints';
export type NamedFileKind = 'roads-osm' | 'roads-geojson' | 'incidents-csv' | PlaceKind;
export const PLACE_KINDS: readonly PlaceKind[] = ['patrolZones', 'patrolLines', 'patrolPoints'];

/** A file a scenario names, and where it names it. */
export interface NamedFile {
  name: string;
  kind: NamedFileKind;
  /** path of the naming field in the scenario file, e.g. `roads.geojson` */
  path: string;
}

/** What the caller found for a named file. `json` is the parsed content of JSON files. */
export type FileStatus =
  | { status: 'missing' }
  | { status: 'present'; json?: unknown }
  | { status: 'unreadable'; reason: string };

export interface ValidateOptions {
  /** the scenario file's name relative to the scenario directory (default `scenario.json`) */
  file?: string;
  /** looks up a named file by the name written in the scenario; default: every file missing */
  files?: (name: string) => FileStatus;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Files named by a scenario, read defensively so it works on invalid documents too. */
export function namedFiles(doc: unknown): NamedFile[] {
  const out: NamedFile[] = [];
  if (!isObject(doc)) return out;
  if (isObject(doc.roads)) {
    if (typeof doc.roads.osm === 'string' && doc.roads.osm) out.push({ name: doc.roads.osm, kind: 'roads-osm', path: 'roads.osm' });
    if (typeof doc.roads.geojson === 'string' && doc.roads.geojson) {
      out.push({ name: doc.roads.geojson, kind: 'roads-geojson', path: 'roads.geojson' });
    }
  }
  for (const kind of PLACE_KINDS) {
    const v = doc[kind];
    if (typeof v === 'string' && v) out.push({ name: v, kind, path: kind });
  }
  const list = isObject(doc.incidents) && isObject(doc.incidents.list) ? doc.incidents.list : undefined;
  if (list && typeof list.file === 'string' && list.file) out.push({ name: list.file, kind: 'incidents-csv', path: 'incidents.list.file' });
  return out;
}

/** One patrol place or closure with where it sits, whether inline or in a GeoJSON file. */
export interface PlaceRef {
  file: string;
  /** path of the place itself (`patrolZones[2]` or `features[2]`) */
  path: string;
  /** path of its id (`patrolZones[2].id` or `features[2].properties.id`) */
  idPath: string;
  id: unknown;
  /** path of its geometry */
  geometryPath: string;
  geometry: unknown;
}

/** Places of one kind from an inline array or a parsed FeatureCollection; skips what is malformed. */
export function placeRefs(doc: Record<string, unknown>, kind: PlaceKind, file: string, fileJson: (name: string) => unknown): PlaceRef[] {
  const v = doc[kind];
  if (Array.isArray(v)) {
    return v.flatMap((p, i) =>
      isObject(p)
        ? [{ file, path: `${kind}[${i}]`, idPath: `${kind}[${i}].id`, id: p.id, geometryPath: `${kind}[${i}].geometry`, geometry: p.geometry }]
        : [],
    );
  }
  if (typeof v !== 'string') return [];
  const fc = fileJson(v);
  if (!isObject(fc) || !Array.isArray(fc.features)) return [];
  return fc.features.flatMap((f, i) =>
    isObject(f)
      ? [{
          file: v,
          path: `features[${i}]`,
          idPath: `features[${i}].properties.id`,
          id: isObject(f.properties) ? f.properties.id : undefined,
          geometryPath: `features[${i}].geometry`,
          geometry: f.geometry,
        }]
      : [],
  );
}

const FILE_SCHEMAS = {
  patrolZones: PatrolZoneFileSchema,
  patrolLines: PatrolLineFileSchema,
  patrolPoints: PatrolPointFileSchema,
} as const;

function samePosition(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}
const isPosition = (p: unknown): p is number[] => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number');

/** Rings whose last position does not repeat the first. */
function ringProblems(geometry: unknown, file: string, path: string): Problem[] {
  if (!isObject(geometry) || geometry.type !== 'Polygon' || !Array.isArray(geometry.coordinates)) return [];
  const out: Problem[] = [];
  geometry.coordinates.forEach((ring, r) => {
    if (!Array.isArray(ring) || ring.length < 4) return; // too short: the schema says so already
    const first = ring[0], last = ring[ring.length - 1];
    if (!isPosition(first) || !isPosition(last) || samePosition(first, last)) return;
    out.push({
      file,
      path: `${path}.coordinates[${r}]`,
      reason: `ring is not closed: the last position [${last.join(', ')}] must repeat the first [${first.join(', ')}]`,
    });
  });
  return out;
}

/** Ids used twice in one list, each repeat reported where it occurs. */
function duplicateIds(items: readonly { file: string; idPath: string; id: unknown }[]): Problem[] {
  const first = new Map<string, { file: string; idPath: string }>();
  const out: Problem[] = [];
  for (const it of items) {
    if (typeof it.id !== 'string' || it.id === '') continue;
    const prev = first.get(it.id);
    if (!prev) {
      first.set(it.id, it);
      continue;
    }
    const where = prev.file === it.file ? prev.idPath : `${prev.idPath} of ${prev.file}`;
    out.push({ file: it.file, path: it.idPath, reason: `duplicate id ${showValue(it.id)} (already used by ${where})` });
  }
  return out;
}

function timezoneProblem(tz: unknown, file: string): Problem[] {
  if (typeof tz !== 'string' || tz === '') return [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return [];
  } catch {
    return [{ file, path: 'timezone', reason: `unknown time zone ${showValue(tz)}; expected an IANA name such as "Asia/Shanghai"` }];
  }
}

/** Every problem of a parsed scenario file and the files it names. */
export function validateScenario(doc: unknown, opts: ValidateOptions = {}): Problem[] {
  const file = opts.file ?? 'scenario.json';
  const lookup = opts.files ?? (() => ({ status: 'missing' }) as const);
  const problems = schemaProblems(ScenarioSchema, doc, file);
  if (!isObject(doc)) return problems;

  // Named files: missing, unreadable, or (patrol files) malformed.
  const parsed = new Map<string, unknown>();
  for (const nf of namedFiles(doc)) {
    const st = lookup(nf.name);
    if (st.status === 'missing') {
      problems.push({ file, path: nf.path, reason: `file ${JSON.stringify(nf.name)} not found` });
    } else if (st.status === 'unreadable') {
      problems.push({ file: nf.name, path: '', reason: st.reason });
    } else if (nf.kind in FILE_SCHEMAS) {
      parsed.set(nf.name, st.json);
      problems.push(...schemaProblems(FILE_SCHEMAS[nf.kind as PlaceKind], st.json, nf.name));
    }
  }
  const fileJson = (name: string) => parsed.get(name);

  problems.push(...timezoneProblem(doc.timezone, file));
  if (Array.isArray(doc.stations)) {
    problems.push(...duplicateIds(doc.stations.flatMap((s, i) => (isObject(s) ? [{ file, idPath: `stations[${i}].id`, id: s.id }] : []))));
  }
  const placeIds = new Map<PlaceKind, Set<string>>();
  for (const kind of PLACE_KINDS) {
    const refs = placeRefs(doc, kind, file, fileJson);
    problems.push(...duplicateIds(refs));
    if (kind === 'patrolZones') for (const r of refs) problems.push(...ringProblems(r.geometry, r.file, r.geometryPath));
    // Ids are known when the list is inline, absent, or a file that parsed; otherwise that list's
    // own problem is reported and references into it are not checked.
    const v = doc[kind];
    const known = v === undefined || Array.isArray(v) || (typeof v === 'string' && isObject(fileJson(v)));
    if (known) placeIds.set(kind, new Set(refs.flatMap((r) => (typeof r.id === 'string' ? [r.id] : []))));
  }
  problems.push(...checkFleet(doc, fleetRefs(doc, (kind) => placeIds.get(kind) ?? null), file));
  // Meaning-level checks of the incidents section, once its structure is right.
  if (isObject(doc.incidents) && schemaProblems(IncidentsSchema, doc.incidents, file).length === 0) {
    for (const p of checkIncidents(doc.incidents as IncidentsConfig)) problems.push({ file, path: p.path, reason: p.reason });
  }
  if (Array.isArray(doc.closures)) {
    const closures = doc.closures.flatMap((c, i) => (isObject(c) ? [{ c, i }] : []));
    problems.push(...duplicateIds(closures.map(({ c, i }) => ({ file, idPath: `closures[${i}].id`, id: c.id }))));
    for (const { c, i } of closures) problems.push(...ringProblems(c.polygon, file, joinPath(`closures[${i}]`, 'polygon')));
  }
  return problems;
}

/** One line per problem: `file: path: reason`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.path ? `${p.file}: ${p.path}: ${p.reason}` : `${p.file}: ${p.reason}`)).join('\n');
}
