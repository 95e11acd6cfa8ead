// The socket.io protocol between the live server and its clients. On connect a client gets a
// `snapshot` with a sequence number, then `delta`s numbered one after another; a client that sees
// a gap (or reconnects) asks to `resync` and gets a fresh snapshot. Unit positions travel apart,
// as packed binary `positions` frames that each hold every unit's latest place: a slow client may
// miss some frames (the next one replaces them), never a delta.

import type { CoverageAnswer, UnitView } from './live-schema.ts';

/** One incident as the server shows it (see GET /api/incidents). */
export interface IncidentView {
  id: string;
  createdAt: string;
  updatedAt: string;
  lon: number;
  lat: number;
  category: string;
  priority: number;
  state: string;
  eido: string;
  disposition: string | null;
  units: { unitId: string; part: string }[];
}

/** GeoJSON of the rings, as GET /api/rings. */
export type RingsFeatureCollection = { type: 'FeatureCollection'; features: unknown[] };

export interface Snapshot {
  seq: number;
  at: string;
  /** unit ids in the order positions frames use */
  unitIds: string[];
  units: UnitView[];
  incidents: IncidentView[];
  rings: RingsFeatureCollection | null;
  coverage: CoverageAnswer | null;
}

export type Delta =
  | { seq: number; at: string; kind: 'unit'; unit: UnitView }
  | { seq: number; at: string; kind: 'incident'; incident: IncidentView }
  | { seq: number; at: string; kind: 'rings'; rings: RingsFeatureCollection }
  | { seq: number; at: string; kind: 'coverage'; coverage: CoverageAnswer }
  | { seq: number; at: string; kind: 'clock' };

/**
 * Positions frame: `data` is a Float32Array of POSITION_STRIDE numbers per unit with a fix:
 * index into the snapshot's unitIds, longitude, latitude, speed (m/s, NaN unknown), heading
 * (degrees, NaN unknown). Float32 keeps positions to about a metre.
 */
export interface PositionsFrame {
  frame: number;
  at: string;
  data: ArrayBuffer;
}
export const POSITION_STRIDE = 5;

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  delta: (d: Delta) => void;
  positions: (p: PositionsFrame) => void;
}

export interface ClientToServerEvents {
  /** asks for a fresh snapshot (after a gap in the deltas' sequence) */
  resync: () => void;
}

/**
 * Unpacks a positions frame into (unit index, lon, lat, speed, heading) rows. Browsers receive an
 * ArrayBuffer, Node clients a Buffer (a view on a larger buffer): both are read.
 */
export function readPositions(data: ArrayBuffer | ArrayBufferView): { index: number; lon: number; lat: number; speedMps: number; headingDeg: number }[] {
  const bytes = data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const f = new Float32Array(bytes);
  const out = [];
  for (let i = 0; i + POSITION_STRIDE <= f.length; i += POSITION_STRIDE) out.push({ index: f[i], lon: f[i + 1], lat: f[i + 2], speedMps: f[i + 3], headingDeg: f[i + 4] });
  return out;
}
