// `xunfang import-osm <file> --out <dir>`: turns an OpenStreetMap extract into a scenario
// directory (roads.geojson + a scenario.json with no stations yet). The graph is built once here
// too, so the summary can report what routing will actually use.

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProfileName } from '../../shared/roads.ts';
import { roadsGeoJsonFromInput, roadsGeoJsonText } from '../../sim/build/geojson-roads-export.ts';
import type { OsmImportStats } from '../../sim/build/osm-assemble.ts';
import { OsmParseError } from '../../sim/build/osm-error.ts';
import { roadInputFromOsmFile, type OsmFormat } from '../../sim/build/osm-import.ts';
import { buildRoadGraph, RoadInputError } from '../../sim/graph/build-graph.ts';
import type { DroppedPart, RoadGraph } from '../../sim/graph/road-graph.ts';
import { UsageError } from './options.ts';

export interface ImportSummary {
  file: string;
  out: string;
  format: OsmFormat;
  /** road ways and nodes imported (before graph pruning) */
  ways: number;
  nodes: number;
  skipped: number;
  skippedReasons: OsmImportStats['skippedReasons'];
  missingNodes: number;
  waysByClass: OsmImportStats['waysByClass'];
  graph: { nodes: number; edges: number; dropped: Record<ProfileName, DroppedPart> };
  /** [minLon, minLat, maxLon, maxLat] of the imported roads */
  bbox: [number, number, number, number];
  /** parse + graph build, and the whole command including file I/O */
  buildSeconds: number;
  seconds: number;
  files: string[];
  warnings: string[];
}

/** A scenario `name` must be lowercase letters, digits, - and _ (see the scenario schema). */
export function scenarioNameFrom(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name || 'osm-import';
}

async function exists(p: string): Promise<'file' | 'dir' | null> {
  const info = await stat(p).catch(() => null);
  if (!info) return null;
  return info.isDirectory() ? 'dir' : 'file';
}

function bboxOf(g: RoadGraph): [number, number, number, number] {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < g.nodeCount; i++) {
    if (g.lon[i] < minLon) minLon = g.lon[i];
    if (g.lon[i] > maxLon) maxLon = g.lon[i];
    if (g.lat[i] < minLat) minLat = g.lat[i];
    if (g.lat[i] > maxLat) maxLat = g.lat[i];
  }
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  return [r(minLon), r(minLat), r(maxLon), r(maxLat)];
}

export async function importOsm(file: string, opts: { out: string; force?: boolean }): Promise<ImportSummary> {
  const t0 = performance.now();
  const outDir = path.resolve(opts.out);
  const fileName = path.basename(file);

  const outKind = await exists(outDir);
  if (outKind === 'file') throw new UsageError('--out', `${opts.out} is a file; expected a directory`);
  if (outKind === 'dir' && !opts.force && (await exists(path.join(outDir, 'scenario.json')))) {
    throw new UsageError('--out', `${opts.out} already contains a scenario.json; use --force to overwrite it`);
  }

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UsageError('<file>', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }

  const tBuild = performance.now();
  let osm: ReturnType<typeof roadInputFromOsmFile>;
  let graph: RoadGraph;
  try {
    osm = roadInputFromOsmFile(bytes, fileName);
    graph = buildRoadGraph(osm.input);
  } catch (err) {
    if (err instanceof OsmParseError) throw new OsmParseError(`${fileName}: ${err.message}`);
    if (err instanceof RoadInputError && err.field === 'ways') {
      throw new OsmParseError(`${fileName}: no usable roads (ways tagged highway=*) in the file`);
    }
    throw err;
  }
  const buildSeconds = (performance.now() - tBuild) / 1000;

  const name = path.basename(outDir);
  const scenario = {
    name: scenarioNameFrom(name),
    title: { zh: name, en: name },
    description: `Road network imported from OpenStreetMap file ${fileName}`,
    synthetic: false,
    attribution: '© OpenStreetMap contributors (ODbL)',
    roads: { geojson: 'roads.geojson' },
    stations: [],
    patrolZones: [],
    patrolLines: [],
    patrolPoints: [],
  };
  await mkdir(outDir, { recursive: true });
  const roadsFile = path.join(outDir, 'roads.geojson');
  const scenarioFile = path.join(outDir, 'scenario.json');
  // Roads first: a scenario.json only appears once the files it names are complete.
  await writeFile(roadsFile, roadsGeoJsonText(roadsGeoJsonFromInput(osm.input, { wayIds: osm.wayIds })));
  await writeFile(scenarioFile, `${JSON.stringify(scenario, null, 2)}\n`);

  const s = osm.stats;
  return {
    file,
    out: opts.out,
    format: s.format,
    ways: s.ways,
    nodes: s.nodes,
    skipped: s.skipped,
    skippedReasons: s.skippedReasons,
    missingNodes: s.missingNodes,
    waysByClass: s.waysByClass,
    graph: { nodes: graph.nodeCount, edges: graph.edgeCount, dropped: { ...graph.dropped } },
    bbox: bboxOf(graph),
    buildSeconds: Math.round(buildSeconds * 1000) / 1000,
    seconds: Math.round(((performance.now() - t0) / 1000) * 1000) / 1000,
    files: [roadsFile, scenarioFile],
    warnings: s.warnings,
  };
}
