import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { OsmRoadCollector, type OsmRoads } from './osm-assemble.ts';
import { OsmParseError } from './osm-error.ts';
import { parseOsmPbf } from './osm-pbf.ts';
import { parseOsmXml } from './osm-xml.ts';
import { ProtoReader } from './protobuf-reader.ts';
import { FIXTURE_WAY_IDS as W, OSM_FIXTURE } from './test-support/osm-fixture.ts';
import { writeOsmPbf, writeOsmXml, type WritePbfOptions } from './test-support/write-osm-pbf.ts';

// tiny-osmpbf serves as an independent decoder: it checks our test writer, and our reader
// against it (it is only given well-formed files: it loops forever on truncated ones).
interface TinyElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  nodes?: number[];
  tags: Record<string, string>;
}
const tinyOsmPbf = createRequire(import.meta.url)('tiny-osmpbf') as (buf: Buffer) => { elements: TinyElement[] };

/** Road input built from tiny-osmpbf's decoding, through the same assembly as ours. */
function referenceRoads(bytes: Uint8Array): OsmRoads {
  const { elements } = tinyOsmPbf(Buffer.from(bytes));
  const c = new OsmRoadCollector();
  for (const e of elements) if (e.type === 'way') c.addWay(e.id, e.nodes ?? [], e.tags);
  for (const e of elements) if (e.type === 'node') c.addNode(e.id, e.lon!, e.lat!);
  return c.finish();
}

function parseError(bytes: Uint8Array): OsmParseError {
  try {
    parseOsmPbf(bytes);
  } catch (err) {
    if (!(err instanceof OsmParseError)) throw err;
    return err;
  }
  throw new Error('expected an OsmParseError');
}

/** Deterministic pseudo-random bytes (LCG), so failures can be replayed. */
function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const VARIANTS: [string, WritePbfOptions][] = [
  ['dense, zlib', {}],
  ['plain nodes, raw blobs', { dense: false, compress: false }],
  ['coarse granularity with offsets', { granularity: 1000, latOffset: 25_000_000_000, lonOffset: -1_000_000_000 }],
  ['many small blocks, ways first', { blockSize: 2, waysFirst: true }],
];

describe('test writer', () => {
  it('writes files that an independent decoder reads back', () => {
    for (const [, opts] of VARIANTS) {
      const { elements } = tinyOsmPbf(Buffer.from(writeOsmPbf(OSM_FIXTURE, opts)));
      const nodes = elements.filter((e) => e.type === 'node');
      const ways = elements.filter((e) => e.type === 'way');
      expect(nodes.map((n) => [n.id, n.lon, n.lat])).toEqual(OSM_FIXTURE.nodes.map((n) => [n.id, expect.closeTo(n.lon, 9), expect.closeTo(n.lat, 9)]));
      expect(ways.map((w) => [w.id, w.nodes, w.tags])).toEqual(OSM_FIXTURE.ways.map((w) => [w.id, w.refs, w.tags]));
      expect(elements.filter((e) => e.type === 'relation')).toHaveLength(1);
    }
  });
});

describe('parseOsmPbf', () => {
  const fromXml = parseOsmXml(writeOsmXml(OSM_FIXTURE));

  for (const [name, opts] of VARIANTS) {
    it(`gives the same road input as the XML of the same data (${name})`, () => {
      const fromPbf = parseOsmPbf(writeOsmPbf(OSM_FIXTURE, opts));
      expect(fromPbf.input).toEqual(fromXml.input);
      expect(fromPbf.wayIds).toEqual(fromXml.wayIds);
      expect(fromPbf.stats).toEqual(fromXml.stats);
    });
  }

  it('agrees with the independent decoder', () => {
    const bytes = writeOsmPbf(OSM_FIXTURE);
    expect(parseOsmPbf(bytes)).toEqual(referenceRoads(bytes));
  });

  it('reads the fixture cases', () => {
    const r = parseOsmPbf(writeOsmPbf(OSM_FIXTURE));
    const way = (id: number) => r.input.ways[r.wayIds.indexOf(id)];
    expect(way(W.oneway)).toMatchObject({ oneway: 1 });
    expect(way(W.reverse)).toMatchObject({ oneway: -1 });
    expect(way(W.roundabout)).toMatchObject({ oneway: 1, roundabout: true });
    expect(way(W.footway)).toMatchObject({ cls: 'footway', access: { car: false, ebike: false, foot: true } });
    expect(way(W.motorwayBack)).toMatchObject({ cls: 'motorway', oneway: 1, maxSpeedKmh: 100 });
    expect(way(W.main)).toMatchObject({ maxSpeedKmh: 30 });
    expect(r.wayIds).not.toContain(W.noAccess);
    expect(r.wayIds).toContain(W.island);
    expect(r.stats.waysByClass).toEqual({ residential: 3, tertiary: 2, footway: 1, secondary: 2, motorway: 2, service: 1 });
    const g = buildRoadGraph(r.input);
    expect(g.dropped.car.components).toBe(1);
    expect(g.dropped.car.nodes).toBe(2);
  });

  it('rejects unsupported required features and compressions', () => {
    const bytes = writeOsmPbf(OSM_FIXTURE, { requiredFeatures: ['OsmSchema-V0.6', 'HistoricalInformation'] });
    expect(parseError(bytes).message).toMatch(/blob 0 at byte 0 \(OSMHeader\): unsupported required feature "HistoricalInformation"/);
  });
});

