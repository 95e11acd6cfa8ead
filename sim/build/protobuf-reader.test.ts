import { describe, expect, it } from 'vitest';
import { ProtoReader, ProtobufError } from './protobuf-reader.ts';

const reader = (...bytes: number[]) => new ProtoReader(Uint8Array.from(bytes));
const TEN_FF = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

describe('ProtoReader', () => {
  it('decodes varints of every width', () => {
    expect(reader(0x00).uint64()).toBe(0);
    expect(reader(0x96, 0x01).uint64()).toBe(150);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).uint64()).toBe(2 ** 32 - 1);
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x10).uint64()).toBe(2 ** 32);
    // 2^53 - 1, the largest exact integer
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f).uint64()).toBe(2 ** 53 - 1);
  });

  it('decodes negative int64 and int32 (ten-byte two\'s complement)', () => {
    expect(reader(...TEN_FF).int64()).toBe(-1);
    expect(reader(...TEN_FF).int32()).toBe(-1);
    // -2^40
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0xe0, 0xff, 0xff, 0xff, 0x01).int64()).toBe(-(2 ** 40));
  });

  it('decodes zigzag sint64', () => {
    expect(reader(0x00).sint64()).toBe(0);
    expect(reader(0x01).sint64()).toBe(-1);
    expect(reader(0x02).sint64()).toBe(1);
    expect(reader(0x03).sint64()).toBe(-2);
    // 12345678901 (an OSM node id beyond 32 bits) zigzags to 24691357802
    expect(reader(0xea, 0xf0, 0xe0, 0xfd, 0x5b).sint64()).toBe(12345678901);
    expect(reader(0xe9, 0xf0, 0xe0, 0xfd, 0x5b).sint64()).toBe(-12345678901);
  });

  it('reads packed and unpacked repeated fields', () => {
    const packed = reader(0x0a, 0x03, 0x01, 0x02, 0x03);
    const out: number[] = [];
    packed.next();
    packed.repeated((r) => r.uint32(), out);
    const single = reader(0x08, 0x07);
    single.next();
    single.repeated((r) => r.uint32(), out);
    expect(out).toEqual([1, 2, 3, 7]);
  });

  it('throws ProtobufError instead of reading past the end', () => {
    expect(() => reader(0x96).uint64()).toThrow(ProtobufError);
    expect(() => reader(0x0a, 0x05, 0x01).bytes()).toThrow(/unexpected end of data/);
    expect(() => reader(...TEN_FF.slice(0, 9), 0xff, 0x01).uint64()).toThrow(/longer than 10 bytes/);
    const r = reader(0x0f, 0x00);
    r.next();
    expect(() => r.skip()).toThrow(/unsupported wire type 7/);
    expect(() => reader(0x00).next()).toThrow(/field number 0/);
  });
});
