// Test helper: encodes a small OSM data set as .osm.pbf (and as .osm XML), so tests generate
// their fixtures instead of committing binary files. The protobuf encoding is written by hand
// (BigInt varints, node:zlib deflate); options vary the encodings a reader must cope with.

import { deflateSync } from 'node:zlib';

export interface FixtureNode {
  id: number;
  lon: number;
  lat: number;
  tags?: Record<string, string>;
}
export interface FixtureWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}
export interface FixtureRelation {
  id: number;
  members: { type: 'node' | 'way' | 'relation'; ref: number; role: string }[];
  tags: Record<string, string>;
}
export interface OsmFixture {
  nodes: FixtureNode[];
  ways: FixtureWay[];
  relations?: FixtureRelation[];
}

export interface WritePbfOptions {
  /** DenseNodes (default) or plain Node messages */
  dense?: boolean;
  /** zlib-compressed blobs (default) or raw ones */
  compress?: boolean;
  /** nanodegrees per coordinate unit (default 100) */
  granularity?: number;
  /** block offsets in nanodegrees (default 0) */
  latOffset?: number;
  lonOffset?: number;
  /** elements per PrimitiveBlock (default: all in one block per element type) */
  blockSize?: number;
  /** write way blocks before node blocks */
  waysFirst?: boolean;
  requiredFeatures?: string[];
}

class Writer {
  private readonly parts: number[] = [];