describe('parseOsmPbf on broken input', () => {
  const good = writeOsmPbf(OSM_FIXTURE);

  it('reports a file cut in half as truncated', () => {
    const err = parseError(good.subarray(0, Math.floor(good.length / 2)));
    expect(err.message).toMatch(/^blob \d+ at byte \d+: the file is truncated/);
  });

  it('fails cleanly wherever the file is cut, except between blobs', () => {
    // PBF has no end marker: a file cut exactly between two blobs is a valid, shorter file.
    const boundaries = new Set<number>();
    const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
    for (let at = 0; at < good.length; ) {
      const headerLen = view.getUint32(at);
      let dataSize = 0;
      const h = new ProtoReader(good, at + 4, at + 4 + headerLen);
      while (h.next()) {
        if (h.field === 3) dataSize = h.int32();
        else h.skip();
      }
      at += 4 + headerLen + dataSize;
      boundaries.add(at);
    }
    for (let n = 1; n < good.length; n++) {
      if (boundaries.has(n)) expect(parseOsmPbf(good.subarray(0, n)).stats.ways).toBeLessThanOrEqual(11);
      else expect(parseError(good.subarray(0, n)).message).toMatch(/^blob \d+ at byte \d+/);
    }
  });

  it('rejects garbage and empty input', () => {
    expect(parseError(new Uint8Array()).message).toMatch(/empty/);
    expect(parseError(new TextEncoder().encode('<osm></osm>')).message).toMatch(/not an OSM PBF file/);
    for (let seed = 1; seed <= 200; seed++) {
      const err = parseError(pseudoRandomBytes(16 + ((seed * 37) % 4000), seed));
      expect(err.message.length).toBeGreaterThan(10);
    }
  });

  it('never fails with anything but OsmParseError when single bytes are corrupted', () => {
    for (const compress of [true, false]) {
      const bytes = writeOsmPbf(OSM_FIXTURE, { compress });
      for (let i = 0; i < bytes.length; i++) {
        for (const flip of [0x01, 0xff]) {
          const bad = bytes.slice();
          bad[i] ^= flip;
          try {
            parseOsmPbf(bad);
          } catch (err) {
            if (!(err instanceof OsmParseError)) throw new Error(`byte ${i} ^ ${flip}: ${String(err)}`);
          }
        }
      }
    }
  });
});

const MONACO = fileURLToPath(new URL('../../../shared/data/monaco.osm.pbf', import.meta.url));

describe.skipIf(!existsSync(MONACO))('Monaco extract (outside the repository, when present)', () => {
  it('matches the independent decoder and builds a plausible graph', () => {
    // Read inside the test: a skipped describe still runs its body to collect tests.
    const bytes = readFileSync(MONACO);
    const r = parseOsmPbf(bytes);
    expect(r).toEqual(referenceRoads(bytes));
    expect(r.stats.ways).toBeGreaterThan(1000);
    expect(r.stats.waysByClass.primary).toBeGreaterThan(100);
    const g = buildRoadGraph(r.input);
    expect(g.nodeCount).toBeGreaterThan(5000);
    expect(g.dropped.car.nodes).toBeLessThan(g.nodeCount * 0.2);
  });
});
