// A minimal protocol-buffers wire-format reader, enough for OSM PBF. Every read is bounds-checked
// and throws ProtobufError instead of reading past the end, so truncated or garbage input fails
// fast with a reason rather than looping or producing NaN. 64-bit integers are returned as
// numbers, exact up to 2^53 (OSM ids and coordinates stay far below that).

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;
const utf8 = new TextDecoder('utf-8');

export class ProtoReader {
  pos: number;
  /** field number and wire type of the last tag read by next() */
  field = 0;
  wire = 0;
  // The two 32-bit halves of the last varint read.
  private lo = 0;
  private hi = 0;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** Reads the next field tag; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.end) return false;
    const tag = this.uint32();
    this.field = tag >>> 3;
    this.wire = tag & 7;
    if (this.field === 0) throw new ProtobufError(`invalid field number 0 at byte ${this.pos}`);
    return true;
  }

  /** Skips the value of the field whose tag was just read. */
  skip(): void {
    switch (this.wire) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_BYTES:
        this.advance(this.length());
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${this.wire} for field ${this.field}`);
    }
  }

  uint32(): number {
    this.varint64();
    return this.lo >>> 0;
  }

  int32(): number {
    this.varint64();
    return this.lo | 0;
  }

  /** Unsigned 64-bit varint. */
  uint64(): number {
    this.varint64();
    return this.hi * TWO_32 + (this.lo >>> 0);
  }

  /** Two's-complement 64-bit varint (protobuf int64). */
  int64(): number {
    this.varint64();
    if (this.hi & 0x80000000) return -((~this.hi >>> 0) * TWO_32 + (~this.lo >>> 0) + 1);
    return this.hi * TWO_32 + (this.lo >>> 0);
  }

  /** Zigzag-encoded 64-bit varint (protobuf sint64). */
  sint64(): number {
    this.varint64();
    const magnitude = (this.hi >>> 1) * TWO_32 + (((this.lo >>> 1) | (this.hi << 31)) >>> 0);
    return this.lo & 1 ? -magnitude - 1 : magnitude;
  }

  bool(): boolean {
    return this.uint64() !== 0;
  }

  /** A length-delimited value as a view into the buffer (no copy). */
  bytes(): Uint8Array {
    const n = this.length();
    const start = this.pos;
    this.advance(n);
    return this.buf.subarray(start, start + n);
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** A reader over an embedded message; this reader moves past it. */
  message(): ProtoReader {
    const n = this.length();
    const start = this.pos;
    this.advance(n);
    return new ProtoReader(this.buf, start, start + n);
  }

  /**
   * Appends the values of a repeated integer field to `out`, whether written packed (one
   * length-delimited run) or one value per tag.
   */
  repeated(read: (r: ProtoReader) => number, out: number[]): void {
    if (this.wire !== WIRE_BYTES) {
      out.push(read(this));
      return;
    }
    const n = this.length();
    const stop = this.pos + n;
    if (stop > this.end) throw this.eof(n);
    const inner = new ProtoReader(this.buf, this.pos, stop);
    while (inner.pos < stop) out.push(read(inner));
    this.pos = stop;
  }

  /** Checks that the field just read has the wire type its schema demands. */
  expect(wire: number, what: string): void {
    if (this.wire !== wire) throw new ProtobufError(`${what} (field ${this.field}) has wire type ${this.wire}, expected ${wire}`);
  }

  private length(): number {
    this.varint64();
    if (this.hi !== 0) throw new ProtobufError(`length at byte ${this.pos} is too large`);
    return this.lo;
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw this.eof(n);
    this.pos += n;
  }

  private eof(n: number): ProtobufError {
    return new ProtobufError(`unexpected end of data: ${n} bytes needed at byte ${this.pos}, ${this.end - this.pos} left`);
  }

  private varint64(): void {
    const buf = this.buf;
    const end = this.end;
    let pos = this.pos;
    if (pos >= end) throw this.eof(1);
    let b = buf[pos++];
    if (b < 0x80) {
      // Fast path: most values in OSM data (deltas, string indices) fit one byte.
      this.lo = b;
      this.hi = 0;
      this.pos = pos;
      return;
    }
    let lo = b & 0x7f;
    let hi = 0;
    for (let shift = 7; shift < 28; shift += 7) {
      if (pos >= end) throw this.eof(1);
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.setVarint(lo, 0, pos);
    }
    if (pos >= end) throw this.eof(1);
    b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x70) >> 4;
    if (b < 0x80) return this.setVarint(lo, hi, pos);
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) throw this.eof(1);
      b = buf[pos++];
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return this.setVarint(lo, hi, pos);
    }
    throw new ProtobufError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  private setVarint(lo: number, hi: number, pos: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    this.pos = pos;
  }
}
