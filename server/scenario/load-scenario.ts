// Loads a scenario from disk: reads scenario.json and the files it names, validates everything
// (collecting all problems before giving up), builds the road network and the graph, and
// returns the engine's inputs. Road builders are imported on demand so that, say, the OSM
// parser is only loaded for OSM scenarios.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem, ProfileOverrides, ScenarioFile } from '../../shared/scenario-schema.ts';
import { buildRoadGraph, RoadInputError } from '../../sim/graph/build-graph.ts';
import type { RoadGraph } from '../../sim/graph/road-graph.ts';
import type { RoadInput } from '../../sim/graph/road-input.ts';
import type { CityLandmarks } from '../../sim/build/city-generator.ts';
import { normalizeScenario, type NormalizedScenario } from '../../sim/scenario/normalize-scenario.ts';
import { buildSegmentIndex } from '../../sim/graph/segment-index.ts';
import { roadProximity, type ResolvedClosure } from '../../sim/scenario/road-proximity.ts';
import {
  formatProblems,
  namedFiles,
  placeRefs,
  validateScenario,
  type FileStatus,
  type NamedFile,
} from '../../sim/scenario/validate-scenario.ts';
import { parseJson } from './json-text.ts';

/** A scenario that failed to load; `problems` lists every problem found, not just the first. */
export class ScenarioError extends Error {
  constructor(
    readonly problems: Problem[],
    where: string,
  ) {
    const n = problems.length;
    super(`scenario ${where}: ${n} ${n === 1 ? 'problem' : 'problems'}\n${formatProblems(problems)}`);
    this.name = 'ScenarioError';
  }
}

export interface LoadScenarioOptions {
  /** merged over the scenario's own profile overrides (what-if runs, command-line flags) */
  profileOverrides?: ProfileOverrides;
}

export interface LoadedScenario extends Omit<NormalizedScenario, 'closures'> {
  /** absolute directory that named files are relative to */
  dir: string;
  /** absolute path of the scenario JSON file */
  file: string;
  graph: RoadGraph;
  /** closures with the edges their segment pairs matched */
  closures: ResolvedClosure[];
  roadSource: 'generate' | 'osm' | 'geojson';
  /** named places of a generated city (see city-generator) */
  landmarks?: CityLandmarks;
  /** import statistics of an OSM scenario */
  osmStats?: unknown;
  /** time to build the road input and the graph, in milliseconds */
  buildMs: number;
  /** text of the historic call list named in incidents.list.file, if any */
  incidentListText?: string;
}

/** Repository root, from this file's location (not the working directory). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SCENARIO_DIR = path.join(REPO_ROOT, 'scenarios', 'sanming');

/** Absolute path of a scenario argument; none, "sanming" or "default" mean the embedded city. */
export function resolveScenarioPath(arg?: string): string {
  if (arg === undefined || arg === '' || arg === 'sanming' || arg === 'default') return DEFAULT_SCENARIO_DIR;
  return path.resolve(arg);
}

interface ReadFile {
  status: FileStatus;
  bytes?: Uint8Array;
}

async function readNamed(dir: string, nf: NamedFile): Promise<ReadFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(dir, nf.name));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: { status: 'missing' } };
    return { status: { status: 'unreadable', reason: `cannot read: ${code ?? (err as Error).message}` } };
  }
  if (nf.kind === 'roads-osm' || nf.kind === 'incidents-csv') return { status: { status: 'present' }, bytes };
  const parsed = parseJson(new TextDecoder().decode(bytes));
  if (!parsed.ok) return { status: { status: 'unreadable', reason: `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.reason}` } };
  return { status: { status: 'present', json: parsed.value } };
}

async function locate(pathOrDir: string): Promise<{ dir: string; file: string }> {
  const abs = resolveScenarioPath(pathOrDir);
  const info = await stat(abs).catch(() => null);
  if (!info) throw new ScenarioError([{ file: pathOrDir, path: '', reason: 'no such file or directory' }], pathOrDir);
  if (info.isDirectory()) return { dir: abs, file: path.join(abs, 'scenario.json') };
  return { dir: path.dirname(abs), file: abs };
}

/** The errors road builders throw, as problems naming the roads file; anything else is rethrown. */
function roadProblems(err: unknown, file: string, anyError: boolean): Problem[] {
  if (err instanceof RoadInputError) return [{ file, path: err.field, reason: err.reason }];
  const list = (err as { problems?: unknown }).problems;
  if (err instanceof Error && Array.isArray(list)) {
    return list.map((p: { path?: string; reason?: string }) => ({ file, path: p.path ?? '', reason: p.reason ?? String(p) }));
  }
  if (anyError && err instanceof Error) return [{ file, path: '', reason: err.message }];
  throw err;
}

