import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OsmParseError } from './osm-error.ts';
import { osmFormatFromName, roadInputFromOsmFile, sniffOsmFormat } from './osm-import.ts';
import { OSM_FIXTURE } from './test-support/osm-fixture.ts';
import { writeOsmPbf, writeOsmXml } from './test-support/write-osm-pbf.ts';

const xml = new TextEncoder().encode(writeOsmXml(OSM_FIXTURE));
const pbf = writeOsmPbf(OSM_FIXTURE);

describe('roadInputFromOsmFile', () => {
  it('tells the format from the content first, then from the name', () => {
    expect(sniffOsmFormat(xml)).toBe('xml');
    expect(sniffOsmFormat(new TextEncoder().encode('\uFEFF  \n<osm/>'))).toBe('xml');
    expect(sniffOsmFormat(pbf)).toBe('pbf');
    expect(sniffOsmFormat(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(osmFormatFromName('city.osm.pbf')).toBe('pbf');
    expect(osmFormatFromName('City.PBF')).toBe('pbf');
    expect(osmFormatFromName('city.osm')).toBe('xml');
    expect(osmFormatFromName('city.osm.xml')).toBe('xml');
    expect(osmFormatFromName('city.osm.gz')).toBe('xml');
    expect(osmFormatFromName('city.json')).toBeNull();
  });

  it('reads XML and PBF alike, whatever the file is called', () => {
    const a = roadInputFromOsmFile(xml, 'misnamed.osm.pbf');
    const b = roadInputFromOsmFile(pbf, 'misnamed.osm');
    expect(a.stats.format).toBe('xml');
    expect(b.stats.format).toBe('pbf');
    expect(b.input).toEqual(a.input);
    expect(a.stats).toMatchObject({ ways: 11, nodes: 16, skipped: 3 });
  });

  it('reads gzipped files and rejects what it cannot read', () => {
    expect(roadInputFromOsmFile(gzipSync(xml), 'city.osm.gz').stats.ways).toBe(11);
    expect(() => roadInputFromOsmFile(new Uint8Array(), 'city.osm')).toThrow(OsmParseError);
    expect(() => roadInputFromOsmFile(new TextEncoder().encode('BZh91AY'), 'city.osm.bz2')).toThrow(/bzip2/);
    expect(() => roadInputFromOsmFile(new Uint8Array([1, 2, 3, 4, 5]), 'city.bin')).toThrow(/not an OpenStreetMap file/);
    expect(() => roadInputFromOsmFile(new Uint8Array([0x1f, 0x8b, 0, 0]), 'city.osm.gz')).toThrow(/gzip data is corrupt/);
  });
});