  varint(v: number | bigint): this {
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.parts.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.parts.push(Number(n));
    return this;
  }
  sint(v: number): this {
    const n = BigInt(v);
    return this.varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }
  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  uintField(field: number, v: number): this {
    return this.tag(field, 0).varint(v);
  }
  sintField(field: number, v: number): this {
    return this.tag(field, 0).sint(v);
  }
  packed(field: number, values: number[], signed: boolean): this {
    const inner = new Writer();
    for (const v of values) if (signed) inner.sint(v); else inner.varint(v);
    return this.bytes(field, inner.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const deltas = (xs: number[]) => xs.map((x, i) => (i === 0 ? x : x - xs[i - 1]));

function frame(type: string, payload: Uint8Array, compress: boolean): Uint8Array {
  const blob = new Writer();
  if (compress) blob.uintField(2, payload.length).bytes(3, deflateSync(payload));
  else blob.bytes(1, payload);
  const blobBytes = blob.finish();
  const header = new Writer().string(1, type).uintField(3, blobBytes.length).finish();
  const out = new Uint8Array(4 + header.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  out.set(blobBytes, 4 + header.length);
  return out;
}

/** Encodes the fixture as an OSM PBF file. */
export function writeOsmPbf(data: OsmFixture, opts: WritePbfOptions = {}): Uint8Array {
  const compress = opts.compress ?? true;
  const granularity = opts.granularity ?? 100;
  const latOffset = opts.latOffset ?? 0;
  const lonOffset = opts.lonOffset ?? 0;
  const blobs: Uint8Array[] = [];

  const header = new Writer();
  for (const f of opts.requiredFeatures ?? ['OsmSchema-V0.6', ...(opts.dense === false ? [] : ['DenseNodes'])]) header.string(4, f);
  header.string(16, 'xunfang-test');
  blobs.push(frame('OSMHeader', header.finish(), compress));

  // One PrimitiveBlock: its own string table, one group, and the coordinate frame.
  const block = (fill: (group: Writer, str: (s: string) => number) => void): Uint8Array => {
    const strings = [''];
    const index = new Map<string, number>([['', 0]]);
    const str = (s: string) => {
      let i = index.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        index.set(s, i);
      }
      return i;
    };
    const group = new Writer();
    fill(group, str);
    const table = new Writer();
    for (const s of strings) table.string(1, s);
    const w = new Writer().bytes(1, table.finish()).bytes(2, group.finish());
    if (granularity !== 100) w.uintField(17, granularity);
    if (latOffset !== 0) w.tag(19, 0).varint(latOffset);
    if (lonOffset !== 0) w.tag(20, 0).varint(lonOffset);
    return w.finish();
  };
  const raw = (deg: number, offset: number) => {
    const units = (Math.round(deg * 1e9) - offset) / granularity;
    if (!Number.isInteger(units)) throw new Error(`coordinate ${deg} is not representable at granularity ${granularity}`);
    return units;
  };
  const chunks = <T>(xs: T[]): T[][] => {
    const size = opts.blockSize ?? Math.max(1, xs.length);
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
    return out;
  };

  const nodeBlobs = chunks(data.nodes).map((nodes) =>
    block((group, str) => {
      if (opts.dense === false) {
        for (const n of nodes) {
          const m = new Writer().sintField(1, n.id);
          const tags = Object.entries(n.tags ?? {});
          if (tags.length) m.packed(2, tags.map(([k]) => str(k)), false).packed(3, tags.map(([, v]) => str(v)), false);
          m.sintField(8, raw(n.lat, latOffset)).sintField(9, raw(n.lon, lonOffset));
          group.bytes(1, m.finish());
        }
        return;
      }
      const d = new Writer()
        .packed(1, deltas(nodes.map((n) => n.id)), true)
        .packed(8, deltas(nodes.map((n) => raw(n.lat, latOffset))), true)
        .packed(9, deltas(nodes.map((n) => raw(n.lon, lonOffset))), true);
      if (nodes.some((n) => n.tags && Object.keys(n.tags).length > 0)) {
        const kv: number[] = [];
        for (const n of nodes) {
          for (const [k, v] of Object.entries(n.tags ?? {})) kv.push(str(k), str(v));
          kv.push(0);
        }
        d.packed(10, kv, false);
      }
      group.bytes(2, d.finish());
    }),
  );
  const wayBlobs = chunks(data.ways).map((ways) =>
    block((group, str) => {
      for (const w of ways) {
        const tags = Object.entries(w.tags);
        const m = new Writer().uintField(1, w.id);
        if (tags.length) m.packed(2, tags.map(([k]) => str(k)), false).packed(3, tags.map(([, v]) => str(v)), false);
        m.packed(8, deltas(w.refs), true);
        group.bytes(3, m.finish());
      }
    }),
  );
  const relationBlobs = chunks(data.relations ?? []).map((rels) =>
    block((group, str) => {
      for (const r of rels) {
        const tags = Object.entries(r.tags);
        const m = new Writer().uintField(1, r.id);
        if (tags.length) m.packed(2, tags.map(([k]) => str(k)), false).packed(3, tags.map(([, v]) => str(v)), false);
        m.packed(8, r.members.map((x) => str(x.role)), false)
          .packed(9, deltas(r.members.map((x) => x.ref)), true)
          .packed(10, r.members.map((x) => ['node', 'way', 'relation'].indexOf(x.type)), false);
        group.bytes(4, m.finish());
      }
    }),
  );
  const order = opts.waysFirst ? [...wayBlobs, ...nodeBlobs] : [...nodeBlobs, ...wayBlobs];
  for (const b of [...order, ...relationBlobs]) blobs.push(frame('OSMData', b, compress));

  const out = new Uint8Array(blobs.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const tagLines = (tags: Record<string, string> | undefined) =>
  Object.entries(tags ?? {}).map(([k, v]) => `    <tag k="${esc(k)}" v="${esc(v)}"/>`);

/** The same fixture as OSM XML text (one element per line, like the OSM API writes it). */
export function writeOsmXml(data: OsmFixture): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="xunfang-test">'];
  for (const n of data.nodes) {
    const tags = tagLines(n.tags);
    const open = `  <node id="${n.id}" lat="${n.lat}" lon="${n.lon}"`;
    if (tags.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...tags, '  </node>');
  }
  for (const w of data.ways) {
    lines.push(`  <way id="${w.id}">`, ...w.refs.map((r) => `    <nd ref="${r}"/>`), ...tagLines(w.tags), '  </way>');
  }
  for (const r of data.relations ?? []) {
    lines.push(
      `  <relation id="${r.id}">`,
      ...r.members.map((m) => `    <member type="${m.type}" ref="${m.ref}" role="${esc(m.role)}"/>`),
      ...tagLines(r.tags),
      '  </relation>',
    );
  }
  lines.push('</osm>', '');
  return lines.join('\n');
}
