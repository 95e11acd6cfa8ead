// Entry point for OSM road data: picks the XML or PBF reader from the file's content (falling
// back to its extension) and returns the RoadInput with import statistics.

import { gunzipSync } from 'node:zlib';
import type { RoadInput } from '../graph/road-input.ts';
import { OsmParseError } from './osm-error.ts';
import type { OsmImportStats } from './osm-assemble.ts';
import { parseOsmPbf } from './osm-pbf.ts';
import { parseOsmXml } from './osm-xml.ts';

export type OsmFormat = 'xml' | 'pbf';

export interface OsmFileResult {
  input: RoadInput;
  /** OSM way id of each RoadInput way */
  wayIds: number[];
  stats: OsmImportStats & { format: OsmFormat };
}

/** Format by file name: .osm / .osm.xml / .xml are XML, .osm.pbf / .pbf are PBF. */
export function osmFormatFromName(fileName: string): OsmFormat | null {
  const name = fileName.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.pbf')) return 'pbf';
  if (name.endsWith('.osm') || name.endsWith('.xml')) return 'xml';
  return null;
}

/**
 * Format by content: XML starts with "<" (after an optional byte-order mark and whitespace); a
 * PBF starts with a 4-byte length and a BlobHeader whose type string is "OSMHeader".
 */
export function sniffOsmFormat(bytes: Uint8Array): OsmFormat | null {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] === 0x3c) return 'xml';
  const head = new TextDecoder('latin1').decode(bytes.subarray(4, 24));
  if (head.includes('OSMHeader')) return 'pbf';
  return null;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isBzip2 = (b: Uint8Array) => b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68;

/**
 * Reads an OSM file (.osm XML or .osm.pbf, optionally gzipped) into a RoadInput. `fileName` only
 * helps tell the format; errors (OsmParseError) do not repeat it, callers add it.
 */
export function roadInputFromOsmFile(bytes: Uint8Array, fileName: string): OsmFileResult {
  let data = bytes;
  if (isBzip2(data)) throw new OsmParseError(`bzip2-compressed files are not supported; decompress it first (bunzip2)`);
  if (isGzip(data)) {
    try {
      data = gunzipSync(data);
    } catch (err) {
      throw new OsmParseError(`gzip data is corrupt (${(err as Error).message})`);
    }
  }
  if (data.length === 0) throw new OsmParseError('the file is empty');
  const format = sniffOsmFormat(data) ?? osmFormatFromName(fileName);
  if (format === null) {
    throw new OsmParseError(`not an OpenStreetMap file (expected .osm XML or .osm.pbf content)`);
  }
  const result = format === 'xml' ? parseOsmXml(data) : parseOsmPbf(data);
  return { ...result, stats: { format, ...result.stats } };
}
