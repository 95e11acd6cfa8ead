import { Value } from '@sinclair/typebox/value';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../shared/scenario-schema.ts';
import { roadInputFromGeoJson } from '../../sim/build/geojson-roads.ts';
import { OsmParseError } from '../../sim/build/osm-error.ts';
import { OSM_FIXTURE } from '../../sim/build/test-support/osm-fixture.ts';
import { writeOsmPbf, writeOsmXml } from '../../sim/build/test-support/write-osm-pbf.ts';
import { buildRoadGraph } from '../../sim/graph/build-graph.ts';
import { importOsm, scenarioNameFrom } from './import-osm.ts';
import { UsageError } from './options.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'xunfang-import-osm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const pbfFile = path.join(tmp, 'fixture.osm.pbf');
const xmlFile = path.join(tmp, 'fixture.osm');
writeFileSync(pbfFile, writeOsmPbf(OSM_FIXTURE));
writeFileSync(xmlFile, writeOsmXml(OSM_FIXTURE));

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('importOsm', () => {
  it('writes roads.geojson and a valid scenario.json, and reports the graph', async () => {
    const out = path.join(tmp, 'fixture_town');
    const summary = await importOsm(pbfFile, { out });
    const scenario = readJson(path.join(out, 'scenario.json'));
    expect(scenario).toEqual({
      name: 'fixture_town',
      title: { zh: 'fixture_town', en: 'fixture_town' },
      description: 'Road network imported from OpenStreetMap file fixture.osm.pbf',
      synthetic: false,
      attribution: '© OpenStreetMap contributors (ODbL)',
      roads: { geojson: 'roads.geojson' },
      stations: [],
      patrolZones: [],
      patrolLines: [],
      patrolPoints: [],
    });
    expect(Value.Check(ScenarioSchema, scenario)).toBe(true);

    const input = roadInputFromGeoJson(readJson(path.join(out, 'roads.geojson')));
    const g = buildRoadGraph(input);
    expect(summary).toMatchObject({
      format: 'pbf',
      ways: 11,
      nodes: 16,
      skipped: 3,
      missingNodes: 1,
      graph: { nodes: g.nodeCount, edges: g.edgeCount, dropped: g.dropped },
      files: [path.join(out, 'roads.geojson'), path.join(out, 'scenario.json')],
    });
    expect(input.ways).toHaveLength(11);
    expect(summary.bbox).toEqual([118, 26, 118.021, 26.02]); // node 40 (south) is only on the access=no way
    expect(summary.seconds).toBeGreaterThanOrEqual(summary.buildSeconds);
    expect(summary.warnings.join('\n')).toMatch(/missing node 999/);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('gives the same roads from XML as from PBF', async () => {
    await importOsm(xmlFile, { out: path.join(tmp, 'from-xml') });
    await importOsm(pbfFile, { out: path.join(tmp, 'from-pbf') });
    const a = readFileSync(path.join(tmp, 'from-xml', 'roads.geojson'), 'utf8');
    const b = readFileSync(path.join(tmp, 'from-pbf', 'roads.geojson'), 'utf8');
    expect(a).toBe(b);
  });

  it('refuses to overwrite a scenario unless forced', async () => {
    const out = path.join(tmp, 'existing');
    await importOsm(pbfFile, { out });
    await expect(importOsm(pbfFile, { out })).rejects.toThrow(/already contains a scenario.json; use --force/);
    await expect(importOsm(pbfFile, { out, force: true })).resolves.toMatchObject({ ways: 11 });
  });

  it('names the file and the problem when the input is bad', async () => {
    const garbage = path.join(tmp, 'garbage.osm.pbf');
    writeFileSync(garbage, Uint8Array.from({ length: 300 }, (_, i) => (i * 73 + 11) & 0xff));
    const err = await importOsm(garbage, { out: path.join(tmp, 'garbage-out') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OsmParseError);
    expect((err as Error).message).toMatch(/^garbage\.osm\.pbf: blob 0 at byte 0: /);
    expect(existsSync(path.join(tmp, 'garbage-out', 'scenario.json'))).toBe(false);

    const truncated = path.join(tmp, 'truncated.osm');
    const xml = writeOsmXml(OSM_FIXTURE);
    writeFileSync(truncated, xml.slice(0, xml.length / 2));
    await expect(importOsm(truncated, { out: path.join(tmp, 't') })).rejects.toThrow(/^truncated\.osm: line \d+: unexpected end of document/);

    const noRoads = path.join(tmp, 'no-roads.osm');
    writeFileSync(noRoads, '<osm><node id="1" lat="1" lon="1"/></osm>');
    await expect(importOsm(noRoads, { out: path.join(tmp, 'n') })).rejects.toThrow(/no usable roads/);

    const missing = importOsm(path.join(tmp, 'nope.osm'), { out: path.join(tmp, 'm') });
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(importOsm(path.join(tmp, 'nope.osm'), { out: path.join(tmp, 'm') })).rejects.toThrow(/cannot read .*nope\.osm: ENOENT/);
  });

  it('makes a valid scenario name from any directory name', () => {
    expect(scenarioNameFrom('Monaco')).toBe('monaco');
    expect(scenarioNameFrom('My City 2')).toBe('my-city-2');
    expect(scenarioNameFrom('三明')).toBe('osm-import');
  });
});