async function buildRoads(doc: ScenarioFile, file: string, fileName: string, files: Map<string, ReadFile>) {
  const roads = doc.roads;
  if ('generate' in roads) {
    const { generateCity } = await import('../../sim/build/city-generator.ts');
    let city;
    try {
      city = generateCity(roads.generate);
    } catch (err) {
      throw new ScenarioError(roadProblems(err, fileName, false), file); // CityParamsError: a rule the schema cannot express
    }
    return { input: city.input, where: fileName, roadSource: 'generate' as const, landmarks: city.landmarks };
  }
  if ('osm' in roads) {
    const { roadInputFromOsmFile } = await import('../../sim/build/osm-import.ts');
    const bytes = files.get(roads.osm)?.bytes ?? new Uint8Array();
    try {
      const { input, stats } = roadInputFromOsmFile(bytes, roads.osm);
      return { input, where: roads.osm, roadSource: 'osm' as const, osmStats: stats as unknown };
    } catch (err) {
      // Whatever the parser trips on is a fault of the file it was given.
      throw new ScenarioError(roadProblems(err, roads.osm, true), file);
    }
  }
  const { roadInputFromGeoJson } = await import('../../sim/build/geojson-roads.ts');
  const st = files.get(roads.geojson)?.status;
  try {
    const input: RoadInput = roadInputFromGeoJson(st?.status === 'present' ? st.json : undefined);
    return { input, where: roads.geojson, roadSource: 'geojson' as const };
  } catch (err) {
    throw new ScenarioError(roadProblems(err, roads.geojson, false), file);
  }
}

/**
 * Reads, validates and builds a scenario (a directory, a JSON file, or a word that
 * resolveScenarioPath knows); throws ScenarioError listing every problem.
 */
export async function loadScenario(pathOrDir: string, opts: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  const { dir, file } = await locate(pathOrDir);
  const fileName = path.relative(dir, file);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    const reason = err.code === 'ENOENT' ? `not found in ${dir}` : `cannot read: ${err.code ?? err.message}`;
    throw new ScenarioError([{ file: fileName, path: '', reason }], dir);
  });
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const reason = `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.reason}`;
    throw new ScenarioError([{ file: fileName, path: '', reason }], file);
  }
  const raw = parsed.value;

  const files = new Map<string, ReadFile>();
  for (const nf of namedFiles(raw)) if (!files.has(nf.name)) files.set(nf.name, await readNamed(dir, nf));
  const problems = validateScenario(raw, {
    file: fileName,
    files: (name) => files.get(name)?.status ?? { status: 'missing' },
  });
  if (problems.length > 0) throw new ScenarioError(problems, file);

  const doc = raw as ScenarioFile;
  const fileJson = (name: string) => {
    const st = files.get(name)?.status;
    return st?.status === 'present' ? st.json : undefined;
  };
  const t0 = performance.now();
  const roads = await buildRoads(doc, file, fileName, files);
  let graph: RoadGraph;
  try {
    graph = buildRoadGraph(roads.input);
  } catch (err) {
    throw new ScenarioError(roadProblems(err, roads.where, false), file);
  }
  const buildMs = performance.now() - t0;

  const norm = normalizeScenario(doc, fileJson, opts.profileOverrides);
  const near = roadProximity(graph, buildSegmentIndex(graph), {
    file: fileName,
    snapMaxMeters: norm.scenario.snapMaxMeters,
    stations: norm.stations,
    zoneRefs: placeRefs(doc, 'patrolZones', fileName, fileJson),
    pointRefs: placeRefs(doc, 'patrolPoints', fileName, fileJson),
    closures: norm.closures,
    posts: (doc.units ?? []).flatMap((u, i) => (u.assignment.type === 'post' ? [{ path: `units[${i}].assignment`, lon: u.assignment.lon, lat: u.assignment.lat }] : [])),
  });
  if (near.problems.length > 0) throw new ScenarioError(near.problems, file);

  return {
    ...norm,
    dir,
    file,
    graph,
    closures: near.closures,
    roadSource: roads.roadSource,
    ...('landmarks' in roads ? { landmarks: roads.landmarks } : {}),
    ...('osmStats' in roads ? { osmStats: roads.osmStats } : {}),
    buildMs,
    ...(doc.incidents?.list ? { incidentListText: new TextDecoder().decode(files.get(doc.incidents.list.file)?.bytes ?? new Uint8Array()) } : {}),
  };
}
