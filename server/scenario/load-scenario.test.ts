import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../cli/validate.ts';
import { DEFAULT_SCENARIO_DIR, loadScenario, resolveScenarioPath, ScenarioError } from './load-scenario.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'xunfang-scenario-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let dirCount = 0;
/** A fresh scenario directory holding the given files (objects are written as JSON). */
async function scenarioDir(files: Record<string, unknown>): Promise<string> {
  const dir = path.join(root, `s${dirCount++}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

async function problemsOf(p: string) {
  try {
    await loadScenario(p);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  throw new Error(`expected ${p} to fail`);
}

// A tiny road network: a 3×3 grid of two-way streets ~100 m apart, plus one dead-end spur.
const D = 0.001;
const at = (i: number, j: number) => [117.6 + i * D, 26.2 + j * D];
function roadsGeoJson() {
  const line = (coords: number[][], highway: string, extra: Record<string, unknown> = {}) => ({
    type: 'Feature',
    properties: { highway, ...extra },
    geometry: { type: 'LineString', coordinates: coords },
  });
  const features = [];
  for (let k = 0; k < 3; k++) {
    features.push(line([at(0, k), at(1, k), at(2, k)], k === 1 ? 'primary' : 'residential', { name: `横${k}路` }));
    features.push(line([at(k, 0), at(k, 1), at(k, 2)], 'residential'));
  }
  return { type: 'FeatureCollection', features };
}

const ring = (i: number, j: number, d: number) => [at(i, j), at(i + d, j), at(i + d, j + d), at(i, j + d), at(i, j)];

function minimal(extra: Record<string, unknown> = {}) {
  return {
    $schema: '../scenario.schema.json',
    name: 'grid',
    title: { zh: '网格', en: 'Grid' },
    roads: { geojson: 'roads.geojson' },
    stations: [{ id: 's1', name: '一所', lon: at(0, 0)[0], lat: at(0, 0)[1] }],
    ...extra,
  };
}

const geojsonRoadsReady = existsSync(new URL('../../sim/build/geojson-roads.ts', import.meta.url));

describe.runIf(geojsonRoadsReady)('loadScenario with GeoJSON roads', () => {
  it('loads a minimal scenario and fills in the defaults', async () => {
    const dir = await scenarioDir({ 'scenario.json': minimal(), 'roads.geojson': roadsGeoJson() });
    const s = await loadScenario(dir);
    expect(s.dir).toBe(dir);
    expect(s.file).toBe(path.join(dir, 'scenario.json'));
    expect(s.roadSource).toBe('geojson');
    expect(s.graph.nodeCount).toBe(9);
    expect(s.scenario.snapMaxMeters).toBe(500);
    expect(s.timeOfDay.default).toEqual(new Array(24).fill(1));
    expect(s.profiles.car.speedKmh.primary).toBe(45);
    expect(s.stations).toHaveLength(1);
    expect([s.patrolZones, s.patrolLines, s.patrolPoints, s.closures]).toEqual([[], [], [], []]);
    expect(s.buildMs).toBeGreaterThanOrEqual(0);
  });

  it('reads patrol places from separate GeoJSON files and resolves closures', async () => {
    const zones = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'z1', name: '中心', nameEn: 'Centre', category: 'crowded', fid: 12 }, geometry: { type: 'Polygon', coordinates: [ring(0, 0, 1.5)] } },
      ],
    };
    const points = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'p1', name: '路口' }, geometry: { type: 'Point', coordinates: at(1, 1) } }],
    };
    const dir = await scenarioDir({
      'scenario.json': minimal({
        patrolZones: 'zones.geojson',
        patrolPoints: 'points.geojson',
        patrolLines: [{ id: 'l1', name: '环线', geometry: { type: 'LineString', coordinates: [at(0, 0), at(2, 0), at(2, 2)] } }],
        closures: [{ id: 'c1', reason: '施工', segments: [[at(0, 2), at(1, 2)]] }],
        profiles: { car: { speedKmh: { primary: 50 } } },
      }),
      'roads.geojson': roadsGeoJson(),
      'zones.geojson': zones,
      'points.geojson': points,
    });
    const s = await loadScenario(dir, { profileOverrides: { car: { offRoadKmh: 6 } } });
    expect(s.patrolZones).toEqual([{ id: 'z1', name: '中心', nameEn: 'Centre', category: 'crowded', geometry: zones.features[0].geometry }]);
    expect(s.patrolPoints).toEqual([{ id: 'p1', name: '路口', geometry: { type: 'Point', coordinates: at(1, 1) }, dwellMinutes: 12 }]);
    expect(s.patrolLines).toHaveLength(1);
    expect(s.closures[0].edges).toHaveLength(1);
    expect(s.profiles.car.speedKmh.primary).toBe(50);
    expect(s.profiles.car.offRoadKmh).toBe(6);
    expect(s.scenario.patrolZones).toBe('zones.geojson');
  });

  it('loads a scenario given as a single JSON file with another name', async () => {
    const dir = await scenarioDir({ 'what-if.json': minimal({ name: 'what-if' }), 'roads.geojson': roadsGeoJson() });
    const s = await loadScenario(path.join(dir, 'what-if.json'));
    expect(s.scenario.name).toBe('what-if');
    expect(s.dir).toBe(dir);
  });

  it('lists every problem of a scenario with wrong types, one per line in the message', async () => {
    const dir = await scenarioDir({
      'scenario.json': minimal({
        stations: [{ id: 's1', name: '一所', lon: '117.6', lat: 26.2 }],
        timeOfDay: { default: new Array(23).fill(1) },
        snapMaxMeters: -1,
      }),
      'roads.geojson': roadsGeoJson(),
    });
    const err = await loadScenario(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const { problems, message } = err as ScenarioError;
    expect(problems.map((p) => `${p.file}: ${p.path}`).sort()).toEqual(
      ['scenario.json: snapMaxMeters', 'scenario.json: stations[0].lon', 'scenario.json: timeOfDay.default'],
    );
    expect(message).toContain('\nscenario.json: stations[0].lon: expected a number, got "117.6"');
    expect(message).toContain('\nscenario.json: timeOfDay.default: expected 24 values, got 23');
    expect(message.split('\n')).toHaveLength(4);
  });

  it('reports stations far from every road', async () => {
    const dir = await scenarioDir({
      'scenario.json': minimal({ stations: [{ id: 's1', name: '远', lon: 117.7, lat: 26.2 }] }),
      'roads.geojson': roadsGeoJson(),
    });
    expect(await problemsOf(dir)).toEqual([
      { file: 'scenario.json', path: 'stations[0]', reason: 'no road within 500 m of [117.7, 26.2] (snapMaxMeters)' },
    ]);
  });

  it('names the roads file when the road builder rejects it', async () => {
    const dir = await scenarioDir({ 'scenario.json': minimal(), 'roads.geojson': { type: 'FeatureCollection', features: 'none' } });
    const problems = await problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === 'roads.geojson')).toBe(true);
  });
});

describe('loadScenario problems', () => {
  it('names a missing roads file', async () => {
    const dir = await scenarioDir({ 'scenario.json': minimal() });
    expect(await problemsOf(dir)).toEqual([{ file: 'scenario.json', path: 'roads.geojson', reason: 'file "roads.geojson" not found' }]);
  });

  it('names the file, line and column of a JSON syntax error', async () => {
    const dir = await scenarioDir({ 'scenario.json': '{\n  "name": "x",\n  "title": {"zh": "a", "en": "b"},\n}\n' });
    const [p, ...rest] = await problemsOf(dir);
    expect(rest).toEqual([]);
    expect(p.file).toBe('scenario.json');
    expect(p.reason).toMatch(/^invalid JSON at line 4, column 1: /);
  });

  it('names a patrol file with a syntax error, along with the other problems', async () => {
    const dir = await scenarioDir({
      'scenario.json': minimal({ patrolZones: 'zones.geojson', name: 'Bad Name' }),
      'zones.geojson': '{"type": "FeatureCollection", "features": [}',
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual({ file: 'zones.geojson', path: '', reason: expect.stringMatching(/^invalid JSON at line 1, column 44/) });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'scenario.json', path: 'name' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'scenario.json', path: 'roads.geojson' }));
    expect(problems).toHaveLength(3);
  });

  it('checks patrol features inside their own file', async () => {
    const dir = await scenarioDir({
      'scenario.json': minimal({ roads: { generate: { seed: 1 } }, patrolLines: 'lines.geojson' }),
      'lines.geojson': {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { id: 'l1', name: 'L' }, geometry: { type: 'LineString', coordinates: [at(0, 0)] } }],
      },
    });
    expect(await problemsOf(dir)).toEqual([
      { file: 'lines.geojson', path: 'features[0].geometry.coordinates', reason: 'expected at least 2 values, got 1' },
    ]);
  });

  it('reports a directory without scenario.json and a path that does not exist', async () => {
    const dir = await scenarioDir({});
    expect(await problemsOf(dir)).toEqual([{ file: 'scenario.json', path: '', reason: `not found in ${dir}` }]);
    const nowhere = path.join(root, 'nowhere');
    expect(await problemsOf(nowhere)).toEqual([{ file: nowhere, path: '', reason: 'no such file or directory' }]);
  });

  it('loads a generated city', async () => {
    const dir = await scenarioDir({ 'scenario.json': minimal({ roads: { generate: { seed: 1, center: [117.6, 26.2], targetNodes: 300 } } }) });
    const s = await loadScenario(dir);
    expect(s.roadSource).toBe('generate');
    expect(s.landmarks).toBeDefined();
    expect(s.graph.nodeCount).toBeGreaterThan(100);
  });

  it('reports a generator parameter rule that the schema cannot express', async () => {
    const dir = await scenarioDir({ 'scenario.json': minimal({ roads: { generate: { seed: 1, blockM: 80, jitterM: 50 } } }) });
    expect(await problemsOf(dir)).toEqual([
      { file: 'scenario.json', path: 'roads.generate.jitterM', reason: expect.stringContaining('at most blockM / 4') },
    ]);
  });
});

describe('resolveScenarioPath', () => {
  it('maps no argument, "sanming" and "default" to the embedded city', () => {
    expect(resolveScenarioPath()).toBe(DEFAULT_SCENARIO_DIR);
    expect(resolveScenarioPath('sanming')).toBe(DEFAULT_SCENARIO_DIR);
    expect(resolveScenarioPath('default')).toBe(DEFAULT_SCENARIO_DIR);
    expect(DEFAULT_SCENARIO_DIR).toBe(path.resolve(import.meta.dirname, '../../scenarios/sanming'));
  });

  it('resolves other arguments against the working directory', () => {
    expect(resolveScenarioPath('some/dir')).toBe(path.resolve('some/dir'));
  });
});

describe('validateCommand', () => {
  it('returns every problem of a bad scenario', async () => {
    const dir = await scenarioDir({ 'scenario.json': { name: 'x', title: { zh: 'a', en: 'b' }, roads: { osm: 'missing.osm.pbf' }, stations: [], extra: 1 } });
    const r = await validateCommand(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.path)).toEqual(['extra', 'roads.osm']);
  });

  const sanming = path.join(DEFAULT_SCENARIO_DIR, 'scenario.json');
  it.runIf(existsSync(sanming))('validates the embedded Sanming scenario with no problems', async () => {
    const r = await validateCommand('sanming');
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.summary).toMatch(/^sanming: /);
    expect(r.summary).toMatch(/\d[\d,]* nodes/);
    expect(r.summary).toMatch(/\d+ stations?/);
  });
});
