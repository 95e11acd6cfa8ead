import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { EDGE_ROUNDABOUT } from '../graph/road-graph.ts';
import { OsmParseError } from './osm-error.ts';
import { parseOsmXml } from './osm-xml.ts';
import { FIXTURE_WAY_IDS as W, OSM_FIXTURE } from './test-support/osm-fixture.ts';
import { writeOsmXml } from './test-support/write-osm-pbf.ts';

const xml = writeOsmXml(OSM_FIXTURE);

function wayById(r: ReturnType<typeof parseOsmXml>, id: number) {
  const i = r.wayIds.indexOf(id);
  return i < 0 ? undefined : r.input.ways[i];
}

/** The OSM node ids of a way, via sourceId. */
const osmNodes = (r: ReturnType<typeof parseOsmXml>, id: number) => wayById(r, id)?.nodes.map((n) => r.input.sourceId![n]);

function parseError(input: string | Uint8Array): OsmParseError {
  try {
    parseOsmXml(input);
  } catch (err) {
    expect(err).toBeInstanceOf(OsmParseError);
    return err as OsmParseError;
  }
  throw new Error('expected an OsmParseError');
}

describe('parseOsmXml', () => {
  const r = parseOsmXml(xml);

  it('keeps road ways with their attributes', () => {
    expect(wayById(r, W.main)).toMatchObject({ cls: 'residential', oneway: 0, name: 'Main Street', maxSpeedKmh: 30 });
    expect(wayById(r, W.oneway)).toMatchObject({ cls: 'residential', oneway: 1, ebikeContraflow: true, name: '单行路' });
    expect(wayById(r, W.reverse)).toMatchObject({ cls: 'tertiary', oneway: -1 });
    expect(wayById(r, W.footway)).toMatchObject({ cls: 'footway', access: { car: false, ebike: false, foot: true } });
    expect(wayById(r, W.roundabout)).toMatchObject({ cls: 'secondary', oneway: 1, roundabout: true });
    expect(wayById(r, W.toRoundabout)).toMatchObject({ bridge: true });
    expect(wayById(r, W.toRoundabout)?.maxSpeedKmh).toBeCloseTo(48.28, 2);
    expect(wayById(r, W.motorwayOut)).toMatchObject({ cls: 'motorway', oneway: 1, access: { car: true, ebike: false, foot: false } });
    expect(wayById(r, W.footOnly)).toMatchObject({ access: { car: false, ebike: false, foot: true } });
    expect(osmNodes(r, W.roundabout)).toEqual([20, 21, 22, 23, 20]);
    expect(osmNodes(r, W.main)).toEqual([1, 2, 3]);
  });

  it('leaves out non-roads, ways nobody may use and ways left without two nodes', () => {
    for (const id of [W.noAccess, W.construction, W.building, W.missingNode]) expect(wayById(r, id)).toBeUndefined();
    expect(r.stats.skippedReasons).toEqual({ 'no access': 1, 'highway=construction': 1, 'fewer than 2 usable nodes': 1 });
    expect(r.stats.skipped).toBe(3);
    expect(r.stats.missingNodes).toBe(1);
    expect(r.stats.warnings.join('\n')).toMatch(/way 24 references missing node 999/);
  });

  it('keeps only nodes that imported ways use, with their OSM ids', () => {
    const ids = Array.from(r.input.sourceId!).sort((a, b) => a - b);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 30, 31, 32, 41, 50, 51]);
    expect(r.stats.nodes).toBe(16);
    const i = Array.from(r.input.sourceId!).indexOf(22);
    expect([r.input.lon[i], r.input.lat[i]]).toEqual([118.004, 26.0005]);
  });

  it('builds a graph where one-way rules hold and the island is pruned', () => {
    const g = buildRoadGraph(r.input);
    const node = (osmId: number) => Array.from(g.nodeSourceId).indexOf(osmId);
    const carEdge = (a: number, b: number) => {
      for (let e = g.firstOut[node(a)]; e < g.firstOut[node(a) + 1]; e++) if (g.edgeTo[e] === node(b) && g.edgeAccess[e] & 1) return e;
      return -1;
    };
    expect(carEdge(4, 5)).toBeGreaterThanOrEqual(0);
    expect(carEdge(5, 4)).toBe(-1);
    expect(carEdge(6, 3)).toBeGreaterThanOrEqual(0);
    expect(carEdge(3, 6)).toBe(-1);
    expect(carEdge(20, 21)).toBeGreaterThanOrEqual(0);
    expect(carEdge(21, 20)).toBe(-1);
    expect(g.edgeFlags[carEdge(20, 21)] & EDGE_ROUNDABOUT).toBeTruthy();
    expect(carEdge(22, 30)).toBeGreaterThanOrEqual(0);
    expect(g.dropped.car.nodes).toBeGreaterThanOrEqual(2); // the island
    expect(g.nodeAccess[node(50)]).toBe(0);
  });

  it('skips deleted elements and reads bytes as UTF-8', () => {
    const text = xml.replace('<way id="12">', '<way id="12" action="delete">').replace('<way id="13">', '<way id="13" visible="false">');
    const b = parseOsmXml(new TextEncoder().encode(text));
    expect(b.wayIds).not.toContain(12);
    expect(b.wayIds).not.toContain(13);
    expect(wayById(b, W.oneway)?.name).toBe('单行路');
  });
});

describe('parseOsmXml errors', () => {
  it('reports an unclosed tag with its line', () => {
    const bad = xml.replace('<nd ref="2"/>', '<nd ref="2">');
    expect(parseError(bad).message).toMatch(/^line \d+: /);
  });

  it('reports a truncated document as an unexpected end, with its line', () => {
    const half = xml.slice(0, Math.floor(xml.length / 2));
    const lines = half.split('\n').length;
    const err = parseError(half);
    expect(err.message).toMatch(/^line \d+: unexpected end of document/);
    expect(Number(/^line (\d+)/.exec(err.message)![1])).toBe(lines);
  });

  it('reports malformed XML, wrong roots and bad attributes', () => {
    expect(parseError('<osm>\n<node id="1" lat=1 lon="2"/>\n</osm>').message).toMatch(/^line 2: /);
    expect(parseError('<gpx></gpx>').message).toMatch(/root element is <gpx>, expected <osm>/);
    expect(parseError('hello').message).toMatch(/^line 1: /);
    expect(parseError('').message).toMatch(/empty/);
    expect(parseError('<osm>\n\n<node id="1" lat="95" lon="2"/></osm>').message).toBe(
      'line 3: node 1 has invalid lat "95"; expected a number in [-90, 90]',
    );
    expect(parseError('<osm><node id="x" lat="1" lon="2"/></osm>').message).toMatch(/invalid id "x"/);
    expect(parseError('<osm><way id="1"><nd/></way></osm>').message).toMatch(/<nd> has no ref attribute/);
    expect(parseError(new Uint8Array([0x3c, 0x6f, 0x73, 0x6d, 0x3e, 0xff, 0xfe])).message).toMatch(/not valid UTF-8/);
  });

  it('fails cleanly wherever the document is cut', () => {
    // (the document is complete once "</osm>" is in, so stop before it)
    for (let n = 1; n < xml.trimEnd().length; n += 3) {
      const err = parseError(xml.slice(0, n));
      expect(err.message).toMatch(/^line \d+: /);
    }
  });
});
