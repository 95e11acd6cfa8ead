// The realtime feed (socket.io on the same HTTP server): a snapshot on connect and on request,
// then numbered deltas for units' states, incidents, rings, coverage and the clock, and packed
// binary position frames. Positions go out volatile: a client whose connection is backed up
// skips frames (each holds every unit's latest place), while deltas are always delivered.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, Delta, IncidentView, PositionsFrame, ServerToClientEvents, Snapshot } from '../../shared/realtime.ts';
import { POSITION_STRIDE } from '../../shared/realtime.ts';
import { VIEW } from '../auth/roles.ts';
import { coverageView } from './rings.ts';
import { unitView } from './units.ts';

export interface RealtimeOptions {
  /** ms between position frames (default 1000) */
  positionsEveryMs?: number;
}

type Io = Server<ClientToServerEvents, ServerToClientEvents>;
/** A delta before it is numbered and timed (each member of the union without seq and at). */
type DeltaBody = Delta extends unknown ? (Delta extends infer D ? (D extends unknown ? Omit<D, 'seq' | 'at'> : never) : never) : never;

declare module 'fastify' {
  interface FastifyInstance {
    io: Io;
  }
}

// Shared (fastify-plugin): the socket.io server is also the feed namespace's (feed-socket.ts).
export default fp(async function realtime(app: FastifyInstance, opts: RealtimeOptions) {
  const io: Io = new Server(app.server, { serveClient: false, cors: { origin: false } });
  app.decorate('io', io);
  const units = app.live.units;
  const ids = units.all().map((u) => u.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  let seq = 0, frame = 0, ringsVersion = -1;
  const iso = () => new Date(units.clock()).toISOString();

  const snapshot = (): Snapshot => {
    const now = units.clock(), s = app.rings.latest();
    return {
      seq,
      at: iso(),
      unitIds: ids,
      units: units.all().map((u) => unitView(u, units, now)),
      incidents: app.incidents.list() as IncidentView[],
      rings: s ? (s.rings.geojson as Snapshot['rings']) : null,
      coverage: s ? coverageView(app.rings, s, app.patrol) : null,
    };
  };
  const send = (d: DeltaBody) => io.to('live').emit('delta', { ...d, seq: ++seq, at: iso() } as Delta);

  // Only roles that may see the city connect; the token comes in the handshake's auth.
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    const who = typeof token === 'string' ? app.tokens.lookup(token) : null;
    if (!who) return next(new Error('unauthorized: send auth: { token }'));
    if (who.role !== 'admin' && !VIEW.includes(who.role)) return next(new Error(`forbidden: role ${who.role} may not watch the live feed`));
    next();
  });
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    void socket.join('live');
    socket.emit('snapshot', snapshot());
    socket.emit('positions', positionsFrame());
    socket.on('resync', () => socket.emit('snapshot', snapshot()));
  });

  const stopUnits = units.statusChanged.add((u) => send({ kind: 'unit', unit: unitView(u, units, units.clock()) }));
  const stopIncidents = app.incidents.changed.add((inc) => send({ kind: 'incident', incident: app.incidents.view(inc) as IncidentView }));

  function positionsFrame(): PositionsFrame {
    const all = units.all().filter((u) => u.fix);
    const f = new Float32Array(all.length * POSITION_STRIDE);
    all.forEach((u, i) => {
      const fix = u.fix;
      if (fix) f.set([index.get(u.id) ?? -1, fix.lon, fix.lat, fix.speedMps ?? NaN, fix.headingDeg ?? NaN], i * POSITION_STRIDE);
    });
    return { frame: ++frame, at: iso(), data: f.buffer };
  }

  let lastVersions = '';
  const tick = () => {
    const versions = units.all().map((u) => u.version).join(',');
    if (versions !== lastVersions) {
      lastVersions = versions;
      io.to('live').volatile.emit('positions', positionsFrame());
    }
    const s = app.rings.latest();
    if (s && s.version !== ringsVersion) {
      ringsVersion = s.version;
      send({ kind: 'rings', rings: s.rings.geojson as NonNullable<Snapshot['rings']> });
      send({ kind: 'coverage', coverage: coverageView(app.rings, s, app.patrol) });
    }
  };
  const timer = setInterval(tick, opts.positionsEveryMs ?? 1000);
  timer.unref();
  const clock = setInterval(() => send({ kind: 'clock' }), 10_000);
  clock.unref();
  // Sockets go first, so the HTTP server can close; then socket.io itself.
  app.addHook('preClose', async () => {
    clearInterval(timer);
    clearInterval(clock);
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    stopUnits();
    stopIncidents();
    void io.close();
  });
});
