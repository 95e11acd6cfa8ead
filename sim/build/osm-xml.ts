// Reads OpenStreetMap XML (.osm) into a RoadInput with the `saxes` streaming parser. All node
// positions are collected while streaming (ways usually come after the nodes they use), then
// the road ways pick the nodes they need. Malformed XML throws OsmParseError with its line.

import { SaxesParser } from 'saxes';
import { OsmParseError } from './osm-error.ts';
import { OsmRoadCollector, type OsmRoads } from './osm-assemble.ts';

const CHUNK_BYTES = 1 << 20;

interface OpenWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}

/** Parses OSM XML (bytes in UTF-8, or text) into road ways and the nodes they use. */
export function parseOsmXml(source: Uint8Array | string): OsmRoads {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const collector = new OsmRoadCollector();
  const nodeId: number[] = [];
  const nodeLon: number[] = [];
  const nodeLat: number[] = [];
  let way: OpenWay | null = null;
  let sawRoot = false;
  let closing = false;

  const fail = (reason: string): never => {
    throw new OsmParseError(`line ${parser.line}: ${reason}`);
  };
  const intAttr = (attrs: Record<string, string>, name: string, tag: string): number => {
    const raw = attrs[name];
    if (raw === undefined) return fail(`<${tag}> has no ${name} attribute`);
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isSafeInteger(v)) return fail(`<${tag}> has invalid ${name} "${raw}"; expected an integer id`);
    return v;
  };
  const coordAttr = (attrs: Record<string, string>, name: 'lat' | 'lon', id: number): number => {
    const raw = attrs[name];
    if (raw === undefined) return fail(`node ${id} has no ${name} attribute`);
    const v = Number(raw);
    const limit = name === 'lat' ? 90 : 180;
    if (raw.trim() === '' || !Number.isFinite(v) || Math.abs(v) > limit) {
      return fail(`node ${id} has invalid ${name} "${raw}"; expected a number in [-${limit}, ${limit}]`);
    }
    return v;
  };
  // Elements an editor marked deleted, or historical deleted versions, are not part of the map.
  const isDeleted = (attrs: Record<string, string>) => attrs.action === 'delete' || attrs.visible === 'false';

  parser.on('error', (err) => {
    // saxes prefixes "line:column: "; keep the line, the reason, and say when input ran out.
    const m = /^(\d+):(\d+): (.*?)\.?$/.exec(err.message);
    const line = m ? m[1] : String(parser.line);
    const reason = m ? m[3] : err.message;
    throw new OsmParseError(closing ? `line ${line}: unexpected end of document (${reason})` : `line ${line}: ${reason}`);
  });

  parser.on('opentag', (tag) => {
    const attrs = tag.attributes;
    if (!sawRoot) {
      sawRoot = true;
      if (tag.name !== 'osm') fail(`root element is <${tag.name}>, expected <osm>`);
      return;
    }
    switch (tag.name) {
      case 'node': {
        if (isDeleted(attrs)) return;
        const id = intAttr(attrs, 'id', 'node');
        nodeId.push(id);
        nodeLat.push(coordAttr(attrs, 'lat', id));
        nodeLon.push(coordAttr(attrs, 'lon', id));
        return;
      }
      case 'way':
        if (isDeleted(attrs)) return;
        way = { id: intAttr(attrs, 'id', 'way'), refs: [], tags: {} };
        return;
      case 'nd':
        if (way) way.refs.push(intAttr(attrs, 'ref', 'nd'));
        return;
      case 'tag':
        if (way) {
          if (attrs.k === undefined || attrs.v === undefined) fail(`<tag> in way ${way.id} needs both k and v attributes`);
          way.tags[attrs.k] = attrs.v;
        }
        return;
    }
  });

  parser.on('closetag', (tag) => {
    if (tag.name === 'way' && way) {
      collector.addWay(way.id, way.refs, way.tags);
      way = null;
    }
  });

  if (source.length === 0) throw new OsmParseError('line 1: the file is empty');
  if (typeof source === 'string') {
    parser.write(source);
  } else {
    // Decode in chunks so a large file is never one huge string; `fatal` rejects bad UTF-8.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let at = 0; at < source.length; at += CHUNK_BYTES) {
      let text: string;
      try {
        text = decoder.decode(source.subarray(at, at + CHUNK_BYTES), { stream: true });
      } catch {
        throw new OsmParseError(`line ${parser.line}: the file is not valid UTF-8 text (near byte ${at})`);
      }
      parser.write(text);
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw new OsmParseError(`line ${parser.line}: the file ends inside a UTF-8 character`);
    }
    parser.write(rest);
  }
  closing = true;
  parser.close();

  for (let i = 0; i < nodeId.length; i++) collector.addNode(nodeId[i], nodeLon[i], nodeLat[i]);
  return collector.finish();
}
